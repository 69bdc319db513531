import { DateTime } from 'luxon';
import type { HistoryEntryDto, OrderDto, RefundViewDto } from './dto/order.dto.js';
import type { Order } from './entities/order.entity.js';
import { nextStatuses } from './order-status.js';

/** An instant as ISO 8601 with the restaurant's offset (`2026-12-04T19:30:00.000-08:00`): what a person reads is local. */
export function localIso(at: Date | null, timezone: string): string | null {
  return at ? DateTime.fromJSDate(at, { zone: timezone }).toISO() : null;
}

/** `timezone`: the restaurant's, in which the order's times are given. */
export function toOrderDto(order: Order, timezone: string, extra: { clientSecret?: string; withHistory?: boolean } = {}): OrderDto {
  const items = [...(order.items ?? [])].sort((a, b) => a.position - b.position);
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    status: order.status,
    paymentStatus: order.paymentStatus,
    paymentMethod: order.paymentMethod,
    channel: order.channel,
    fulfillment: order.fulfillment,
    customerName: order.customerName,
    customerPhone: order.customerPhone,
    delivery:
      // An anonymized delivery keeps its zone, fee and distance: only the address and its coordinates are gone.
      order.fulfillment === 'delivery' && (order.deliveryAddress || order.anonymizedAt)
        ? {
            address: order.deliveryAddress ?? '',
            formattedAddress: order.deliveryFormattedAddress,
            lat: order.deliveryLat,
            lng: order.deliveryLng,
            distanceMeters: order.deliveryDistanceMeters,
            zone: order.deliveryZone,
          }
        : null,
    items: items.map((i) => ({
      menuItemId: i.menuItemId,
      name: i.name,
      unitPriceCents: i.unitPriceCents,
      options: i.options ?? [],
      quantity: i.quantity,
      lineTotalCents: i.lineTotalCents,
      notes: i.notes,
    })),
    notes: order.notes,
    subtotalCents: order.subtotalCents,
    deliveryFeeCents: order.deliveryFeeCents,
    taxCents: order.taxCents,
    totalCents: order.totalCents,
    currency: order.currency.trim(),
    refundedCents: order.refundedCents ?? 0,
    payment: {
      provider: order.paymentProvider ?? 'none',
      reference: order.paymentReference,
      ...(extra.clientSecret && { clientSecret: extra.clientSecret }),
      ...(order.checkoutUrl && { checkoutUrl: order.checkoutUrl }),
    },
    refund: refundOf(order),
    voiceCallId: order.voiceCallId,
    requestedTime: localIso(order.requestedTime, timezone),
    promisedAt: localIso(order.promisedAt, timezone),
    prepStartAt: localIso(order.prepStartAt, timezone),
    businessDate: order.businessDate,
    nextStatuses: nextStatuses(order.status, order.fulfillment),
    ...(order.anonymizedAt && { anonymizedAt: order.anonymizedAt.toISOString() }),
    ...(extra.withHistory && { history: historyOf(order) }),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** The refund the order is owed, as staff and the customer see it; null when none is owed. */
function refundOf(order: Order): RefundViewDto | null {
  if (!order.refundStatus) return null;
  const due = order.refundStatus === 'pending' || order.refundStatus === 'retrying';
  return {
    status: order.refundStatus,
    needsAttention: order.refundStatus === 'failed',
    attempts: order.refundAttempts,
    lastError: order.refundLastError,
    nextAttemptAt: due && order.refundNextAttemptAt ? new Date(order.refundNextAttemptAt).toISOString() : null,
  };
}

/**
 * The order's history, oldest first. Its first entry, the creation (`null -> received` by the channel that
 * placed it), is not stored as a row: the order row holds all of it. A creation row written by an earlier
 * version (or by a replica still running one during a rolling deploy) is shown as it is instead.
 */
function historyOf(order: Order): HistoryEntryDto[] {
  const stored = [...(order.history ?? [])]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((h) => ({ kind: h.kind, from: h.from, to: h.to, actor: h.actor, note: h.note, at: h.at.toISOString() }));
  if (stored.some((h) => h.kind === 'status' && h.from === null)) return stored;
  const created = {
    kind: 'status' as const,
    from: null,
    to: 'received',
    actor: order.channel,
    note: null,
    at: order.createdAt.toISOString(),
  };
  return [created, ...stored];
}
