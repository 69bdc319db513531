import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MessageKind } from './message-templates.js';

/** A text decided for an order, to be written with the change that causes it. */
export interface QueuedText {
  orderId: string;
  toPhone: string;
  kind: MessageKind;
  body: string;
}

/** A text one process has claimed for one send (see `claimDue`). */
export interface ClaimedText extends QueuedText {
  id: string;
  /** Sends tried, this one included: the outcome is recorded only while the row still shows this number. */
  attempts: number;
}

/** A text whose claim lapsed and which is now marked failed (see `failLapsed`). */
export type LapsedText = Pick<ClaimedText, 'id' | 'orderId' | 'kind'>;

export type TextOutcome =
  | { status: 'sent'; providerId: string }
  | { status: 'pending'; lastError: string; retryInMs: number }
  | { status: 'failed' | 'skipped'; lastError: string };

/**
 * The tables `outbound_messages` (the outbox) and `sms_opt_outs`. Scheduling runs on the database clock (now()),
 * like every lease in this service, so replicas with skewed clocks agree on what is due.
 */
@Injectable()
export class OutboundMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Writes a text due now, in `tx` when given (the transaction of its cause). A second text of the same kind for
   * the same order is not written: returns false.
   */
  async queue(tx: EntityManager | null, text: QueuedText): Promise<boolean> {
    const rows: unknown[] = await (tx ?? this.dataSource.manager).query(
      `INSERT INTO outbound_messages (order_id, to_phone, kind, body) VALUES ($1, $2, $3, $4)
       ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
      [text.orderId, text.toPhone, text.kind, text.body],
    );
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` pending texts that are due, for one send each: marks them `sending`, counts the attempt
   * and leases them for `leaseMs`, so no other process (`SKIP LOCKED` while this commits, the lease after) sends
   * them too. A text whose lease runs out is not claimed again: `failLapsed` ends it.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedText[]> {
    const rows: (Omit<ClaimedText, 'attempts'> & { attempts: number | string })[] = await this.dataSource.query(
      `WITH due AS (
         SELECT id FROM outbound_messages
          WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE outbound_messages m SET status = 'sending', attempts = m.attempts + 1,
                next_attempt_at = now() + $2::double precision * interval '1 millisecond'
           FROM due WHERE m.id = due.id
         RETURNING m.id, m.order_id, m.to_phone, m.kind, m.body, m.attempts)
       SELECT id, order_id AS "orderId", to_phone AS "toPhone", kind, body, attempts FROM claimed`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
  }

  /**
   * Records the outcome of a claimed send, in `tx`, if the claim still holds (same attempt, still `sending`): a
   * row already recorded, or reclaimed after its lease, is left alone. Returns whether it was recorded.
   */
  async record(tx: EntityManager, claimed: Pick<ClaimedText, 'id' | 'attempts'>, outcome: TextOutcome): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      // In a WITH, so that the driver answers with the rows (an UPDATE's answer is [rows, count]).
      `WITH changed AS (
         UPDATE outbound_messages
            SET status = $3::varchar,
                provider_id = $4,
                sent_at = CASE WHEN $3::varchar = 'sent' THEN now() ELSE sent_at END,
                last_error = $5,
                next_attempt_at = CASE WHEN $6::double precision IS NULL THEN next_attempt_at
                                       ELSE now() + $6::double precision * interval '1 millisecond' END
          WHERE id = $1 AND attempts = $2 AND status = 'sending'
          RETURNING id)
       SELECT id FROM changed`,
      [
        claimed.id,
        claimed.attempts,
        outcome.status,
        outcome.status === 'sent' ? outcome.providerId : null,
        outcome.status === 'sent' ? null : outcome.lastError.slice(0, 300),
        outcome.status === 'pending' ? outcome.retryInMs : null,
      ],
    );
    return rows.length === 1;
  }

  /** Marks failed, in `tx`, every text whose send lease ran out (LEASE_LAPSED) and returns them. */
  async failLapsed(tx: EntityManager, reason: string): Promise<LapsedText[]> {
    return tx.query(
      `WITH lapsed AS (
         SELECT id FROM outbound_messages WHERE status = 'sending' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED
       ), failed AS (
         UPDATE outbound_messages m SET status = 'failed', last_error = $1 FROM lapsed WHERE m.id = lapsed.id
         RETURNING m.id, m.order_id, m.kind)
       SELECT id, order_id AS "orderId", kind FROM failed`,
      [reason.slice(0, 300)],
    );
  }

  async isOptedOut(phone: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM sms_opt_outs WHERE phone = $1`, [phone]);
    return rows.length > 0;
  }

  async optOut(phone: string, keyword: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO sms_opt_outs (phone, keyword) VALUES ($1, $2) ON CONFLICT (phone) DO UPDATE SET keyword = excluded.keyword, created_at = now()`,
      [phone, keyword],
    );
  }

  async optIn(phone: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sms_opt_outs WHERE phone = $1`, [phone]);
  }
}
