import { Module } from '@nestjs/common';
import { MenuModule } from '@/menu/menu.module';
import { OrdersModule } from '@/orders/orders.module';
import { DashboardApiController } from './dashboard-api.controller';
import { DashboardAuthGuard } from './dashboard-auth.guard';
import { DashboardAuthService } from './dashboard-auth.service';
import { LoginLimiter } from './login-limiter';
import { DashboardEventsSource, OrderStreamDashboardEventsSource } from './dashboard-events.source';
import { DashboardPagesController } from './dashboard-pages.controller';
import { DashboardStreams } from './dashboard-streams.service';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [OrdersModule, MenuModule],
  controllers: [DashboardPagesController, DashboardApiController],
  providers: [
    LoginLimiter,
    DashboardAuthService,
    DashboardAuthGuard,
    DashboardService,
    DashboardStreams,
    { provide: DashboardEventsSource, useClass: OrderStreamDashboardEventsSource },
  ],
})
export class DashboardModule {}
