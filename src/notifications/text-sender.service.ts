import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { filter, Subscription } from 'rxjs';
import { Sweeper } from '@/common/sweeper.js';
import { notificationsConfig } from '@/config/notifications.config.js';
import { OrderEvents } from '@/orders/order-events.js';
import { OrdersService } from '@/orders/orders.service.js';
import { MESSAGE_LABELS, MessageKind } from './message-templates.js';
import { Notifier, NotifierFailure, SentText } from './notifier.js';
import { afterSend, LEASE_LAPSED, TextRetryPolicy } from './outbox-policy.js';
import { ClaimedText, OutboundMessagesRepository, TextOutcome } from './outbound-messages.repository.js';

/** Texts claimed per database round trip; a sweep takes batches until none is due. */
const BATCH = 20;
/** The history actor of texts. */
const ACTOR = 'texts';

/**
 * Sends the texts the outbox holds. A text is written in the same transaction as the change that causes it (the
 * order insert, a status change), so a crash, a restart or a Redis outage loses none. Every API process sweeps
 * (at start, every TEXT_SWEEP_MS, and at once after an order change it made): due texts are claimed with
 * `FOR UPDATE SKIP LOCKED` and a lease, so two replicas never send one text; the outcome is recorded with the
 * provider's id, and a text recorded as sent is never claimed again.
 *
 * At most once: Twilio takes no idempotency key, so a text is sent again only when the provider certainly did
 * not take it (an error answer, a refused connection), with exponential backoff up to TEXT_MAX_ATTEMPTS. A send
 * with no answer in time, or a process that dies between handing the text to Twilio and recording it (its lease
 * runs out), ends the text as failed, never as a second send: in that window a customer may get the text while
 * the order shows it failed, never twice. Outcomes (sent, failed, skipped for an opted-out number) join the
 * order's history.
 */
@Injectable()
export class TextSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Texts');
  private readonly policy: TextRetryPolicy;
  private readonly sweeper: Sweeper;
  /** Longer than one send can take: until then no other process may claim the text. */
  private readonly leaseMs: number;
  private subscription: Subscription | null = null;

  constructor(
    private readonly texts: OutboundMessagesRepository,
    private readonly notifier: Notifier,
    private readonly orders: OrdersService,
    private readonly events: OrderEvents,
    @Inject(notificationsConfig.KEY) config: ConfigType<typeof notificationsConfig>,
  ) {
    this.policy = { maxAttempts: config.maxAttempts, firstRetryDelayMs: config.retryDelayMs };
    this.sweeper = new Sweeper('Text sweep', config.sweepMs, () => this.sweep(), this.logger);
    this.leaseMs = 2 * config.twilioTimeoutMs + 30_000;
  }

  onApplicationBootstrap(): void {
    // An order placed or moved by this process may have written a text: send it now rather than at the next tick.
    this.subscription = this.events.stream
      .pipe(filter((e) => e.type === 'order.created' || e.type === 'order.status'))
      .subscribe(() => this.kick());
    this.sweeper.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.sweeper.stop();
  }

  /** Sweeps now, or once more when the sweep running now is done. */
  kick(): void {
    this.sweeper.kick();
  }

  /** Ends the texts whose claim lapsed, then sends every text due now; returns how many sends it tried. */
  async sweep(): Promise<number> {
    await this.failLapsed();
    let tried = 0;
    for (;;) {
      const claimed = await this.texts.claimDue(BATCH, this.leaseMs);
      for (const text of claimed) {
        await this.deliver(text);
        tried++;
      }
      if (claimed.length < BATCH || this.sweeper.stopping) return tried;
    }
  }

  private async failLapsed(): Promise<void> {
    const lapsed = await this.texts.transaction(async (tx) => {
      const rows = await this.texts.failLapsed(tx, LEASE_LAPSED);
      for (const row of rows) {
        await this.orders.recordMessageOutcome(tx, row.orderId, {
          to: 'failed',
          actor: ACTOR,
          note: `${label(row.kind)}: ${LEASE_LAPSED}`,
        });
      }
      return rows;
    });
    for (const row of lapsed) this.logger.error(`Text ${row.kind} of order ${row.orderId}: ${LEASE_LAPSED}`);
  }

  private async deliver(text: ClaimedText): Promise<void> {
    const sent = (await this.texts.isOptedOut(text.toPhone)) ? null : await this.send(text);
    const outcome: TextOutcome = sent
      ? afterSend(text.attempts, sent, this.policy)
      : { status: 'skipped', lastError: 'The customer replied STOP to our texts; nothing is sent to this number until they reply START' };
    // Twilio knew of a STOP we missed (its webhook never reached us): the next texts are not even tried.
    if (sent instanceof NotifierFailure && sent.optedOut) await this.texts.optOut(text.toPhone, 'TWILIO-21610');
    try {
      await this.texts.transaction(async (tx) => {
        if (!(await this.texts.record(tx, text, outcome))) return;
        // A retry to come is not an outcome yet: the history shows only how a text ended.
        if (outcome.status === 'pending') return;
        const note = outcome.status === 'sent' ? `${label(text.kind)}: ${text.body}` : `${label(text.kind)}: ${outcome.lastError}`;
        await this.orders.recordMessageOutcome(tx, text.orderId, { to: outcome.status, actor: ACTOR, note });
      });
    } catch (err) {
      // The lease runs out and the text ends as failed (never sent twice); the log keeps what the provider said.
      this.logger.error(`Could not record the ${text.kind} text of order ${text.orderId} (${outcome.status}): ${messageOf(err)}`);
      return;
    }
    const what = `Text ${text.kind} of order ${text.orderId} (attempt ${text.attempts} of ${this.policy.maxAttempts})`;
    if (outcome.status === 'sent') this.logger.log(`${what} sent: ${outcome.providerId}`);
    else if (outcome.status === 'pending') this.logger.warn(`${what} failed, retried in ${outcome.retryInMs} ms: ${outcome.lastError}`);
    else this.logger.warn(`${what} ${outcome.status}: ${outcome.lastError}`);
  }

  /** One send; never throws. */
  private async send(text: ClaimedText): Promise<SentText | NotifierFailure> {
    try {
      return await this.notifier.send({ to: text.toPhone, body: text.body });
    } catch (err) {
      return err instanceof NotifierFailure ? err : new NotifierFailure(`The text could not be sent: ${messageOf(err)}`, false);
    }
  }
}

function label(kind: string): string {
  return MESSAGE_LABELS[kind as MessageKind] ?? kind;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
