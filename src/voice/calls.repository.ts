import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VoiceCall } from './entities/voice-call.entity.js';

export interface CallTouch {
  callId: string;
  status?: string | null;
  customerPhone?: string | null;
  startedAt?: Date | null;
  /** An order was placed in the call, at this time: the call is not a missed call. */
  orderPlacedAt?: Date | null;
  /** The caller's existing order was looked up or cancelled: the call did its business, it is not a missed call. */
  servedAt?: Date | null;
}

export interface CallReport {
  callId: string;
  endedReason: string | null;
  summary: string | null;
  transcript: string | null;
  recordingUrl: string | null;
  cost: number | null;
  customerPhone: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  /** The report says the call was forwarded (endedReason `assistant-forwarded-call`): when, if it says so. */
  forwardedAt: Date | null;
}

/** A step of a transfer to the restaurant: asked for (transfer-destination-request) or done (forwarding). */
export interface CallTransfer {
  callId: string;
  to: string | null;
  at: Date;
  customerPhone: string | null;
}

/** A call without an order that staff have not handled: what the missed-calls panel may show. */
export interface MissedCallRow {
  callId: string;
  customerPhone: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  endedReason: string | null;
  summary: string | null;
  hangAt: Date | null;
  transferRequestedAt: Date | null;
  ended: boolean;
  createdAt: Date;
}

/**
 * The value an upsert writes into a column of personal data, unless the call was anonymized (the nightly retention
 * job, or an erasure on request): then it stays empty, so a report or an event that arrives late (Vapi delivers
 * again after a failure) does not bring back what was erased.
 */
const unlessAnonymized = (value: string) => `CASE WHEN voice_calls.anonymized_at IS NULL THEN ${value} END`;

/** Every upsert keeps the first caller number seen (and none once the call is anonymized). */
const FIRST_PHONE = unlessAnonymized('COALESCE(voice_calls.customer_phone, EXCLUDED.customer_phone)');

/**
 * `voice_calls`. Every write is an upsert on Vapi's call id, so events may arrive in any order and any number
 * of times (Vapi may deliver an end-of-call report twice) and still leave one row.
 */
