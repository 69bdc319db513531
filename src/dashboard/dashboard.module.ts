import { Module } from '@nestjs/common';
import { AccountsModule } from '@/accounts/accounts.module.js';
import { ExportModule } from '@/export/export.module.js';
import { MenuModule } from '@/menu/menu.module.js';
import { OrdersModule } from '@/orders/orders.module.js';
import { RefundsModule } from '@/payments/refunds.module.js';
import { ReportsModule } from '@/reports/reports.module.js';
import { SchedulingModule } from '@/scheduling/scheduling.module.js';
import { VoiceModule } from '@/voice/voice.module.js';
import { DashboardAccountsController } from './dashboard-accounts.controller.js';
import { DashboardApiController } from './dashboard-api.controller.js';
import { DashboardAuthGuard } from './dashboard-auth.guard.js';
import { DashboardAuthService } from './dashboard-auth.service.js';
import { LoginFailuresRepository } from './login-failures.repository.js';
import { LoginLimiter } from './login-limiter.js';
import { DashboardEventsSource, OrderStreamDashboardEventsSource } from './dashboard-events.source.js';
import { DashboardOrdering } from './dashboard-ordering.service.js';
import { DashboardPagesController } from './dashboard-pages.controller.js';
import { DashboardReportsController } from './dashboard-reports.controller.js';
import { DashboardStreams } from './dashboard-streams.service.js';
import { DashboardService } from './dashboard.service.js';
import { RevokedSessionsRepository } from './revoked-sessions.repository.js';

/** The staff page shows the features (orders, menu, export, calls, refunds, the pause switch, reports), so it imports their modules; they never import it. */
@Module({
  imports: [AccountsModule, OrdersModule, MenuModule, ExportModule, VoiceModule, RefundsModule, SchedulingModule, ReportsModule],
  controllers: [DashboardPagesController, DashboardApiController, DashboardAccountsController, DashboardReportsController],
  providers: [
    LoginFailuresRepository,
    RevokedSessionsRepository,
    LoginLimiter,
    DashboardAuthService,
    DashboardAuthGuard,
    DashboardService,
    DashboardOrdering,
    DashboardStreams,
    { provide: DashboardEventsSource, useClass: OrderStreamDashboardEventsSource },
  ],
})
export class DashboardModule {}
