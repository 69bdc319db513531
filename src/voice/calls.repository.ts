import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VoiceCall } from './entities/voice-call.entity.js';

export interface CallTouch {
  callId: string;
  status?: string | null;
  customerPhone?: string | null;
  startedAt?: Date | null;
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
}

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
      `INSERT INTO voice_calls (call_id, status, customer_phone, started_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id) DO UPDATE SET
         status = CASE WHEN voice_calls.status = 'ended' THEN voice_calls.status
                       ELSE COALESCE(EXCLUDED.status, voice_calls.status) END,
         customer_phone = COALESCE(voice_calls.customer_phone, EXCLUDED.customer_phone),
         started_at = COALESCE(voice_calls.started_at, EXCLUDED.started_at),
         updated_at = now()`,
      [event.callId, event.status ?? null, event.customerPhone ?? null, event.startedAt ?? null],
    );
  }

  /** A repeat report updates the same row (presigned URLs change) and counts the deliveries. */
  async upsertReport(report: CallReport): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO voice_calls (call_id, status, ended_reason, summary, transcript, recording_url, cost,
                                customer_phone, started_at, ended_at, reports_received)
       VALUES ($1, 'ended', $2, $3, $4, $5, $6, $7, $8, $9, 1)
       ON CONFLICT (call_id) DO UPDATE SET
         status = 'ended',
         ended_reason = COALESCE(EXCLUDED.ended_reason, voice_calls.ended_reason),
         summary = COALESCE(EXCLUDED.summary, voice_calls.summary),
         transcript = COALESCE(EXCLUDED.transcript, voice_calls.transcript),
         recording_url = COALESCE(EXCLUDED.recording_url, voice_calls.recording_url),
         cost = COALESCE(EXCLUDED.cost, voice_calls.cost),
         customer_phone = COALESCE(voice_calls.customer_phone, EXCLUDED.customer_phone),
         started_at = COALESCE(EXCLUDED.started_at, voice_calls.started_at),
         ended_at = COALESCE(EXCLUDED.ended_at, voice_calls.ended_at),
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
      ],
    );
  }

  findByCallId(callId: string): Promise<VoiceCall | null> {
    return this.dataSource.manager.findOneBy(VoiceCall, { callId });
  }
}
