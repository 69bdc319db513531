import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '@/common/clock.js';
import { appConfig } from '@/config/app.config.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { voiceConfig } from '@/config/voice.config.js';
import { DeliveryService } from '@/geo/delivery.service.js';
import { MenuService } from '@/menu/menu.service.js';
import { OrderingStateService } from '@/scheduling/ordering-state.service.js';
import { buildAssistant, DEFAULT_DELIVERY_RULES, vapiServer } from './assistant-builder.js';

/** A delivery service that can say its zones, fees and minimums in words (the geo module's may). */
interface DescribesRules {
  describeRules(): string | Promise<string>;
}

/**
 * Answers `assistant-request` with a transient assistant. The menu is read on every request (one indexed
 * query, a few ms) rather than cached, so an availability change shows up on the next call in every API
 * process, not only the one where staff made the edit. The pause switch is read too (from memory, shared by every
 * replica): a paused restaurant's assistant says so, and when orders start again, before any tool is called.
 */
@Injectable()
export class AssistantService {
  constructor(
    private readonly menu: MenuService,
    private readonly delivery: DeliveryService,
    private readonly clock: Clock,
    private readonly ordering: OrderingStateService,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
    @Inject(voiceConfig.KEY) private readonly voice: ConfigType<typeof voiceConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
  ) {}

  async forCall(callerPhone: string | null, now = this.clock.now()) {
    const [menu, deliveryRules, state] = await Promise.all([this.menu.list(true), this.deliveryRules(), this.ordering.current()]);
    return buildAssistant({
      restaurant: this.restaurant,
      voice: this.voice,
      server: vapiServer(this.voice, this.app.publicBaseUrl, { revealSecret: true }),
      menu,
      deliveryRules,
      callerPhone,
      now,
      ordering: { paused: state.paused, resumesAt: state.resumesAt ? new Date(state.resumesAt) : null },
    });
  }

  private async deliveryRules(): Promise<string> {
    const describe = (this.delivery as Partial<DescribesRules>).describeRules;
    if (typeof describe !== 'function') return DEFAULT_DELIVERY_RULES;
    try {
      return (await describe.call(this.delivery)) || DEFAULT_DELIVERY_RULES;
    } catch {
      return DEFAULT_DELIVERY_RULES;
    }
  }
}
