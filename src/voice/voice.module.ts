import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterEventsModule } from '@/cluster-events/cluster-events.module.js';
import { GeoModule } from '@/geo/geo.module.js';
import { MenuModule } from '@/menu/menu.module.js';
import { OrdersModule } from '@/orders/orders.module.js';
import { SchedulingModule } from '@/scheduling/scheduling.module.js';
import { AssistantService } from './assistant/assistant.service.js';
import { CallsDashboardProvider } from './calls-dashboard.provider.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { VoiceCall } from './entities/voice-call.entity.js';
import { VoiceToolsService } from './tools/voice-tools.service.js';
import { VapiAuthGuard } from './vapi-auth.guard.js';
import { VapiWebhookController } from './vapi-webhook.controller.js';
import { VapiWebhookService } from './vapi-webhook.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([VoiceCall]), ClusterEventsModule, OrdersModule, MenuModule, GeoModule, SchedulingModule],
  controllers: [VapiWebhookController, CallsController],
  providers: [
    VapiWebhookService,
    AssistantService,
    VoiceToolsService,
    CallsRepository,
    CallsService,
    VapiAuthGuard,
    CallsDashboardProvider,
  ],
  exports: [CallsService, CallsDashboardProvider],
})
export class VoiceModule {}
