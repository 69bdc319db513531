import { Order } from './entities/order.entity.js';
import { OrderHistoryEntry } from './entities/order-history.entity.js';
import { toOrderDto } from './order-mapper.js';

const createdAt = new Date('2026-12-02T18:00:00.000Z');

function order(history: Partial<OrderHistoryEntry>[]): Order {
  return Object.assign(new Order(), {
    id: '6f1c2b9e-3d4a-4b5c-8d6e-7f8091a2b3c4',
    orderNumber: 'A-1001',
    status: 'confirmed',
    paymentStatus: 'unpaid',
    paymentMethod: 'cash',
    channel: 'voice',
    fulfillment: 'pickup',
    customerName: 'Ada',
    customerPhone: '+12065550100',
    deliveryAddress: null,
    items: [],
    notes: null,
    subtotalCents: 100,
    deliveryFeeCents: 0,
    taxCents: 10,
    totalCents: 110,
    currency: 'USD',
    paymentProvider: null,
    paymentReference: null,
    checkoutUrl: null,
    refundStatus: null,
    refundAttempts: 0,
    refundLastError: null,
    refundNextAttemptAt: null,
    voiceCallId: null,
    businessDate: '2026-12-02',
    createdAt,
    updatedAt: createdAt,
    history: history.map((h) => Object.assign(new OrderHistoryEntry(), { kind: 'status', note: null, ...h })),
  });
}

const creation = { kind: 'status', from: null, to: 'received', actor: 'voice', note: null, at: createdAt.toISOString() };
const confirmed = { from: 'received', to: 'confirmed', actor: 'dashboard:staff', at: new Date('2026-12-02T18:05:00.000Z') };

describe('toOrderDto history', () => {
  it('starts with the creation, read from the order itself, then the stored changes oldest first', () => {
    const paid = { kind: 'payment' as const, from: 'unpaid', to: 'paid', actor: 'staff', at: new Date('2026-12-02T18:07:00.000Z') };
    expect(toOrderDto(order([paid, confirmed]), 'UTC', { withHistory: true }).history).toEqual([
      creation,
      { kind: 'status', from: 'received', to: 'confirmed', actor: 'dashboard:staff', note: null, at: '2026-12-02T18:05:00.000Z' },
      { kind: 'payment', from: 'unpaid', to: 'paid', actor: 'staff', note: null, at: '2026-12-02T18:07:00.000Z' },
    ]);
  });

  it('shows a creation row an earlier version stored once, not twice', () => {
    const stored = { from: null, to: 'received', actor: 'voice', at: createdAt };
    expect(toOrderDto(order([confirmed, stored]), 'UTC', { withHistory: true }).history).toEqual([
      creation,
      expect.objectContaining({ from: 'received', to: 'confirmed' }),
    ]);
  });

  it('leaves the history out unless asked for', () => {
    expect(toOrderDto(order([confirmed]), 'UTC').history).toBeUndefined();
  });
});

describe('toOrderDto refund', () => {
  const next = new Date('2026-12-02T18:40:00.000Z');
  const owed = (refundStatus: Order['refundStatus']) =>
    Object.assign(order([]), { refundStatus, refundAttempts: 3, refundLastError: 'Stripe error 500: down', refundNextAttemptAt: next });

  it('is null when no refund is owed', () => {
    expect(toOrderDto(order([]), 'UTC').refund).toBeNull();
  });

  it('shows a retrying refund with its attempts, last error and next attempt', () => {
    expect(toOrderDto(owed('retrying'), 'UTC').refund).toEqual({
      status: 'retrying',
      needsAttention: false,
      attempts: 3,
      lastError: 'Stripe error 500: down',
      nextAttemptAt: '2026-12-02T18:40:00.000Z',
    });
  });

  it('flags a failed refund as needing attention, with no next attempt', () => {
    expect(toOrderDto(owed('failed'), 'UTC').refund).toMatchObject({ status: 'failed', needsAttention: true, nextAttemptAt: null });
    expect(toOrderDto(owed('requested'), 'UTC').refund).toMatchObject({ needsAttention: false, nextAttemptAt: null });
  });
});
