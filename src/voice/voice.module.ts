import { DashboardCallsProvider } from '@/dashboard/dashboard-integrations';
import { CallsDashboardProvider } from './calls-dashboard.provider';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GeoModule } from '@/geo/geo.module';
import { MenuModule } from '@/menu/menu.module';
import { OrdersModule } from '@/orders/orders.module';
import { AssistantService } from './assistant/assistant.service';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';
import { VoiceCall } from './entities/voice-call.entity';
import { VoiceToolsService } from './tools/voice-tools.service';
import { VapiAuthGuard } from './vapi-auth.guard';
import { VapiWebhookController } from './vapi-webhook.controller';
import { VapiWebhookService } from './vapi-webhook.service';

@Module({
  imports: [TypeOrmModule.forFeature([VoiceCall]), OrdersModule, MenuModule, GeoModule],
  controllers: [VapiWebhookController, CallsController],
  providers: [
    VapiWebhookService,
    AssistantService,
    VoiceToolsService,
    CallsService,
    VapiAuthGuard,
    { provide: DashboardCallsProvider, useClass: CallsDashboardProvider },
  ],
  exports: [CallsService, DashboardCallsProvider],
})
export class VoiceModule {}
