import { PacingRule, restAfterWrite } from './export-pacing.js';

export interface DayBatcherOptions {
  /**
   * A day's first request waits `coalesceMs` so a burst of changes becomes one write; after a run the day rests
   * as `restAfterWrite` says before its next run.
   */
  pacing: PacingRule;
  /** Attempts per run (the first included) before the day is left to the reconciler. */
  attempts: number;
  /** First retry delay; doubles on every further attempt. */
  backoffMs: number;
  onError?: (day: string, err: unknown, attempt: number) => void;
}

/**
 * The in-process queue (development without Redis), with the semantics the BullMQ queue gets from
 * `deduplication: {keepLastIfActive}` and the export processor's pacing: requests for a day that is waiting
 * (or resting after its last write) are merged; a request while that day is being written schedules exactly one
 * more run, once the day's rest is over; runs are serialized, so every pending change of a day goes into one
 * write no matter how many orders arrived.
 */
export class DayBatcher {
  /** Days with a run to do, and the earliest time each may start. */
  private readonly waiting = new Map<string, number>();
  private readonly rerun = new Set<string>();
  /** When each recently written day's rest ends. */
  private readonly restingUntil = new Map<string, number>();
  private active: string | null = null;
  private draining = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = 0;
  private current: Promise<void> = Promise.resolve();
  private stopped = false;
  readonly stats = { requested: 0, runs: 0, failed: 0 };

  constructor(
    private readonly run: (day: string) => Promise<unknown>,
    private readonly options: DayBatcherOptions,
  ) {}

  request(day: string): void {
    if (this.stopped) return;
    this.stats.requested++;
    if (day === this.active) this.rerun.add(day);
    else if (!this.waiting.has(day)) {
      this.waiting.set(day, Math.max(Date.now() + this.options.pacing.coalesceMs, this.restingUntil.get(day) ?? 0));
    }
    this.schedule();
  }

  get waitingCount(): number {
    return this.waiting.size + this.rerun.size;
  }

  get activeCount(): number {
    return this.active ? 1 : 0;
  }

  /** Resolves when nothing is waiting or running. */
  async idle(): Promise<void> {
    while (this.active || this.waiting.size > 0 || this.rerun.size > 0 || this.timer) {
      await this.current;
      await new Promise((r) => setTimeout(r, Math.max(5, this.options.pacing.coalesceMs)));
    }
  }

  /** Finishes the write in progress and drops the rest, resting days too (the database still marks them pending). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
    this.rerun.clear();
    await this.current;
  }

  /** One timer, for the earliest due day; a drain in progress reschedules when it ends. */
  private schedule(): void {
    if (this.draining || this.stopped || this.waiting.size === 0) return;
    const due = Math.min(...this.waiting.values());
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.current = this.drain();
      },
      Math.max(0, due - Date.now()),
    );
  }

  private async drain(): Promise<void> {
    this.draining = true;
    for (;;) {
      const now = Date.now();
      const day = [...this.waiting].find(([, due]) => due <= now)?.[0];
      if (day === undefined || this.stopped) break;
      this.waiting.delete(day);
      this.active = day;
      const ms = await this.runWithRetry(day);
      this.active = null;
      const restEnd = Date.now() + restAfterWrite(ms, this.options.pacing);
      this.restingUntil.set(day, restEnd);
      if (this.rerun.delete(day)) this.waiting.set(day, restEnd);
    }
    const now = Date.now();
    for (const [day, until] of this.restingUntil) if (until <= now) this.restingUntil.delete(day);
    this.draining = false;
    this.schedule();
  }

  /** Returns how long the last attempt took: the cost the day's rest is proportional to. */
  private async runWithRetry(day: string): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        this.stats.runs++;
        await this.run(day);
        return Date.now() - started;
      } catch (err) {
        const ms = Date.now() - started;
        this.options.onError?.(day, err, attempt);
        if (attempt >= this.options.attempts || this.stopped) {
          this.stats.failed++;
          return ms;
        }
        await new Promise((r) => setTimeout(r, this.options.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}
