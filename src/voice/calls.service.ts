import { Injectable } from '@nestjs/common';
import { merge, Observable, Subject } from 'rxjs';
import { Clock } from '@/common/clock.js';
import { ClusterEvents } from '@/cluster-events/cluster-events.js';
import { OrdersService } from '@/orders/orders.service.js';
import { CallReport, CallsRepository, CallTouch, CallTransfer, MissedCallRow } from './calls.repository.js';
import type { CallRecordDto } from './dto/call-record.dto.js';

/** An end-of-call report as read from Vapi: whether its endedReason says the call was forwarded to a number. */
export type ReportedCall = Omit<CallReport, 'forwardedAt'> & { forwarded: boolean };

/** The cluster events topic of changes to the missed-calls list. */
const MISSED_TOPIC = 'calls.missed';
/** A missed call older than this is no longer worth calling back. */
export const MISSED_CALLS_WINDOW_HOURS = 48;
/** The most missed calls listed at once (newest first). */
export const MISSED_CALLS_LIMIT = 50;

/** The call record behind each phone order (see CallsRepository for why events may come in any order). */
@Injectable()
export class CallsService {
  private readonly missedChanged$ = new Subject<void>();

  constructor(
    private readonly calls: CallsRepository,
    private readonly orders: OrdersService,
    private readonly clock: Clock,
    private readonly cluster: ClusterEvents,
  ) {}

  /** Something that may change the missed-calls list happened, here or on another replica. */
  get missedChanges(): Observable<void> {
    return merge(this.missedChanged$, this.cluster.on(MISSED_TOPIC));
  }

  /** Notes a call event (assistant request, status update, an order placed); an ended call stays ended. */
  async touch(event: CallTouch): Promise<void> {
    await this.calls.upsertEvent(event);
    if (event.status === 'ended' || event.orderPlacedAt || event.servedAt) this.announce();
  }

  /** An order was placed in this call: it is no missed call, whatever happens next. */
  async orderPlaced(callId: string, customerPhone: string | null): Promise<void> {
    await this.touch({ callId, customerPhone, orderPlacedAt: this.clock.now() });
  }

  /** The caller's order was looked up or cancelled in this call: the call did its business, it is no missed call. */
  async orderServed(callId: string, customerPhone: string | null): Promise<void> {
    await this.touch({ callId, customerPhone, servedAt: this.clock.now() });
  }

  /** Stores the end-of-call report; a repeat delivery updates the same row (presigned URLs change). */
  async recordReport({ forwarded, ...report }: ReportedCall): Promise<void> {
    await this.calls.upsertReport({ ...report, forwardedAt: forwarded ? (report.endedAt ?? this.clock.now()) : null });
    this.announce();
  }

  /** The assistant asked where to transfer the caller, and was given `to`. */
  async transferRequested(callId: string, to: string, customerPhone: string | null): Promise<void> {
    await this.calls.upsertTransferRequest({ callId, to, customerPhone, at: this.clock.now() });
  }

  /** Vapi put the caller through (status-update `forwarding`): a person took over, so it is no missed call. */
  async forwarded(transfer: Omit<CallTransfer, 'at'> & { at?: Date }): Promise<void> {
    await this.calls.upsertForwarded({ ...transfer, at: transfer.at ?? this.clock.now() });
    this.announce();
  }

  /** The assistant stalled (Vapi's `hang`): unless an order follows, staff see the call as missed at once. */
  async stalled(callId: string, customerPhone: string | null): Promise<void> {
    await this.calls.upsertHang(callId, this.clock.now(), customerPhone);
    this.announce();
  }

  /**
   * Calls of the last MISSED_CALLS_WINDOW_HOURS that ended (or stalled) without an order and were not put through
   * to the restaurant, that staff have not handled; newest first. The orders are asked too, so that an order whose
   * note on the call was lost (a crash between the two) still keeps its call off the list.
   */
  async missedCalls(): Promise<MissedCallRow[]> {
    const since = new Date(this.clock.nowMs() - MISSED_CALLS_WINDOW_HOURS * 3_600_000);
    const candidates = await this.calls.missedCandidates(since, MISSED_CALLS_LIMIT);
    const placed = await Promise.all(candidates.map(async (c) => (await this.orders.idsPlacedInCall(c.callId)).length > 0));
    const ordered = candidates.filter((_, i) => placed[i]).map((c) => c.callId);
    await this.calls.markOrderPlaced(ordered, this.clock.now());
    return candidates.filter((_, i) => !placed[i]);
  }

  /** Staff called back (or decided not to): the call leaves every board. Null when there is no such call. */
  async markMissedHandled(callId: string, user: string): Promise<{ handledAt: Date; handledBy: string } | null> {
    const handled = await this.calls.markHandled(callId, user, this.clock.now());
    if (handled) this.announce();
    return handled;
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
      transfer: call?.transferRequestedAt || call?.forwardedAt ? transferOf(call) : null,
      orderIds,
    };
  }

  private announce(): void {
    this.missedChanged$.next();
    this.cluster.publish(MISSED_TOPIC);
  }
}

function transferOf(call: {
  transferRequestedAt: Date | null;
  forwardedAt: Date | null;
  transferredTo: string | null;
}): NonNullable<CallRecordDto['transfer']> {
  return {
    requestedAt: call.transferRequestedAt?.toISOString() ?? null,
    forwardedAt: call.forwardedAt?.toISOString() ?? null,
    to: call.transferredTo,
  };
}
