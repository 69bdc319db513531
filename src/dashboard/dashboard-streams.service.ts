import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import { DashboardEventsSource } from './dashboard-events.source.js';

/** A comment line every 15 s keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How soon a browser's EventSource reconnects after the stream drops. */
const RECONNECT_MS = 1_500;

/**
 * Server-Sent Events for the live board. Each open browser holds one response; on shutdown every stream
 * is ended so the server can close (browsers reconnect to the next process by themselves).
 */
@Injectable()
export class DashboardStreams implements BeforeApplicationShutdown {
  private readonly open = new Set<() => void>();

  constructor(private readonly source: DashboardEventsSource) {}

  get count(): number {
    return this.open.size;
  }

  attach(req: FastifyRequest, reply: FastifyReply): void {
    // From here on the stream is written on the Node response; Fastify sends nothing for this request.
    reply.hijack();
    const res = reply.raw;
    // On the response itself (not only in writeHead) so graceful shutdown sees a stream it need not wait for.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    res.write(`retry: ${RECONNECT_MS}\nevent: hello\ndata: {}\n\n`);

    // `let`, not a const declared at the subscribe() below: a source that errors or completes at once calls close()
    // inside subscribe(), before the assignment, where a const would still be in its temporal dead zone.
    // eslint-disable-next-line prefer-const -- see above
    let subscription: Subscription | undefined;
    const heartbeat = setInterval(() => res.write(`: keep-alive ${Date.now()}\n\n`), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      subscription?.unsubscribe();
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    subscription = this.source.events().subscribe({
      next: (event) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      error: close,
      complete: close,
    });
    res.on('close', close);
  }

  beforeApplicationShutdown(): void {
    for (const close of [...this.open]) close();
  }
}
