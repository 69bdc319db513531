import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { formatMoney } from '@/common/money.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { DeliveryQuote, DeliveryService } from '@/geo/delivery.service.js';
import { chooseOptions } from '@/menu/menu-options.js';
import { MenuService } from '@/menu/menu.service.js';
import type { PrepLine } from '@/scheduling/kitchen-times.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import { computeTotals, PricedLine, priceLine, Totals } from './pricing.js';

export interface PricedDraft extends Totals {
  lines: PricedLine[];
  /** The lines as the kitchen times them (each dish's own minutes per portion, if it has them). */
  prepLines: PrepLine[];
  delivery: DeliveryQuote | null;
  currency: string;
}

/**
 * Prices an order on the server, for REST, voice and quotes alike: opening hours, the menu as it is now (each
 * line's options checked against its dish: menu-options.ts), the delivery zone of the address, the zone's minimum,
 * tax and totals. Refuses with a readable domain error.
 */
@Injectable()
export class OrderPricer {
  constructor(
    private readonly menu: MenuService,
    private readonly delivery: DeliveryService,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {}

  /**
   * `at`: when the order is placed; a quote is priced for now. Opening hours are judged then, except for an order
   * ahead (`dto.requestedTime`), whose time the scheduling module checks instead.
   */
  async price(dto: CreateOrderDto, at: Date = this.clock.now()): Promise<PricedDraft> {
    const hours = this.restaurant.openingHours;
    if (!dto.requestedTime && !hours.isOpen(at)) {
      throw new DomainError(ErrorCode.RESTAURANT_CLOSED, `Sorry, ${this.restaurant.name} is closed right now. ${hours.describeToday(at)}`);
    }
    const menu = await this.menu.findByIds(dto.items.map((l) => l.menuItemId));
    const missing = dto.items.filter((l) => !menu.has(l.menuItemId));
    const unavailable = dto.items.map((l) => menu.get(l.menuItemId)).filter((m) => m && !m.available);
    if (missing.length > 0 || unavailable.length > 0) {
      const names = unavailable.map((m) => m!.name);
      throw new DomainError(
        ErrorCode.ITEM_UNAVAILABLE,
        names.length > 0
          ? `Sorry, ${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} not available right now.`
          : 'One of the dishes is not on our menu. Please choose from the current menu.',
        { menuItemIds: [...missing.map((l) => l.menuItemId), ...unavailable.map((m) => m!.id)] },
      );
    }
    const lines = dto.items.map((l) => {
      const dish = menu.get(l.menuItemId)!;
      return priceLine(dish, l.quantity, l.notes, chooseOptions(dish, l.options ?? []));
    });
    const subtotalCents = computeTotals(lines, 0, 0).subtotalCents;
    let delivery: DeliveryQuote | null = null;
    if (dto.fulfillment === 'delivery') {
      delivery = await this.delivery.quote(dto.deliveryAddress!);
      if (subtotalCents < delivery.minOrderCents) {
        const short = formatMoney(delivery.minOrderCents - subtotalCents, this.restaurant.currency);
        throw new DomainError(
          ErrorCode.BELOW_MINIMUM_ORDER,
          `Delivery to this address needs a minimum order of ${formatMoney(delivery.minOrderCents, this.restaurant.currency)}; please add ${short} more.`,
          { minOrderCents: delivery.minOrderCents, shortByCents: delivery.minOrderCents - subtotalCents },
        );
      }
    }
    const totals = computeTotals(lines, delivery?.feeCents ?? 0, this.restaurant.taxRateBps);
    const prepLines = dto.items.map((l) => ({ quantity: l.quantity, prepMinutes: menu.get(l.menuItemId)!.prepMinutes ?? null }));
    return { ...totals, lines, prepLines, delivery, currency: this.restaurant.currency };
  }
}
