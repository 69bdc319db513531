import type { Logger } from '@nestjs/common';

/**
 * Runs one job that finds its own work in the database (due refunds, texts to send): at start, every `everyMs`, and
 * whenever `kick` says there may be new work. One run at a time in this process; a kick during a run asks for one
 * more run after it, so nothing kicked is left waiting for the next tick. A failed run is logged and the next one
 * tries again. Across processes, the job's own claims (FOR UPDATE SKIP LOCKED) keep two replicas off the same row.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  /** Whether `stop` was called: a run that loops over batches ends after the current one. */
  get stopping(): boolean {
    return this.stopped;
  }

  constructor(
    /** What a failed run is called in the log: "Refund sweep", "Text sweep". */
    private readonly name: string,
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), this.everyMs);
    this.timer.unref();
  }

  /** Runs now, or once more when the run going now is done. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .then(() => undefined)
      .catch((err: unknown) =>
        this.logger.warn(`${this.name} failed (the next one retries): ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** No more runs; waits for the one going now. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Resolves when no run is going (tests, and a caller that wants the work it kicked to be done). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
