import { Injectable } from '@nestjs/common';
import { CallSummary, DashboardCallsProvider } from '@/dashboard/dashboard-integrations.js';
import { CallsService } from './calls.service.js';

/** What the dashboard's order detail shows about the phone call that placed an order. */
@Injectable()
export class CallsDashboardProvider extends DashboardCallsProvider {
  constructor(private readonly calls: CallsService) {
    super();
  }

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
