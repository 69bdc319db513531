import { BeforeApplicationShutdown, Injectable, MessageEvent } from '@nestjs/common';
import { filter, interval, map, merge, mergeMap, Observable, of, Subject, takeUntil } from 'rxjs';
import { StaffAccountsService } from '@/accounts/staff-accounts.service.js';
import { DashboardEventsSource } from './dashboard-events.source.js';
import type { DashboardSession } from './dashboard-session.js';

/** A comment every 15 s keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How soon a browser's EventSource reconnects after the stream drops. */
const RECONNECT_MS = 1_500;

/**
 * The live board's Server-Sent Events, sent by Nest's `@Sse()` (DashboardApiController). On shutdown every
 * stream ends, so the server can close (browsers reconnect to the next process by themselves). A stream also ends
 * when its account is disabled or given a new password (on any replica): the browser's reconnect is then refused
 * and the page goes to the sign-in form.
 */
@Injectable()
export class DashboardStreams implements BeforeApplicationShutdown {
  private readonly shutdown = new Subject<void>();

  constructor(
    private readonly source: DashboardEventsSource,
    private readonly accounts: StaffAccountsService,
  ) {}

  events(session: DashboardSession): Observable<MessageEvent> {
    const ended = this.accounts.changed().pipe(
      filter((id) => id === session.aid),
      mergeMap(async () => (await this.accounts.forSession(session.aid, session.gen, session.sid)) === null),
      filter(Boolean),
    );
    return merge(
      of<MessageEvent>({ type: 'hello', data: {}, retry: RECONNECT_MS }),
      this.source.events().pipe(map((event): MessageEvent => ({ type: event.type, data: event }))),
      interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ comment: 'keep-alive' }))),
    ).pipe(takeUntil(merge(this.shutdown, ended)));
  }

  beforeApplicationShutdown(): void {
    this.shutdown.next();
  }
}
