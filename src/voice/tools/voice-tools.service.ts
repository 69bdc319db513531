import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { Clock } from '@/common/clock.js';
import { isDatabaseUnavailable } from '@/common/http-exception.filter.js';
import { compactPhone } from '@/common/phone.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { schedulingConfig } from '@/config/scheduling.config.js';
import { DeliveryService } from '@/geo/delivery.service.js';
import type { MenuItemDto, MenuOptionDto } from '@/menu/dto/menu-item.dto.js';
import { chooseOptions } from '@/menu/menu-options.js';
import { MenuService } from '@/menu/menu.service.js';
import { CreateOrderDto, OrderLineDto } from '@/orders/dto/create-order.dto.js';
import type { OrderDto, QuoteDto } from '@/orders/dto/order.dto.js';
import { formatMoney } from '@/common/money.js';
import { normalizeOrderNumber } from '@/orders/order-number.js';
import { Fulfillment, nextStatuses, OrderStatus, PaymentMethod } from '@/orders/order-status.js';
import { OrdersService } from '@/orders/orders.service.js';
import { SchedulingService } from '@/scheduling/scheduling.service.js';
import type { SpokenTimeContext } from '@/scheduling/spoken-time.js';
import { ToolName, toolSpec, TOOL_NAMES } from '../assistant/tool-definitions.js';
import { CallsService } from '../calls.service.js';
import type { ToolContext } from '../vapi.types.js';
import { decodeArguments, parseArgs } from './args-schema.js';
import { matchDishWithChoices, matchMenuItem, matchOption, tokens } from './menu-matcher.js';
import { joinAlternatives, joinWords } from '@/common/spoken-list.js';
import { describeChoices, describeLine, describeMenu, oneLine, spellOrderNumber } from './speech.js';
import {
  compactIso,
  promiseStillAhead,
  readRequestedTime,
  readSpokenDay,
  type RequestedTime,
  sayDay,
  sayOpenTimes,
  sayPromise,
  sayRoundedUp,
  TIMES_SAID,
} from './spoken-times.js';

/** A refusal the assistant should read to the caller (wrong dish, missing phone...). */
export class ToolRefusal extends Error {}

export interface ToolOutcome {
  result?: string;
  error?: string;
}

interface SpokenItem {
  name?: string;
  menuItemId?: string;
  quantity: number;
  notes?: string;
  /** The dish's choices as the caller said them ("large", "extra cheese"). */
  options?: string[];
}

/** What the spoken items became: the lines to price, and for each the options the caller named (the rest are defaults). */
interface OrderDraft {
  order: Pick<CreateOrderDto, 'fulfillment' | 'deliveryAddress' | 'items'>;
  named: Set<string>[];
}

interface GetMenuArgs {
  category?: string;
}
interface CheckAddressArgs {
  address: string;
}
interface QuoteArgs {
  fulfillment: Fulfillment;
  deliveryAddress?: string;
  items: SpokenItem[];
  /** When the caller wants it, in their words or as an instant; absent: as soon as possible. */
  time?: string;
}
interface PlaceArgs extends QuoteArgs {
  customerName: string;
  customerPhone?: string;
  paymentMethod: PaymentMethod;
  notes?: string;
}
interface OrderNumberArgs {
  orderNumber: string;
}
interface AvailableTimesArgs {
  day?: string;
  fulfillment?: Fulfillment;
}

/** A requested time the kitchen can be asked for: as soon as possible, or a slot start. */
type OrderTime = Exclude<RequestedTime, { kind: 'unclear' }>;

const STATUS_WORDS: Record<OrderStatus, (fulfillment: Fulfillment) => string> = {
  received: () => 'has been received and will be confirmed shortly',
  confirmed: () => 'is confirmed and will be prepared soon',
  preparing: () => 'is being prepared in the kitchen',
  ready: (f) => (f === 'pickup' ? 'is ready for pickup' : 'is ready and waiting for the driver'),
  out_for_delivery: () => 'is out for delivery',
  completed: (f) => (f === 'pickup' ? 'was picked up' : 'was delivered'),
  cancelled: () => 'was cancelled',
};

/**
 * The voice tools. Arguments are checked against the same schemas Vapi receives; orders go through
 * OrdersService exactly like the REST API (prices, zones, hours, payment). Every outcome is one line the
 * assistant can speak; refusals carry the reason and what to do next.
 */
