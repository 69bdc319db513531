import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@/common/domain-error.js';
import { Observable } from 'rxjs';
import { CallsService, MISSED_CALLS_WINDOW_HOURS } from './calls.service.js';

/** What the dashboard shows about the phone call that placed an order. */
export interface CallSummary {
  id: string;
  startedAt: string | null;
  endedAt: string | null;
  endedReason: string | null;
  summary: string | null;
  /** Plain text, one line per turn ("AI: ...", "User: ..."). */
  transcript: string | null;
  recordingUrl: string | null;
  customerPhone: string | null;
}

/** A call that ended without an order, for staff to call back. */
export interface MissedCall {
  callId: string;
  /** E.164, or null when the caller withheld it. */
  customerPhone: string | null;
  /** When it ended (or the assistant stalled, or it started: the latest known). */
  at: string;
  /** The call is over (false: the assistant stalled, Vapi's `hang`, and the call has not been reported ended yet). */
  ended: boolean;
  /** The assistant stalled during the call (model, voice or a tool too slow): the caller may have given up. */
  assistantStalled: boolean;
  endedReason: string | null;
  /** Vapi's summary of the call, when its report had one. */
  summary: string | null;
  /** The caller asked for a person and the transfer did not go through. */
  askedForPerson: boolean;
}

export interface MissedCalls {
  calls: MissedCall[];
  /** How far back the list looks. */
  windowHours: number;
}

/**
 * What the dashboard's order detail reads about the phone call behind an order. VoiceModule exports it and
 * DashboardModule imports VoiceModule: the dashboard depends on the feature it shows.
 */
@Injectable()
export class CallsDashboardProvider {
  constructor(private readonly calls: CallsService) {}

  async missedCalls(): Promise<MissedCalls> {
    const rows = await this.calls.missedCalls();
    return {
      windowHours: MISSED_CALLS_WINDOW_HOURS,
      calls: rows.map((r) => ({
        callId: r.callId,
        customerPhone: r.customerPhone,
        at: (r.endedAt ?? r.hangAt ?? r.startedAt ?? r.createdAt).toISOString(),
        ended: r.ended,
        assistantStalled: r.hangAt !== null,
        endedReason: r.endedReason,
        summary: r.summary,
        askedForPerson: r.transferRequestedAt !== null,
      })),
    };
  }

  /** Staff dealt with a missed call; the first to do so is kept (who and when). */
  async markMissedHandled(callId: string, user: string): Promise<{ callId: string; handledAt: string; handledBy: string }> {
    const handled = callId.length <= 100 ? await this.calls.markMissedHandled(callId, `dashboard:${user}`) : null;
    if (!handled) throw new NotFoundError('Call');
    return { callId, handledAt: handled.handledAt.toISOString(), handledBy: handled.handledBy };
  }

  /** The missed-calls list may have changed (here or on another replica). */
  get missedChanges(): Observable<void> {
    return this.calls.missedChanges;
  }

  /** The call an order was placed in (`order.voiceCallId` is the Vapi call id), or null. */
  async callForOrder(order: { id: string; voiceCallId: string | null }): Promise<CallSummary | null> {
    if (!order.voiceCallId) return null;
    const call = await this.calls.findByCallId(order.voiceCallId);
    if (!call) return null;
    return {
      id: call.callId,
      startedAt: call.startedAt,
      endedAt: call.endedAt,
      endedReason: call.endedReason,
      summary: call.summary,
      transcript: call.transcript,
      recordingUrl: call.recordingUrl,
      customerPhone: call.customerPhone,
    };
  }
}
