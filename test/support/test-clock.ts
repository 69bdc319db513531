import { Clock } from '@/common/clock.js';

export interface TestClockOptions {
  /**
   * Each reading moves the clock on by this much (default 0: time stands still until `set` or `advance`).
   * With 1, things done one after another get distinct, increasing times, as with a real clock (lists sorted
   * newest first, an order's history), and still independent of when the test runs.
   */
  stepMs?: number;
}

/** A clock a test sets: `createTestApp({ clock: new TestClock('2026-03-08T09:59:00Z') })`, then `set`/`advance`. */
export class TestClock extends Clock {
  private ms: number;
  private readonly stepMs: number;

  constructor(at: string | Date | number, options: TestClockOptions = {}) {
    super();
    this.ms = toMs(at);
    this.stepMs = options.stepMs ?? 0;
  }

  now(): Date {
    const at = this.ms;
    this.ms += this.stepMs;
    return new Date(at);
  }

  set(at: string | Date | number): this {
    this.ms = toMs(at);
    return this;
  }

  advance(ms: number): this {
    this.ms += ms;
    return this;
  }
}

function toMs(at: string | Date | number): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`TestClock: not a time: ${String(at)}`);
  if (typeof at === 'string' && !/(Z|[+-]\d{2}:\d{2})$/.test(at)) throw new Error(`TestClock: give the offset (Z or ±hh:mm): ${at}`);
  return ms;
}

/** Tuesday 2026-03-10, 12:00 in Los Angeles (19:00Z): an ordinary business day, open in every schedule the tests use. */
export const ORDINARY_NOON = '2026-03-10T19:00:00Z';

/**
 * For app tests whose outcome must not hang on the day they run (an order's business day, its workbook, the
 * board's "today"): starts at ORDINARY_NOON and moves 1 ms per reading, so orders keep the order they were
 * placed in.
 */
export function ordinaryDayClock(): TestClock {
  return new TestClock(ORDINARY_NOON, { stepMs: 1 });
}
