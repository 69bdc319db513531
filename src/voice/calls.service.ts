import { Injectable } from '@nestjs/common';
import { OrdersService } from '@/orders/orders.service.js';
import { CallReport, CallsRepository, CallTouch } from './calls.repository.js';
import type { CallRecordDto } from './dto/call-record.dto.js';

/** The call record behind each phone order (see CallsRepository for why events may come in any order). */
@Injectable()
export class CallsService {
  constructor(
    private readonly calls: CallsRepository,
    private readonly orders: OrdersService,
  ) {}

  /** Notes a call event (assistant request, status update, an order placed); an ended call stays ended. */
  async touch(event: CallTouch): Promise<void> {
    await this.calls.upsertEvent(event);
  }

  /** Stores the end-of-call report; a repeat delivery updates the same row (presigned URLs change). */
  async recordReport(report: CallReport): Promise<void> {
    await this.calls.upsertReport(report);
  }

  /** The call with the ids of the orders placed during it; null when neither exists. */
  async findByCallId(callId: string): Promise<CallRecordDto | null> {
    const [call, orderIds] = await Promise.all([this.calls.findByCallId(callId), this.orders.idsPlacedInCall(callId)]);
    if (!call && orderIds.length === 0) return null;
    return {
      callId,
      status: call?.status ?? null,
      endedReason: call?.endedReason ?? null,
      summary: call?.summary ?? null,
      transcript: call?.transcript ?? null,
      recordingUrl: call?.recordingUrl ?? null,
      cost: call?.cost != null ? Number(call.cost) : null,
      customerPhone: call?.customerPhone ?? null,
      startedAt: call?.startedAt?.toISOString() ?? null,
      endedAt: call?.endedAt?.toISOString() ?? null,
      orderIds,
    };
  }
}
