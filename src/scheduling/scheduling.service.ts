import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { joinAlternatives } from '@/common/spoken-list.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { schedulingConfig } from '@/config/scheduling.config.js';
import type { Fulfillment } from '@/orders/order-status.js';
import { PrepLine, prepMinutes, travelMinutes } from './kitchen-times.js';
import { OrderingState, OrderingStateService } from './ordering-state.service.js';
import { SlotBook } from './slot-book.repository.js';
import { SlotClock } from './slot-clock.js';
import { sayTime } from './spoken-time.js';

const MINUTE_MS = 60_000;
/** How far past its ideal slot an order placed "as soon as possible" may be pushed by a busy kitchen. */
const ASAP_HORIZON_MINUTES = 4 * 60;
/** Open slots offered when the one asked for cannot be had. */
const ALTERNATIVES = 3;

/** A slot a customer can still choose. */
export interface SlotView {
  /** Its start, ISO 8601 with the restaurant's offset. */
  start: string;
  /** Its start on the restaurant's clock, `19:15`. */
  time: string;
  capacity: number;
  remaining: number;
}

/** What the kitchen needs to know of an order to promise a time. */
export interface PlanInput {
  fulfillment: Fulfillment;
  /** The time asked for; null: as soon as possible. */
  requestedTime: Date | null;
  lines: readonly PrepLine[];
  /** Delivery distance (null for pickup, or when unknown). */
  distanceMeters: number | null;
}

/** An order's promise: when it is ready (or at the door), when the kitchen starts it, the slot it takes. */
export interface OrderPlan {
  requestedTime: Date | null;
  promisedAt: Date;
  prepStartAt: Date;
  slotAt: Date;
  /** The slot's capacity, written with the booking (INSERT_ORDER). */
  capacity: number;
}

/**
 * Promised times, order-ahead and kitchen capacity. An order placed as soon as possible is promised now plus its
 * preparation (a base plus minutes per portion), plus the busy minutes staff set, plus the travel for a delivery;
 * it takes the slot that time falls in, or, when that slot is full, the next one with room. A scheduled order
 * must ask for a slot boundary inside opening hours, at least the lead time from now and at most ORDER_AHEAD_DAYS
 * ahead, and takes that slot or is refused with the next open ones. Each refusal is a sentence a caller can hear.
 */
@Injectable()
export class SchedulingService {
  readonly slots: SlotClock;

  constructor(
    @Inject(schedulingConfig.KEY) private readonly cfg: ConfigType<typeof schedulingConfig>,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
    private readonly state: OrderingStateService,
    private readonly book: SlotBook,
  ) {
    this.slots = new SlotClock(restaurant.timezone, cfg.slotMinutes);
  }

  capacity(fulfillment: Fulfillment): number {
    return this.cfg.capacity[fulfillment];
  }

  /** The pause and busy state now; ORDERING_PAUSED while staff have paused new orders. */
  async assertTakingOrders(now: Date): Promise<OrderingState> {
    const state = await this.state.current();
    if (state.paused) {
      const resumes = state.resumesAt ? new Date(state.resumesAt) : null;
      throw new DomainError(
        ErrorCode.ORDERING_PAUSED,
        `Sorry, ${this.restaurant.name} is not taking new orders right now.` +
          (resumes ? ` We start again ${this.sayWhen(resumes, now)}.` : ' Please try again a little later.'),
        { resumesAt: resumes ? this.slots.iso(resumes) : null },
      );
    }
    return state;
  }

