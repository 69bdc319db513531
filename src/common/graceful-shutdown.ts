import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

/**
 * After the listening socket closes, how long a connection the server already accepted may take to deliver its
 * request before it counts as idle and is closed (the client has sent it already; this covers parsing under load).
 */
const ACCEPTED_REQUEST_GRACE_MS = 300;
const DRAIN_POLL_MS = 50;

/**
 * SIGTERM/SIGINT: stop taking new connections, let in-flight requests (or the current export write) finish,
 * close pools, exit 0. Past the deadline the remaining connections are cut and the exit code is 1, so an
 * orchestrator can tell a clean stop from a forced one. Nest's own shutdown hooks re-raise the signal, which
 * ends the process with a signal instead of 0, hence this.
 *
 * With an HTTP server the requests are drained BEFORE Nest's shutdown hooks run: Nest calls onModuleDestroy
 * before it closes the server, and modules stop listening to order events there (export enqueue, refunds),
 * which requests still in flight rely on. Live streams (text/event-stream) are not waited for; the dashboard
 * closes them in its shutdown hook.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutSeconds: number,
  log: (message: string) => void,
  server?: Server,
): void {
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  server?.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // Once stopping, a keep-alive client is told to reconnect (to another replica) after this answer.
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
  });

  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: finishing in-flight work (up to ${timeoutSeconds} s)`);
    const deadline = setTimeout(() => {
      log(`Shutdown took longer than ${timeoutSeconds} s; closing the remaining connections`);
      server?.closeAllConnections();
      process.exit(1);
    }, timeoutSeconds * 1000);
    deadline.unref();
    (server ? drain(server, inFlight) : Promise.resolve())
      .then(() => app.close())
      .then(() => {
        log('Shut down cleanly');
        process.exit(0);
      })
      .catch((err: Error) => {
        log(`Shutdown failed: ${err.message}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Stops listening, then waits until every answer in progress (except live streams) has been sent. */
async function drain(server: Server, inFlight: Set<ServerResponse>): Promise<void> {
  // net's close, not http's: http's also closes "idle" connections at once, including ones the kernel accepted
  // whose request has not been parsed yet, and those clients would see a reset instead of an answer.
  net.Server.prototype.close.call(server);
  await sleep(ACCEPTED_REQUEST_GRACE_MS);
  const isStream = (res: ServerResponse) => String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');
  for (;;) {
    server.closeIdleConnections();
    if ([...inFlight].every(isStream)) return;
    await sleep(DRAIN_POLL_MS);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
