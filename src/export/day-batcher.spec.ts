import { DayBatcher } from './day-batcher';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('DayBatcher (in-process export queue)', () => {
  it('merges a burst of requests for one day into one run', async () => {
    const runs: string[] = [];
    const b = new DayBatcher(async (day) => void runs.push(day), { coalesceMs: 20, attempts: 1, backoffMs: 1 });
    for (let i = 0; i < 100; i++) b.request('2025-11-28');
    b.request('2025-11-29');
    await b.idle();
    expect(runs.sort()).toEqual(['2025-11-28', '2025-11-29']);
  });

  it('runs a day once more when it changes during its write, and never twice at once', async () => {
    const gate = deferred();
    let running = 0;
    let maxParallel = 0;
    const runs: number[] = [];
    const b = new DayBatcher(
      async () => {
        running++;
        maxParallel = Math.max(maxParallel, running);
        runs.push(Date.now());
        if (runs.length === 1) await gate.promise;
        running--;
      },
      { coalesceMs: 5, attempts: 1, backoffMs: 1 },
    );
    b.request('D');
    await new Promise((r) => setTimeout(r, 30));
    expect(b.activeCount).toBe(1);
    // Ten changes land during the first write: they become exactly one follow-up run.
    for (let i = 0; i < 10; i++) b.request('D');
    expect(b.waitingCount).toBe(1);
    gate.resolve();
    await b.idle();
    expect(runs).toHaveLength(2);
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
      { coalesceMs: 1, attempts: 3, backoffMs: 5, onError: (_d, _e, attempt) => errors.push(attempt) },
    );
    b.request('D');
    await b.idle();
    expect(calls).toBe(3);
    expect(errors).toEqual([1, 2, 3]);
    expect(b.stats.failed).toBe(1);
  });

  it('stop() lets the run in progress finish and drops what waits', async () => {
    const gate = deferred();
    const runs: string[] = [];
    const b = new DayBatcher(
      async (day) => {
        runs.push(day);
        await gate.promise;
      },
      { coalesceMs: 1, attempts: 1, backoffMs: 1 },
    );
    b.request('A');
    await new Promise((r) => setTimeout(r, 20));
    b.request('B');
    let stopped = false;
    const stopping = b.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(runs).toEqual(['A']);
    b.request('C');
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toEqual(['A']);
  });
});