  /**
   * The promise of a new order. A scheduled order's time is checked (TIME_* errors) and, with `checkLoad`, its slot
   * too (SLOT_FULL); an order as soon as possible is moved past full slots only with `checkLoad` (a quote reads the
   * load; placing an order tries its ideal slot first and reads the load only when that is full: `afterSlotFull`).
   */
  async plan(input: PlanInput, now: Date, state: OrderingState, checkLoad: boolean): Promise<OrderPlan> {
    const capacity = this.capacity(input.fulfillment);
    const prep = prepMinutes(input.lines, this.cfg);
    const travel = input.fulfillment === 'delivery' ? travelMinutes(input.distanceMeters, this.cfg) : 0;
    if (input.requestedTime) {
      const at = input.requestedTime;
      await this.checkRequestedTime(at, input.fulfillment, now);
      if (checkLoad) {
        const taken = await this.book.taken(input.fulfillment, at, this.slots.next(at));
        if ((taken.get(at.getTime()) ?? 0) >= capacity) throw await this.slotFull(at, input.fulfillment, now);
      }
      const prepStartAt = new Date(at.getTime() - (prep + state.busyMinutes + travel) * MINUTE_MS);
      return { requestedTime: at, promisedAt: at, prepStartAt, slotAt: at, capacity };
    }
    // Promises are whole minutes: the kitchen starts this minute.
    const start = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    const promisedAt = new Date(start.getTime() + (prep + state.busyMinutes + travel) * MINUTE_MS);
    const plan: OrderPlan = { requestedTime: null, promisedAt, prepStartAt: start, slotAt: this.slots.slotOf(promisedAt), capacity };
    return checkLoad ? this.firstSlotWithRoom(plan, input) : plan;
  }

  /** After the slot of `plan` turned out full when the order was written: the next plan to try, or SLOT_FULL. */
  async afterSlotFull(plan: OrderPlan, input: PlanInput, now: Date): Promise<OrderPlan> {
    if (plan.requestedTime) throw await this.slotFull(plan.slotAt, input.fulfillment, now);
    return this.firstSlotWithRoom(plan, input);
  }

  /** The slots of a service day (see SlotClock.slotsOfDay) that can still be chosen, with their room. */
  async openSlots(day: string, fulfillment: Fulfillment, now: Date): Promise<SlotView[]> {
    const today = this.slots.dayOf(now);
    if (day < this.slots.addDays(today, -1) || day > this.slots.addDays(today, this.cfg.aheadDays)) return [];
    const earliest = now.getTime() + this.cfg.leadMinutes * MINUTE_MS;
    const last = this.lastOrderableMs(now);
    const candidates = this.slots
      .slotsOfDay(day, this.restaurant.openingHours)
      .filter((s) => s.getTime() >= earliest && s.getTime() <= last);
    return this.withRoom(candidates, fulfillment);
  }

