import { canTransition, nextStatuses, ORDER_STATUSES } from './order-status.js';

describe('order lifecycle', () => {
  it('walks a pickup order from received to completed', () => {
    expect(nextStatuses('received', 'pickup')).toEqual(['confirmed', 'cancelled']);
    expect(nextStatuses('confirmed', 'pickup')).toEqual(['preparing', 'cancelled']);
    expect(nextStatuses('preparing', 'pickup')).toEqual(['ready', 'cancelled']);
    expect(nextStatuses('ready', 'pickup')).toEqual(['completed']);
  });

  it('sends delivery orders out for delivery before completing them', () => {
    expect(nextStatuses('ready', 'delivery')).toEqual(['out_for_delivery']);
    expect(nextStatuses('out_for_delivery', 'delivery')).toEqual(['completed']);
    expect(canTransition('ready', 'completed', 'delivery')).toBe(false);
    expect(canTransition('ready', 'out_for_delivery', 'pickup')).toBe(false);
  });

  it('allows cancelling only from received, confirmed or preparing', () => {
    const cancellable = ORDER_STATUSES.filter((s) => canTransition(s, 'cancelled', 'delivery'));
    expect(cancellable).toEqual(['received', 'confirmed', 'preparing']);
  });

  it('has no way out of completed or cancelled, and no skipping or going back', () => {
    for (const to of ORDER_STATUSES) {
      expect(canTransition('completed', to, 'pickup')).toBe(false);
      expect(canTransition('cancelled', to, 'delivery')).toBe(false);
    }
    expect(canTransition('received', 'ready', 'pickup')).toBe(false);
    expect(canTransition('preparing', 'confirmed', 'pickup')).toBe(false);
    expect(canTransition('received', 'received', 'pickup')).toBe(false);
  });
});
