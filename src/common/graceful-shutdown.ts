import type { INestApplicationContext } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * SIGTERM/SIGINT: stop taking new connections, let in-flight requests (or the current export write) finish,
 * close pools, exit 0. Past the deadline the remaining connections are cut and the exit code is 1, so an
 * orchestrator can tell a clean stop from a forced one. Nest's own shutdown hooks re-raise the signal, which
 * ends the process with a signal instead of 0, hence this.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutSeconds: number,
  log: (message: string) => void,
  server?: Server,
): void {
  let closing = false;
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
    app
      .close()
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