@Injectable()
export class VoiceToolsService {
  private readonly logger = new Logger(VoiceToolsService.name);
  private readonly handlers: Record<ToolName, (args: never, ctx: ToolContext) => Promise<string>>;

  constructor(
    private readonly orders: OrdersService,
    private readonly menu: MenuService,
    private readonly delivery: DeliveryService,
    private readonly calls: CallsService,
    private readonly scheduling: SchedulingService,
    private readonly clock: Clock,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
    @Inject(schedulingConfig.KEY) private readonly kitchen: ConfigType<typeof schedulingConfig>,
  ) {
    this.handlers = {
      getMenu: (a: GetMenuArgs) => this.getMenu(a),
      checkDeliveryAddress: (a: CheckAddressArgs) => this.checkDeliveryAddress(a),
      getAvailableTimes: (a: AvailableTimesArgs) => this.getAvailableTimes(a),
      quoteOrder: (a: QuoteArgs) => this.quoteOrder(a),
      placeOrder: (a: PlaceArgs, ctx) => this.placeOrder(a, ctx),
      getOrderStatus: (a: OrderNumberArgs, ctx) => this.getOrderStatus(a, ctx),
      cancelOrder: (a: OrderNumberArgs, ctx) => this.cancelOrder(a, ctx),
    };
  }

