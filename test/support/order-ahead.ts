import type { TestApp } from './test-app.js';
import { OrderingStateService } from '@/scheduling/ordering-state.service.js';

/**
 * The kitchen of the order-ahead tests: open 11:00-22:00, 15-minute slots, 30 minutes' lead, 2 days ahead, one
 * delivery a slot, 15 minutes plus 2 a portion. Each test file sets its own pickup capacity.
 */
export const ORDER_AHEAD_TEST_ENV = {
  OPENING_HOURS: 'Mon-Sun 11:00-22:00',
  SLOT_MINUTES: '15',
  LEAD_TIME_MINUTES: '30',
  ORDER_AHEAD_DAYS: '2',
  SLOT_CAPACITY_DELIVERY: '1',
  PREP_BASE_MINUTES: '15',
  PREP_PER_ITEM_MINUTES: '2',
};

/** Lifts any pause and busy time a test left on `t`. */
export async function takeOrdersNormally(t: TestApp): Promise<void> {
  await t.app.get(OrderingStateService).set({ paused: false, resumesAt: null, busyMinutes: 0 }, 'test');
}
