import { jest } from '@jest/globals';
import { DayBatcher } from './day-batcher.js';
import type { PacingRule } from './export-pacing.js';

/** Only the coalesce delay between runs (pacing off): the batching tests below are about merging. */
const coalesceOnly = (coalesceMs: number): PacingRule => ({ coalesceMs, factor: 0, maxPauseMs: 0 });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('DayBatcher (in-process export queue)', () => {
  it('merges a burst of requests for one day into one run', async () => {
    const runs: string[] = [];
    const b = new DayBatcher(async (day) => void runs.push(day), { pacing: coalesceOnly(20), attempts: 1, backoffMs: 1 });
    for (let i = 0; i < 100; i++) b.request('2025-11-28');
    b.request('2025-11-29');
    await b.idle();
    expect(runs.sort()).toEqual(['2025-11-28', '2025-11-29']);
  });

  it('runs a day once more when it changes during its write, and never twice at once', async () => {
    const gate = deferred();
    const firstStarted = deferred();
    let running = 0;
    let maxParallel = 0;
    let runs = 0;
    const b = new DayBatcher(
      async () => {
        running++;
        maxParallel = Math.max(maxParallel, running);
        if (++runs === 1) {
          firstStarted.resolve();
          await gate.promise;
        }
        running--;
      },
      { pacing: coalesceOnly(5), attempts: 1, backoffMs: 1 },
    );
    b.request('D');
    await firstStarted.promise; // the first write is under way (no clock: the run itself says so)
    expect(b.activeCount).toBe(1);
    // Ten changes land during the first write: they become exactly one follow-up run.
    for (let i = 0; i < 10; i++) b.request('D');
    expect(b.waitingCount).toBe(1);
    gate.resolve();
    await b.idle();
    expect(runs).toBe(2);
    expect(maxParallel).toBe(1);
  });

  it('retries a failed run with backoff, then gives up and counts the failure', async () => {
    let calls = 0;
    const errors: number[] = [];
    const b = new DayBatcher(
      async () => {
        calls++;
        throw new Error('disk full');
      },
      { pacing: coalesceOnly(1), attempts: 3, backoffMs: 5, onError: (_d, _e, attempt) => errors.push(attempt) },
    );
    b.request('D');
    await b.idle();
    expect(calls).toBe(3);
    expect(errors).toEqual([1, 2, 3]);
    expect(b.stats.failed).toBe(1);
  });
});

describe('DayBatcher stop() (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('lets the run in progress finish and drops what waits; a request after it is ignored', async () => {
    const gate = deferred();
    const runs: string[] = [];
    const record = async (day: string) => {
      runs.push(day);
      if (day === 'A') await gate.promise;
    };
    const b = new DayBatcher(record, { pacing: coalesceOnly(100), attempts: 1, backoffMs: 1 });
    b.request('A');
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['A']);
    b.request('B');
    let stopped = false;
    const stopping = b.stop().then(() => (stopped = true));
    // Far past B's coalesce delay, on the fake clock: stop() still waits for A, and B never runs.
    await jest.advanceTimersByTimeAsync(60_000);
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(stopped).toBe(true);
    expect(runs).toEqual(['A']);
    b.request('C');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual(['A']);
    expect(jest.getTimerCount()).toBe(0);

    // Control: a batcher that was not stopped runs the same requests within the same fake time, seen through
    // the same record, so the checks above would have seen B or C had they run.
    const control = new DayBatcher(record, { pacing: coalesceOnly(100), attempts: 1, backoffMs: 1 });
    control.request('B');
    control.request('C');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual(['A', 'B', 'C']);
  });
});

