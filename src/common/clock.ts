import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time business rules read: opening hours, an order's business day and timestamps, the board's "today",
 * status changes, the time the voice assistant tells a caller. An abstract class is the DI token, so a test
 * sets the time (a daylight-saving day, one minute before closing) by overriding one provider.
 *
 * Infrastructure timing stays on the real clock: timeouts, retry and pacing timers, latency figures, log
 * lines, rate-limit windows, session expiry and webhook signature ages (README, "Clock").
 */
export abstract class Clock {
  abstract now(): Date;

  /** `now()` in epoch milliseconds. */
  nowMs(): number {
    return this.now().getTime();
  }
}

/** The machine's clock. */
@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }

  override nowMs(): number {
    return Date.now();
  }
}

/** Provides `Clock` everywhere; imported once by AppModule and WorkerModule. */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class ClockModule {}