@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** An ended call stays ended; the first phone number and start time seen are kept. */
  async upsertEvent(event: CallTouch): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, status, customer_phone, started_at, order_placed_at, served_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (call_id) DO UPDATE SET
         status = CASE WHEN voice_calls.status = 'ended' THEN voice_calls.status
                       ELSE COALESCE(EXCLUDED.status, voice_calls.status) END,
         customer_phone = ${FIRST_PHONE},
         started_at = COALESCE(voice_calls.started_at, EXCLUDED.started_at),
         order_placed_at = COALESCE(voice_calls.order_placed_at, EXCLUDED.order_placed_at),
         served_at = COALESCE(voice_calls.served_at, EXCLUDED.served_at),
         updated_at = now()`,
      [
        event.callId,
        event.status ?? null,
        event.customerPhone ?? null,
        event.startedAt ?? null,
        event.orderPlacedAt ?? null,
        event.servedAt ?? null,
      ],
    );
  }

  /** A repeat report updates the same row (presigned URLs change) and counts the deliveries. */
  async upsertReport(report: CallReport): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, status, ended_reason, summary, transcript, recording_url, cost,
                                customer_phone, started_at, ended_at, forwarded_at, reports_received)
       VALUES ($1, 'ended', $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
       ON CONFLICT (call_id) DO UPDATE SET
         status = 'ended',
         ended_reason = COALESCE(EXCLUDED.ended_reason, voice_calls.ended_reason),
         summary = ${unlessAnonymized('COALESCE(EXCLUDED.summary, voice_calls.summary)')},
         transcript = ${unlessAnonymized('COALESCE(EXCLUDED.transcript, voice_calls.transcript)')},
         recording_url = ${unlessAnonymized('COALESCE(EXCLUDED.recording_url, voice_calls.recording_url)')},
         cost = COALESCE(EXCLUDED.cost, voice_calls.cost),
         customer_phone = ${FIRST_PHONE},
         started_at = COALESCE(EXCLUDED.started_at, voice_calls.started_at),
         ended_at = COALESCE(EXCLUDED.ended_at, voice_calls.ended_at),
         forwarded_at = COALESCE(voice_calls.forwarded_at, EXCLUDED.forwarded_at),
         reports_received = voice_calls.reports_received + 1,
         updated_at = now()`,
      [
        report.callId,
        report.endedReason,
        report.summary,
        report.transcript,
        report.recordingUrl,
        report.cost,
        report.customerPhone,
        report.startedAt,
        report.endedAt,
        report.forwardedAt,
      ],
    );
  }

  /** The first request and the latest number are kept (a repeated request asks again, maybe after a change of number). */
  async upsertTransferRequest(t: CallTransfer): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, customer_phone, transfer_requested_at, transferred_to) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id) DO UPDATE SET
         customer_phone = ${FIRST_PHONE},
         transfer_requested_at = COALESCE(voice_calls.transfer_requested_at, EXCLUDED.transfer_requested_at),
         transferred_to = COALESCE(EXCLUDED.transferred_to, voice_calls.transferred_to),
         updated_at = now()`,
      [t.callId, t.customerPhone, t.at, t.to],
    );
  }

  /** Vapi put the call through (status-update `forwarding`): the number it names, else the one we gave. */
  async upsertForwarded(t: CallTransfer): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, status, customer_phone, forwarded_at, transferred_to) VALUES ($1, 'forwarding', $2, $3, $4)
       ON CONFLICT (call_id) DO UPDATE SET
         status = CASE WHEN voice_calls.status = 'ended' THEN voice_calls.status ELSE 'forwarding' END,
         customer_phone = ${FIRST_PHONE},
         forwarded_at = COALESCE(voice_calls.forwarded_at, EXCLUDED.forwarded_at),
         transferred_to = COALESCE(EXCLUDED.transferred_to, voice_calls.transferred_to),
         updated_at = now()`,
      [t.callId, t.customerPhone, t.at, t.to],
    );
  }

  /** The first stall is kept. */
  async upsertHang(callId: string, at: Date, customerPhone: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, customer_phone, hang_at) VALUES ($1, $2, $3)
       ON CONFLICT (call_id) DO UPDATE SET
         customer_phone = ${FIRST_PHONE},
         hang_at = COALESCE(voice_calls.hang_at, EXCLUDED.hang_at),
         updated_at = now()`,
      [callId, customerPhone, at],
    );
  }

  /**
   * Calls since `since` without a known order that ended or stalled, were not put through to the restaurant, and
   * that staff have not handled: newest first. The caller of this checks the orders too (a crash between placing
   * an order and noting it on the call leaves order_placed_at empty).
   */
  async missedCandidates(since: Date, limit: number): Promise<MissedCallRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT call_id, customer_phone, started_at, ended_at, ended_reason, summary, hang_at, transfer_requested_at,
              status = 'ended' AS ended, created_at
         FROM voice_calls
        WHERE order_placed_at IS NULL AND served_at IS NULL AND missed_handled_at IS NULL
          AND (status = 'ended' OR hang_at IS NOT NULL)
          AND forwarded_at IS NULL
          AND COALESCE(ended_at, hang_at, started_at, created_at) >= $1
        ORDER BY COALESCE(ended_at, hang_at, started_at, created_at) DESC, call_id
        LIMIT $2`,
      [since, limit],
    );
    return rows.map((r) => ({
      callId: r.call_id as string,
      customerPhone: (r.customer_phone as string | null) ?? null,
      startedAt: dateOrNull(r.started_at),
      endedAt: dateOrNull(r.ended_at),
      endedReason: (r.ended_reason as string | null) ?? null,
      summary: (r.summary as string | null) ?? null,
      hangAt: dateOrNull(r.hang_at),
      transferRequestedAt: dateOrNull(r.transfer_requested_at),
      ended: r.ended === true,
      createdAt: new Date(r.created_at as string | Date),
    }));
  }

  /** Notes orders found for calls whose row did not know of them, so they leave the candidates for good. */
  async markOrderPlaced(callIds: string[], at: Date): Promise<void> {
    if (callIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE voice_calls SET order_placed_at = COALESCE(order_placed_at, $2), updated_at = now() WHERE call_id = ANY($1)`,
      [callIds, at],
    );
  }

  /** The first staff member to handle it is kept; null when there is no such call. */
  async markHandled(callId: string, user: string, at: Date): Promise<{ handledAt: Date; handledBy: string } | null> {
    const rows: { missed_handled_at: Date | string; missed_handled_by: string }[] = await this.dataSource.query(
      // In a WITH, so that the driver answers with the rows (an UPDATE's answer is [rows, count]).
      `WITH handled AS (
         UPDATE voice_calls SET missed_handled_at = COALESCE(missed_handled_at, $2),
                                missed_handled_by = COALESCE(missed_handled_by, $3), updated_at = now()
          WHERE call_id = $1
          RETURNING missed_handled_at, missed_handled_by)
       SELECT missed_handled_at, missed_handled_by FROM handled`,
      [callId, at, user],
    );
    const row = rows[0];
    return row ? { handledAt: new Date(row.missed_handled_at), handledBy: row.missed_handled_by } : null;
  }

  findByCallId(callId: string): Promise<VoiceCall | null> {
    return this.dataSource.manager.findOneBy(VoiceCall, { callId });
  }
}

function dateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string | Date);
}