describe('DayBatcher pacing (fake clock)', () => {
  const rule: PacingRule = { coalesceMs: 100, factor: 2, maxPauseMs: 1000 };
  let t0: number;

  beforeEach(() => {
    jest.useFakeTimers();
    t0 = Date.now();
  });
  afterEach(() => jest.useRealTimers());

  /** A batcher whose run of a day takes `writeMs[day]` of (fake) time; records when each run started and ended. */
  function pacedBatcher(writeMs: Record<string, number>) {
    const runs: { day: string; start: number; end: number }[] = [];
    const b = new DayBatcher(
      async (day) => {
        const start = Date.now() - t0;
        await new Promise((r) => setTimeout(r, writeMs[day] ?? 10));
        runs.push({ day, start, end: Date.now() - t0 });
      },
      { pacing: rule, attempts: 1, backoffMs: 1 },
    );
    return { b, runs };
  }
  const at = (ms: number) => jest.advanceTimersByTimeAsync(t0 + ms - Date.now());

  it('starts the next write of a day factor x d after the previous one ended, merging what arrives meanwhile', async () => {
    const { b, runs } = pacedBatcher({ D: 400 });
    b.request('D');
    await at(100); // the coalesce delay, then the write (100 -> 500)
    expect(b.activeCount).toBe(1);
    await at(200);
    for (let i = 0; i < 10; i++) b.request('D'); // during the write
    await at(900);
    b.request('D'); // during the rest
    await at(1299);
    expect(runs).toEqual([{ day: 'D', start: 100, end: 500 }]);
    expect(b.waitingCount).toBe(1);
    await at(1300); // 500 + 2 x 400
    expect(b.activeCount).toBe(1);
    await at(5000);
    expect(runs.map((r) => r.start)).toEqual([100, 1300]);
  });

  it('caps the rest at maxPauseMs however long the write took', async () => {
    const { b, runs } = pacedBatcher({ D: 3000 });
    b.request('D');
    await at(1000);
    b.request('D');
    await at(20_000);
    // First write 100 -> 3100; rest min(1000, 6000) = 1000.
    expect(runs.map((r) => r.start)).toEqual([100, 4100]);
  });

  it('rests at least the coalesce delay after a quick write', async () => {
    const { b, runs } = pacedBatcher({ D: 10 });
    b.request('D');
    await at(105);
    b.request('D');
    await at(1000);
    // 100 -> 110, then max(100, 2 x 10) = 100 of rest.
    expect(runs.map((r) => r.start)).toEqual([100, 210]);
  });

  it('adds nothing but the coalesce delay when the last write is long done (a quiet day)', async () => {
    const { b, runs } = pacedBatcher({ D: 400 });
    b.request('D');
    await at(4000);
    b.request('D');
    await at(10_000);
    expect(runs.map((r) => r.start)).toEqual([100, 4100]);
  });

  it('rests each day on its own: a resting day does not hold back another', async () => {
    const { b, runs } = pacedBatcher({ A: 400, B: 50 });
    b.request('A');
    await at(600); // A written 100 -> 500, rests until 1300
    b.request('A');
    b.request('B');
    await at(5000);
    expect(runs.map((r) => `${r.day}@${r.start}`)).toEqual(['A@100', 'B@700', 'A@1300']);
  });

  it('stop() during a rest returns at once and nothing is written after it', async () => {
    const { b, runs } = pacedBatcher({ D: 400 });
    b.request('D');
    await at(600);
    b.request('D');
    let stopped = false;
    void b.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0); // settle promises only: no time passes
    expect(stopped).toBe(true);
    expect(Date.now() - t0).toBe(600);
    await at(10_000);
    expect(runs).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);

    // Control: the same requests on a batcher nobody stops give the second write, within the same fake time.
    t0 = Date.now();
    const control = pacedBatcher({ D: 400 });
    control.b.request('D');
    await at(600);
    control.b.request('D');
    await at(10_000);
    expect(control.runs).toHaveLength(2);
  });

  it('factor 0 turns pacing off: only the coalesce delay separates writes', async () => {
    const runs: number[] = [];
    const b = new DayBatcher(
      async () => {
        runs.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 400));
      },
      { pacing: { coalesceMs: 100, factor: 0, maxPauseMs: 5000 }, attempts: 1, backoffMs: 1 },
    );
    b.request('D');
    await at(200);
    b.request('D');
    await at(5000);
    expect(runs).toEqual([100, 600]);
  });
});
