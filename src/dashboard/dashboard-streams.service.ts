import { BeforeApplicationShutdown, Injectable, MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, of, Subject, takeUntil } from 'rxjs';
import { DashboardEventsSource } from './dashboard-events.source.js';

/** A comment every 15 s keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How soon a browser's EventSource reconnects after the stream drops. */
const RECONNECT_MS = 1_500;

/**
 * The live board's Server-Sent Events, sent by Nest's `@Sse()` (DashboardApiController). On shutdown every
 * stream ends, so the server can close (browsers reconnect to the next process by themselves).
 */
@Injectable()
export class DashboardStreams implements BeforeApplicationShutdown {
  private readonly shutdown = new Subject<void>();

  constructor(private readonly source: DashboardEventsSource) {}

  events(): Observable<MessageEvent> {
    return merge(
      of<MessageEvent>({ type: 'hello', data: {}, retry: RECONNECT_MS }),
      this.source.events().pipe(map((event): MessageEvent => ({ type: event.type, data: event }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'keep-alive' }))),
    ).pipe(takeUntil(this.shutdown));
  }

  beforeApplicationShutdown(): void {
    this.shutdown.next();
  }
}
