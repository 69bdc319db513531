export interface DayBatcherOptions {
  /** Wait this long after the first request for a day so a burst of changes becomes one write. */
  coalesceMs: number;
  /** Attempts per run (the first included) before the day is left to the reconciler. */
  attempts: number;
  /** First retry delay; doubles on every further attempt. */
  backoffMs: number;
  onError?: (day: string, err: unknown, attempt: number) => void;
}

/**
 * The in-process queue (development without Redis), with the semantics the BullMQ queue gets from
 * `deduplication: {keepLastIfActive}`: requests for a day that is waiting are merged; a request while that
 * day is being written schedules exactly one more run after it; runs are serialized, so every pending change
 * of a day goes into one write no matter how many orders arrived.
 */
export class DayBatcher {
  private readonly waiting = new Set<string>();
  private readonly rerun = new Set<string>();
  private active: string | null = null;
  private timer: NodeJS.Timeout | null = null;
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
    else this.waiting.add(day);
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
      await new Promise((r) => setTimeout(r, Math.max(5, this.options.coalesceMs)));
    }
  }

  /** Finishes the write in progress and drops the rest (the database still marks it pending). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting.clear();
    this.rerun.clear();
    await this.current;
  }

  private schedule(): void {
    if (this.timer || this.active || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.current = this.drain();
    }, this.options.coalesceMs);
  }

  private async drain(): Promise<void> {
    for (;;) {
      const day = this.waiting.values().next().value as string | undefined;
      if (day === undefined || this.stopped) break;
      this.waiting.delete(day);
      this.active = day;
      await this.runWithRetry(day);
      this.active = null;
      if (this.rerun.delete(day)) this.waiting.add(day);
    }
    if (!this.stopped && this.waiting.size > 0) this.schedule();
  }

  private async runWithRetry(day: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.stats.runs++;
        await this.run(day);
        return;
      } catch (err) {
        this.options.onError?.(day, err, attempt);
        if (attempt >= this.options.attempts || this.stopped) {
          this.stats.failed++;
          return;
        }
        await new Promise((r) => setTimeout(r, this.options.backoffMs * 2 ** (attempt - 1)));
      }
    }
  }
}