  /** The first `count` open slots at or after `from`, over as many days as it takes (within ORDER_AHEAD_DAYS). */
  async nextOpenSlots(from: Date, fulfillment: Fulfillment, now: Date, count = ALTERNATIVES): Promise<SlotView[]> {
    const found: SlotView[] = [];
    const start = Math.max(from.getTime(), now.getTime() + this.cfg.leadMinutes * MINUTE_MS);
    const lastDay = this.slots.addDays(this.slots.dayOf(now), this.cfg.aheadDays);
    // The day before too: its window may run past midnight into `from`'s day.
    for (let day = this.slots.addDays(this.slots.dayOf(new Date(start)), -1); day <= lastDay && found.length < count;) {
      const candidates = this.slots.slotsOfDay(day, this.restaurant.openingHours).filter((s) => s.getTime() >= start);
      found.push(...(await this.withRoom(candidates, fulfillment)).filter((s) => !found.some((f) => f.start === s.start)));
      day = this.slots.addDays(day, 1);
    }
    return found.sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).slice(0, count);
  }

  /** How a person hears an instant: "7:30 pm", "tomorrow at noon" (spoken-time.ts). */
  say(at: Date, now: Date): string {
    return sayTime(at, { now, timezone: this.restaurant.timezone });
  }

  /** The same after a verb: "at 7:30 pm", "tomorrow at noon". */
  sayWhen(at: Date, now: Date): string {
    const said = this.say(at, now);
    return /^(\d|noon|midnight)/.test(said) ? `at ${said}` : said;
  }

  /** The alternatives as a sentence: "We have 7:30 pm, 7:45 pm or 8 pm." */
  offer(slots: SlotView[], now: Date): string {
    if (slots.length === 0) return 'We have no open times left in the coming days.';
    // The day is said once: "tomorrow at 11 am, 11:15 am or 11:30 am".
    const said = slots.map((slot, i) => {
      const at = new Date(slot.start);
      const sameDay = i > 0 && this.slots.dayOf(new Date(slots[i - 1].start)) === this.slots.dayOf(at);
      const clock = this.say(at, at);
      return sameDay && /^(\d|noon)/.test(clock) ? clock : this.say(at, now);
    });
    return `We have ${joinAlternatives(said)}.`;
  }

  private async checkRequestedTime(at: Date, fulfillment: Fulfillment, now: Date): Promise<void> {
    const refuse = async (code: ErrorCode, why: string, from: Date) => {
      const nextSlots = await this.nextOpenSlots(from, fulfillment, now);
      return new DomainError(code, `${why} ${this.offer(nextSlots, now)}`, { requestedTime: this.slots.iso(at), nextSlots });
    };
    const earliest = new Date(now.getTime() + this.cfg.leadMinutes * MINUTE_MS);
    if (at.getTime() < earliest.getTime()) {
      throw await refuse(
        ErrorCode.TIME_TOO_SOON,
        at.getTime() <= now.getTime()
          ? `Sorry, ${this.say(at, now)} has already passed.`
          : `Sorry, we need at least ${this.cfg.leadMinutes} minutes' notice for an order ahead.`,
        earliest,
      );
    }
    if (at.getTime() > this.lastOrderableMs(now)) {
      throw new DomainError(
        ErrorCode.TIME_TOO_FAR,
        `Sorry, we take orders at most ${this.cfg.aheadDays} day${this.cfg.aheadDays === 1 ? '' : 's'} ahead.`,
        { requestedTime: this.slots.iso(at), nextSlots: [] },
      );
    }
    if (!this.slots.isBoundary(at)) {
      throw await refuse(
        ErrorCode.TIME_NOT_ON_SLOT,
        `We schedule orders every ${this.cfg.slotMinutes} minutes, on the hour and past it.`,
        this.slots.slotOf(at),
      );
    }
    if (!this.restaurant.openingHours.isOpen(at)) {
      throw await refuse(ErrorCode.TIME_CLOSED, `Sorry, we are closed ${this.sayWhen(at, now)}.`, at);
    }
  }

  private async slotFull(at: Date, fulfillment: Fulfillment, now: Date): Promise<DomainError> {
    const nextSlots = await this.nextOpenSlots(this.slots.next(at), fulfillment, now);
    return new DomainError(ErrorCode.SLOT_FULL, `Sorry, ${this.say(at, now)} is fully booked. ${this.offer(nextSlots, now)}`, {
      requestedTime: this.slots.iso(at),
      nextSlots,
    });
  }

  /** `plan` moved to the first slot from its own on that has room; SLOT_FULL when none has within the horizon. */
  private async firstSlotWithRoom(plan: OrderPlan, input: PlanInput): Promise<OrderPlan> {
    const horizon = this.slots.next(plan.slotAt, Math.ceil(ASAP_HORIZON_MINUTES / this.cfg.slotMinutes));
    const taken = await this.book.taken(input.fulfillment, plan.slotAt, horizon);
    for (let slot = plan.slotAt; slot < horizon; slot = this.slots.next(slot)) {
      if ((taken.get(slot.getTime()) ?? 0) >= plan.capacity) continue;
      const shift = slot.getTime() === plan.slotAt.getTime() ? 0 : slot.getTime() - plan.promisedAt.getTime();
      return shift <= 0 ? plan : { ...plan, slotAt: slot, promisedAt: slot, prepStartAt: new Date(plan.prepStartAt.getTime() + shift) };
    }
    throw new DomainError(
      ErrorCode.SLOT_FULL,
      `Sorry, the kitchen is fully booked for the next ${ASAP_HORIZON_MINUTES / 60} hours. Please try again later.`,
      { requestedTime: null, nextSlots: [] },
    );
  }

  private async withRoom(candidates: Date[], fulfillment: Fulfillment): Promise<SlotView[]> {
    if (candidates.length === 0) return [];
    const capacity = this.capacity(fulfillment);
    const taken = await this.book.taken(fulfillment, candidates[0], this.slots.next(candidates[candidates.length - 1]));
    return candidates
      .map((s) => ({ start: this.slots.iso(s), time: this.slots.hhmm(s), capacity, remaining: capacity - (taken.get(s.getTime()) ?? 0) }))
      .filter((s) => s.remaining > 0);
  }

  /** The end of the last day orders may be placed for (ORDER_AHEAD_DAYS after today, restaurant time). */
  private lastOrderableMs(now: Date): number {
    return this.slots.instant(this.slots.addDays(this.slots.dayOf(now), this.cfg.aheadDays + 1), 0).getTime() - 1;
  }
}