  async run(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolOutcome> {
    const spec = toolSpec(name);
    if (!spec) return { error: oneLine(`There is no tool called ${name || '(no name)'}; the tools are ${joinWords([...TOOL_NAMES])}.`) };
    const decoded = decodeArguments(rawArgs);
    if (!decoded.ok) return { error: `The arguments for ${name} were not valid JSON; please call it again.` };
    const parsed = parseArgs<never>(spec.parameters, decoded.value);
    if (!parsed.ok) return { error: oneLine(`I could not run ${name}: ${parsed.problems.join('; ')}.`) };
    try {
      return { result: oneLine(await this.handlers[spec.name](parsed.value, ctx)) };
    } catch (err) {
      if (err instanceof ToolRefusal || err instanceof DomainError) return { error: oneLine(err.message) };
      this.logger.error(`Voice tool ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
      return {
        error: isDatabaseUnavailable(err)
          ? 'Our order system is briefly unavailable. Please apologise and try again in a moment.'
          : 'Sorry, something went wrong on our side with that request. Please try again in a moment.',
      };
    }
  }

  private async getMenu(args: GetMenuArgs): Promise<string> {
    const menu = await this.menu.list(true);
    if (menu.length === 0) return 'Nothing is available to order right now.';
    const categories = [...new Set(menu.map((m) => m.category))];
    let chosen = categories;
    if (args.category) {
      const wanted = tokens(args.category).join(' ');
      chosen = categories.filter((c) => tokens(c).join(' ') === wanted);
      if (chosen.length === 0) {
        throw new ToolRefusal(`We have no ${args.category} on the menu. The categories are ${joinWords(categories)}.`);
      }
    }
    return describeMenu(menu, chosen, this.restaurant.currency);
  }

  private async checkDeliveryAddress(args: CheckAddressArgs): Promise<string> {
    const quote = await this.delivery.quote(args.address);
    const currency = this.restaurant.currency;
    const fee = quote.feeCents > 0 ? `the delivery fee is ${formatMoney(quote.feeCents, currency)}` : 'delivery is free';
    const minimum =
      quote.minOrderCents > 0 ? `the minimum order is ${formatMoney(quote.minOrderCents, currency)}` : 'there is no minimum order';
    return `We deliver to ${quote.formattedAddress}${quote.zone ? ` (${quote.zone} zone)` : ''}: ${fee} and ${minimum}.`;
  }

  private async getAvailableTimes(args: AvailableTimesArgs): Promise<string> {
    const now = this.clock.now();
    // While staff have paused orders no time can be booked: the refusal says when ordering starts again.
    await this.scheduling.assertTakingOrders(now);
    const fulfillment = args.fulfillment ?? 'pickup';
    const slots = this.scheduling.slots;
    const asked = readSpokenDay(args.day, this.timeContext(now), slots);
    if (asked.kind === 'unclear') throw new ToolRefusal(`Ask the caller: ${asked.message}`);
    const today = slots.dayOf(now);
    const days = this.kitchen.aheadDays;
    if (asked.day > slots.addDays(today, days)) {
      throw new ToolRefusal(
        days === 0
          ? 'Sorry, we only take orders for today.'
          : `Sorry, we take orders at most ${days} day${days === 1 ? '' : 's'} ahead, so not ${sayDay(asked.day, slots, { now, timezone: this.restaurant.timezone })}.`,
      );
    }
    const from = asked.from?.getTime() ?? 0;
    const open = (await this.scheduling.openSlots(asked.day, fulfillment, now)).filter((s) => Date.parse(s.start) >= from);
    if (open.length === 0) {
      if (asked.day < today) throw new ToolRefusal('Sorry, that day has passed. Ask the caller which day they would like.');
      const next = await this.scheduling.nextOpenSlots(asked.from ?? slots.instant(asked.day, 0), fulfillment, now);
      const dayWords = sayDay(asked.day, slots, { now, timezone: this.restaurant.timezone });
      return `Sorry, there are no open times ${asked.from ? `${dayWords} from then` : dayWords} for ${fulfillment}. ${this.scheduling.offer(next, now)}`;
    }
    const starts = open.map((s) => new Date(s.start));
    const exact = starts.slice(0, TIMES_SAID).map((at) => compactIso(at, this.restaurant.timezone));
    return (
      `${sayOpenTimes(starts, { now, timezone: this.restaurant.timezone })} ` +
      `To book one, pass it to quoteOrder and placeOrder as time (${joinWords(exact)}; do not read these aloud).`
    );
  }

  private async quoteOrder(args: QuoteArgs): Promise<string> {
    const now = this.clock.now();
    await this.scheduling.assertTakingOrders(now);
    const time = this.orderTime(args.time, now);
    const draft = await this.orderDraft(args);
    const quote = await this.withTimeHints(this.orders.quote({ ...draft.order, ...this.requested(time) } as CreateOrderDto));
    const defaults = new Set(
      quote.items.flatMap((line, i) =>
        line.options.filter((o) => !draft.named[i].has(o.optionId)).map((o) => `${o.name} (${o.group.toLowerCase()}) for the ${line.name}`),
      ),
    );
    const unsaid =
      defaults.size > 0
        ? ` The caller did not choose these, so the default is used: ${joinWords([...defaults])}; say so when you read back, so the caller can change them.`
        : '';
    const when = [sayPromise(quote, 'quote', this.timeContext(now)), this.roundedUp(time, now)].filter(Boolean).join(' ');
    return `${spokenTotals(quote)}${unsaid} ${when} Read this back to the caller and ask them to confirm before placing the order.`;
  }

  private async placeOrder(args: PlaceArgs, ctx: ToolContext): Promise<string> {
    if (!ctx.callId) throw new ToolRefusal('I cannot place an order outside a phone call (the call id is missing).');
    const phone = normalizePhone(args.customerPhone) ?? ctx.callerPhone;
    if (!phone) throw new ToolRefusal('I need a phone number for the order; please ask the caller for it and pass it as customerPhone.');
    const key = idempotencyKey(ctx.callId, ctx.toolCallId);
    const now = this.clock.now();
    let draft: OrderDraft;
    let time: OrderTime;
    try {
      await this.scheduling.assertTakingOrders(now);
      time = this.orderTime(args.time, now);
      draft = await this.orderDraft(args);
    } catch (err) {
      // Vapi repeating a call that placed its order before a dish or an option ran out, or before a pause: the first answer stands.
      const placed = await this.orders.placedWith(key);
      if (placed) return this.confirmation(placed, now);
      throw err;
    }
    const dto = plainToInstance(CreateOrderDto, {
      ...draft.order,
      ...this.requested(time),
      customerName: args.customerName,
      customerPhone: phone,
      paymentMethod: args.paymentMethod,
      ...(args.notes && { notes: args.notes }),
    });
    const problems = await validate(dto, { whitelist: true, forbidUnknownValues: false });
    if (problems.length > 0) throw new ToolRefusal(`I could not place the order: ${validationMessages(problems).join('; ')}.`);
    let body: OrderDto;
    try {
      ({ body } = await this.orders.create(dto, { channel: 'voice', idempotencyKey: key, voiceCallId: ctx.callId }));
    } catch (err) {
      // The same tool call again, read against a later clock: "in an hour" is another time by then, so the request
      // differs from the one its key placed (IDEMPOTENCY_KEY_REUSED) or its new slot is refused. The key names this
      // one tool call, so the order it placed is the answer.
      const placed = err instanceof DomainError ? await this.orders.placedWith(key) : null;
      if (placed) return this.confirmation(placed, now);
      throw timeHint(err);
    }
    await this.calls
      .orderPlaced(ctx.callId, ctx.callerPhone)
      .catch((err) => this.logger.warn(`Could not note call ${ctx.callId}: ${String(err)}`));
    return [this.confirmation(body, now), this.roundedUp(time, now)].filter(Boolean).join(' ');
  }

  private async getOrderStatus(args: OrderNumberArgs, ctx: ToolContext): Promise<string> {
    const order = await this.callersOrder(args.orderNumber, ctx);
    const payment =
      order.paymentStatus === 'pending' ? ' The card payment is still pending.' : order.paymentStatus === 'paid' ? ' It is paid.' : '';
    const when = promiseStillAhead(order.status, order.fulfillment) ? sayPromise(order, 'status', this.timeContext(this.clock.now())) : '';
    return (
      `Order ${spellOrderNumber(order.orderNumber)} ${STATUS_WORDS[order.status](order.fulfillment)}.${when ? ` ${when}` : ''} ` +
      `It has ${joinWords(order.items.map(describeLine))}, total ${formatMoney(order.totalCents, order.currency)}, for ${order.fulfillment === 'delivery' ? `delivery to ${order.delivery?.formattedAddress ?? order.delivery?.address}` : 'pickup'}.${payment}`
    );
  }

  private async cancelOrder(args: OrderNumberArgs, ctx: ToolContext): Promise<string> {
    const order = await this.callersOrder(args.orderNumber, ctx);
    const spoken = spellOrderNumber(order.orderNumber);
    if (order.status === 'cancelled') return `Order ${spoken} is cancelled.`;
    if (!nextStatuses(order.status, order.fulfillment).includes('cancelled')) {
      throw new ToolRefusal(
        `Order ${spoken} ${STATUS_WORDS[order.status](order.fulfillment)}, so it can no longer be cancelled. The caller can ask to speak to the restaurant.`,
      );
    }
    await this.orders.changeStatus(order.id, 'cancelled', 'caller');
    const refund = order.paymentStatus === 'paid' ? ' The restaurant will refund the card payment.' : '';
    return `Order ${spoken} is cancelled.${refund}`;
  }

  /** The caller's words about when, read in the restaurant's time and moved up to a slot start; unclear words are a question to ask. */
  private orderTime(said: string | undefined, now: Date): OrderTime {
    const time = readRequestedTime(said, this.timeContext(now), this.scheduling.slots);
    if (time.kind === 'unclear') throw new ToolRefusal(`Ask the caller: ${time.message}`);
    return time;
  }

  /** The order's requestedTime: absent for as soon as possible, else the slot start with the restaurant's offset. */
  private requested(time: OrderTime): Pick<CreateOrderDto, 'requestedTime'> {
    return time.kind === 'at' ? { requestedTime: this.scheduling.slots.iso(time.at) } : {};
  }

  private roundedUp(time: OrderTime, now: Date): string {
    return time.kind === 'at' ? sayRoundedUp(time, this.kitchen.slotMinutes, { now, timezone: this.restaurant.timezone }) : '';
  }

  private confirmation(order: OrderDto, now: Date): string {
    return spokenConfirmation(order, this.restaurant.name, sayPromise(order, 'placed', { now, timezone: this.restaurant.timezone }));
  }

  private timeContext(now: Date): SpokenTimeContext {
    const hours = this.restaurant.openingHours;
    return { now, timezone: this.restaurant.timezone, isOpen: (at: Date) => hours.isOpen(at) };
  }

  private async withTimeHints<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (err) {
      throw timeHint(err);
    }
  }

  /** An order by its spoken number, only if it was placed from this caller's phone. */
  private async callersOrder(spokenNumber: string, ctx: ToolContext): Promise<OrderDto> {
    const number = normalizeOrderNumber(spokenNumber);
    if (!number) {
      throw new ToolRefusal(
        `"${spokenNumber}" is not one of our order numbers; they are a letter and four digits, for example A 1 0 4 2. Please ask the caller again.`,
      );
    }
    if (!ctx.callerPhone) {
      throw new ToolRefusal("I can only look up an order from the phone number that placed it, and I cannot see this caller's number.");
    }
    const order = await this.orders.findByNumber(number, ctx.callerPhone);
    if (!order) throw new ToolRefusal(`I could not find order ${spellOrderNumber(number)} for this phone number.`);
    if (ctx.callId) {
      await this.calls
        .orderServed(ctx.callId, ctx.callerPhone)
        .catch((err) => this.logger.warn(`Could not note call ${ctx.callId}: ${String(err)}`));
    }
    return order;
  }

  /**
   * Turns spoken dishes and their choices into menu ids, checked as the order will be (menu-options.ts): every
   * unknown or ambiguous dish or option, and every choice still to be made, is reported at once, so nothing is
   * priced or placed with a guess.
   */
  private async orderDraft(args: QuoteArgs): Promise<OrderDraft> {
    if (args.fulfillment === 'delivery' && !args.deliveryAddress) {
      throw new ToolRefusal('I need the delivery address for a delivery order (deliveryAddress).');
    }
    const menu = await this.menu.list(false);
    const problems: string[] = [];
    const lines: OrderLineDto[] = [];
    const named: Set<string>[] = [];
    for (const spoken of args.items) {
      const found = this.resolveDish(spoken, menu, problems);
      const options = found && this.resolveOptions(found.item, spoken.options ?? [], found.choices, problems);
      if (!found || !options) continue;
      lines.push({
        menuItemId: found.item.id,
        quantity: spoken.quantity,
        ...(options.length > 0 && { options }),
        ...(spoken.notes && { notes: spoken.notes }),
      });
      named.push(new Set(options));
    }
    if (problems.length > 0) throw new ToolRefusal(problems.join(' '));
    return {
      order: {
        fulfillment: args.fulfillment,
        ...(args.fulfillment === 'delivery' && { deliveryAddress: args.deliveryAddress }),
        items: lines,
      },
      named,
    };
  }

  /**
   * The ids of the options the caller named for a dish (in the options, or in the dish's name), checked against the
   * dish by the same rules pricing applies; a required choice with no default comes back as the question to ask.
   */
  private resolveOptions(dish: MenuItemDto, said: string[], inName: MenuOptionDto[], problems: string[]): string[] | null {
    const ids: string[] = [];
    const before = problems.length;
    for (const name of said) {
      const match = matchOption(name, dish.optionGroups);
      if (match.kind === 'found') ids.push(match.item.id);
      else if (match.kind === 'ambiguous') {
        problems.push(
          `For the ${dish.name}, "${name}" could be ${joinAlternatives(match.candidates.map((c) => c.name))}; ask the caller which one.`,
        );
      } else if (dish.optionGroups.length === 0) {
        problems.push(`${dish.name} has no choices to make; if "${name}" is a special request, put it in the item's notes.`);
      } else {
        problems.push(`${dish.name} has no option called "${name}". Its choices: ${describeChoices(dish.optionGroups)}.`);
      }
    }
    // Said both in the name and as an option ("large margherita", ["large"]) is said once.
    for (const option of inName) if (!ids.includes(option.id)) ids.push(option.id);
    if (problems.length > before) return null;
    try {
      chooseOptions(dish, ids);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const group = dish.optionGroups.find((g) => g.id === err.details?.optionGroupId);
      const canChoose = group?.options.some((o) => o.available);
      problems.push(err.code === ErrorCode.OPTION_REQUIRED && canChoose ? `Ask the caller: ${err.message}` : err.message);
      return null;
    }
    return ids;
  }

  /** The dish a spoken item names, with any of its choices said in the same name ("large margherita"). */
  private resolveDish(spoken: SpokenItem, menu: MenuItemDto[], problems: string[]): { item: MenuItemDto; choices: MenuOptionDto[] } | null {
    const byId = spoken.menuItemId ? menu.find((m) => m.id === spoken.menuItemId) : undefined;
    if (!byId && !spoken.name) {
      problems.push(spoken.menuItemId ? 'One of the dish ids is not on our menu; please use the dish name.' : 'Each dish needs a name.');
      return null;
    }
    let item = byId;
    let choices: MenuOptionDto[] = [];
    if (!item) {
      const direct = matchMenuItem(spoken.name!, menu);
      const exact = direct.kind === 'found' && tokens(direct.item.name).join(' ') === tokens(spoken.name!).join(' ');
      const withChoices = exact ? null : matchDishWithChoices(spoken.name!, menu);
      const match = withChoices ?? direct;
      choices = withChoices?.choices ?? [];
      if (match.kind === 'unknown') {
        const closest = match.suggestions.map((s) => s.name);
        problems.push(
          `"${spoken.name}" is not on our menu${closest.length ? `; the closest dishes are ${joinAlternatives(closest)}` : ''}.`,
        );
        return null;
      }
      if (match.kind === 'ambiguous') {
        problems.push(`"${spoken.name}" could be ${joinAlternatives(match.candidates.map((c) => c.name))}; ask the caller which one.`);
        return null;
      }
      item = match.item;
    }
    if (!item.available) {
      problems.push(`Sorry, ${item.name} is not available right now.`);
      return null;
    }
    return { item, choices };
  }
}

export function idempotencyKey(callId: string, toolCallId: string): string {
  const key = `vapi:${callId}:${toolCallId}`;
  return key.length <= 300 ? key : `vapi:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

export function normalizePhone(value: string | null | undefined): string | null {
  if (!value) return null;
  const compact = compactPhone(value);
  return compact === '' ? null : compact;
}

function spokenTotals(
  q: Pick<QuoteDto, 'items' | 'subtotalCents' | 'deliveryFeeCents' | 'taxCents' | 'totalCents' | 'currency' | 'fulfillment'>,
): string {
  const lines = q.items.map((l) => `${describeLine(l)} ${formatMoney(l.lineTotalCents, q.currency)}`);
  const parts = [`subtotal ${formatMoney(q.subtotalCents, q.currency)}`];
  if (q.fulfillment === 'delivery')
    parts.push(q.deliveryFeeCents > 0 ? `delivery fee ${formatMoney(q.deliveryFeeCents, q.currency)}` : 'free delivery');
  if (q.taxCents > 0) parts.push(`tax ${formatMoney(q.taxCents, q.currency)}`);
  return `${joinWords(lines)}. ${capitalize(parts.join(', '))}. Total ${formatMoney(q.totalCents, q.currency)}.`;
}

/**
 * A refusal about the time with what the caller can do instead: a time too soon can be as soon as possible, and a
 * restaurant closed now can still take an order for later.
 */
function timeHint(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  if (err.code === ErrorCode.TIME_TOO_SOON) {
    return new ToolRefusal(`${err.message} Or they can have it as soon as possible (leave out time).`);
  }
  if (err.code === ErrorCode.RESTAURANT_CLOSED) {
    return new ToolRefusal(`${err.message} They can still order ahead for a time we are open: getAvailableTimes lists them.`);
  }
  return err;
}

function spokenConfirmation(order: OrderDto, restaurant: string, ready: string): string {
  const total = formatMoney(order.totalCents, order.currency);
  const payment =
    order.paymentMethod === 'cash'
      ? `The total of ${total} is paid in cash ${order.fulfillment === 'delivery' ? 'on delivery' : 'at pickup'}.`
      : order.payment.checkoutUrl
        ? `The total is ${total} by card: we have texted a secure payment link to ${order.customerPhone}. Tell the caller to open that text and pay there; the order is paid once they do. Never read a link aloud.`
        : `The total is ${total} by card; the payment is pending.`;
  const where =
    order.fulfillment === 'delivery'
      ? `for delivery to ${order.delivery?.formattedAddress ?? order.delivery?.address}`
      : `for pickup at ${restaurant}`;
  return (
    `Order placed. The order number is ${spellOrderNumber(order.orderNumber)} (written ${order.orderNumber}); read it slowly. ` +
    `${joinWords(order.items.map(describeLine))} ${where}.${ready ? ` ${ready}` : ''} ${payment}`
  );
}

function validationMessages(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...validationMessages(e.children ?? [])]);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
