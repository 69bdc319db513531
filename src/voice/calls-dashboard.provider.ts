import { Injectable } from '@nestjs/common';
import { CallsService } from './calls.service.js';

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

/**
 * What the dashboard's order detail reads about the phone call behind an order. VoiceModule exports it and
 * DashboardModule imports VoiceModule: the dashboard depends on the feature it shows.
 */
@Injectable()
export class CallsDashboardProvider {
  constructor(private readonly calls: CallsService) {}

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
