import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '@/common/clock.js';
import { Sweeper } from '@/common/sweeper.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { retentionConfig } from '@/config/retention.config.js';
import { ExportScheduler } from '@/export/export-scheduler.js';
import { isRetentionDue, RetentionCutoffs, retentionCutoffs } from './retention-cutoff.js';
import { PersonalDataRepository } from './personal-data.repository.js';

/** Rows per transaction: each batch holds its row locks for one short transaction, never the whole night's work. */
const BATCH = 200;
/** How often each process asks whether tonight's run is due (and not done by another replica). */
const CHECK_EVERY_MS = 10 * 60_000;
/** The first check waits this long after start, so a restart storm does not all look at once. */
const FIRST_CHECK_MS = 60_000;

/** What a night's run did; `claimed: false` when another caller (a replica, an earlier run) has that night. */
export interface RetentionRun {
  night: string;
  claimed: boolean;
  cutoffs: RetentionCutoffs;
  orders: number;
  calls: number;
  recordings: number;
  ms: number;
}

/**
 * The nightly retention job (README "Personal data and retention"). Every API process checks every ten minutes
 * whether the restaurant's night is due (RETENTION_HOUR, restaurant time) and not yet claimed; the process whose
 * `INSERT ... ON CONFLICT DO NOTHING` makes the night's `retention_runs` row runs it, every other replica skips it.
 * The run anonymizes, in batches of one short transaction each: finished orders older than RETENTION_MONTHS (with
 * everything hanging off them), calls older than that, and recordings and transcripts older than
 * CALL_RECORDING_RETENTION_DAYS. Each batch only takes rows still holding the data, so a run cut short (a crash,
 * a shutdown) is finished by the next night's, and the days whose orders changed have their workbooks rebuilt.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly sweeper: Sweeper;
  private firstCheck: NodeJS.Timeout | null = null;
  /** The last night this process saw claimed: no database question until the next one. */
  private claimedNight: string | null = null;

  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly exports: ExportScheduler,
    private readonly clock: Clock,
    @Inject(retentionConfig.KEY) private readonly config: ConfigType<typeof retentionConfig>,
    @Inject(restaurantConfig.KEY) private readonly restaurant: ConfigType<typeof restaurantConfig>,
  ) {
    this.sweeper = new Sweeper('Retention run', CHECK_EVERY_MS, () => this.runIfDue(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.firstCheck = setTimeout(() => this.sweeper.start(), FIRST_CHECK_MS);
    this.firstCheck.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.firstCheck) clearTimeout(this.firstCheck);
    await this.sweeper.stop();
  }

  /** Runs tonight's job when it is due and no one has claimed it; null when there was nothing to do. */
  async runIfDue(): Promise<RetentionRun | null> {
    const now = this.clock.now();
    const { night } = this.cutoffsAt(now);
    if (night === this.claimedNight || !isRetentionDue(now, this.restaurant.timezone, this.config.hour)) return null;
    if (await this.personalData.isNightClaimed(night)) {
      this.claimedNight = night;
      return null;
    }
    return this.runNight();
  }

  /** Claims the night `now` falls in and, if this caller got it, runs it (whatever the hour: tests, an operator). */
  async runNight(): Promise<RetentionRun> {
    const started = Date.now();
    const now = this.clock.now();
    const cutoffs = this.cutoffsAt(now);
    const run: RetentionRun = { night: cutoffs.night, claimed: false, cutoffs, orders: 0, calls: 0, recordings: 0, ms: 0 };
    run.claimed = await this.personalData.claimNight(cutoffs.night, now);
    this.claimedNight = cutoffs.night;
    if (!run.claimed) return run;

    const days = new Set<string>();
    run.orders = await this.inBatches(async () => {
      return this.personalData.transaction(async (tx) => {
        const ids = await this.personalData.lockExpiredOrders(tx, cutoffs.orders, BATCH);
        const { counts, orders } = await this.personalData.anonymizeOrders(tx, ids, this.clock.now());
        run.calls += counts.calls;
        for (const order of orders) days.add(order.businessDate);
        return ids.length;
      });
    });
    run.calls += await this.inBatches(() =>
      this.personalData.transaction((tx) => this.personalData.anonymizeExpiredCalls(tx, cutoffs.orders, BATCH, this.clock.now())),
    );
    run.recordings = await this.inBatches(() =>
      this.personalData.transaction((tx) => this.personalData.clearExpiredRecordings(tx, cutoffs.recordings, BATCH)),
    );
    for (const day of days) await this.exports.requestDay(day).catch(() => undefined);
    const unfinished = await this.personalData.countExpiredUnfinished(cutoffs.orders);
    run.ms = Date.now() - started;
    await this.personalData.finishNight(cutoffs.night, this.clock.now(), run);

    this.logger.log(
      `Retention night ${run.night}: anonymized ${run.orders} order(s) placed before ${cutoffs.orders.toISOString()} ` +
        `(${days.size} workbook day(s) to rebuild) and ${run.calls} call(s); cleared ${run.recordings} recording(s) and ` +
        `transcript(s) of calls before ${cutoffs.recordings.toISOString()}; in ${run.ms} ms`,
    );
    if (unfinished > 0) {
      this.logger.warn(
        `${unfinished} order(s) placed before ${cutoffs.orders.toISOString()} are still in progress and keep their personal data ` +
          'until staff complete or cancel them',
      );
    }
    return run;
  }

  private cutoffsAt(now: Date): RetentionCutoffs {
    return retentionCutoffs(now, this.restaurant.timezone, this.config.months, this.config.recordingDays);
  }

  /** Repeats a batch until one comes back short (or the process is stopping); answers the rows done. */
  private async inBatches(batch: () => Promise<number>): Promise<number> {
    let done = 0;
    for (;;) {
      const n = await batch();
      done += n;
      if (n < BATCH || this.sweeper.stopping) return done;
    }
  }
}
