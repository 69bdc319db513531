// SIGTERM to exit, measured on the benchmark's own processes (bench/lib.mjs `stop()` times it): the API idle,
// with the board's live stream open, and with orders in flight; the export worker idle.
import { openBoardStream, staffCookie } from './dashboard.mjs';
import { round, sleep } from './lib.mjs';

/** Stops a process that has nothing to do. */
export async function stopIdle(name, proc) {
  return { name, ...(await proc.stop()) };
}

/**
 * Signs in, opens the board's stream, then stops the API; notes whether the server ended the stream (rather
 * than the stream being cut when the process went away).
 */
export async function stopWithBoardOpen(name, proc, baseUrl) {
  const stream = await openBoardStream(baseUrl, await staffCookie(baseUrl));
  const ended = await proc.stop();
  const streamEndedByServer = (await stream.ended) !== null; // settled by now or soon: the process is gone
  stream.close();
  return { name, ...ended, streamEndedByServer };
}

/**
 * `connections` clients post orders back to back; after `loadMs` the API gets SIGTERM. Counted: the requests
 * in flight at the signal (sent, not yet answered) and what became of them, and every 5xx of the run. No client
 * sends another request after the signal (a load balancer would send it to another replica), and one that
 * meets a connection error stops there.
 */
export async function stopUnderLoad(name, proc, { baseUrl, body, connections, loadMs }) {
  const inFlight = new Set();
  const results = { answered: 0, serverErrors: 0 };
  let stopping = false;
  const client = async (c) => {
    for (let i = 0; !stopping; i++) {
      const request = { status: null, error: null };
      inFlight.add(request);
      try {
        const res = await fetch(`${baseUrl}/api/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `bench-stop-${c}-${i}` },
          body,
          signal: AbortSignal.timeout(20_000),
        });
        await res.arrayBuffer();
        request.status = res.status;
        results.answered++;
        if (res.status >= 500) results.serverErrors++;
      } catch (err) {
        request.error = err.cause?.code ?? err.name;
        return;
      } finally {
        inFlight.delete(request);
      }
    }
  };
  const clients = Array.from({ length: connections }, (_, c) => client(c));
  await sleep(loadMs);
  const before = results.answered;
  const atSignal = [...inFlight];
  const stopped = proc.stop(); // the signal is sent before this returns
  stopping = true;
  const ended = await stopped;
  await Promise.all(clients);
  return {
    name,
    ...ended,
    connections,
    ordersPerSecBeforeSignal: round(before / (loadMs / 1000), 0),
    inFlightAtSignal: atSignal.length,
    inFlightAnswered2xx: atSignal.filter((r) => r.status >= 200 && r.status < 300).length,
    inFlightFailed: atSignal.filter((r) => r.status === null || r.status >= 300).length,
    inFlightErrors: [...new Set(atSignal.map((r) => r.error).filter(Boolean))],
    serverErrors: results.serverErrors,
  };
}
