// The staff dashboard as the benchmark sees it: sign in, read the board's live stream (SSE), and time how long
// an order placed through the public API takes to show up there.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { DASHBOARD, percentiles } from './lib.mjs';

/** How long an order may take to reach the board before it counts as missed (and the wait moves on). */
const MISSED_AFTER_MS = 10_000;

/** Signs in as the benchmark's staff user; returns the session cookie (`name=value`). */
export async function staffCookie(baseUrl) {
  const res = await fetch(`${baseUrl}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: DASHBOARD.user, password: DASHBOARD.password }).toString(),
  });
  await res.arrayBuffer();
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('ros_dashboard='))
    ?.split(';')[0];
  if (res.status !== 303 || !cookie) throw new Error(`dashboard sign-in answered ${res.status} without a session cookie`);
  return cookie;
}

/**
 * Opens `/dashboard/events` and resolves once its `hello` frame is in. The stream notes when each
 * `order.created` frame arrived (performance.now(), taken as the chunk holding it is read), so an event that
 * comes before the POST's own answer is not lost; `arrival(orderId)` waits for one. `ended` resolves with the time
 * the server ended the stream properly (null if it was cut instead).
 */
export function openBoardStream(baseUrl, cookie) {
  return new Promise((resolve, reject) => {
    const arrivals = new Map();
    const waiting = new Map();
    let resolveEnded;
    const stream = {
      ended: new Promise((r) => (resolveEnded = r)),
      close: () => req.destroy(),
      /** When the order's event arrived, or null if it had not within MISSED_AFTER_MS. */
      arrival(orderId) {
        if (arrivals.has(orderId)) return Promise.resolve(arrivals.get(orderId));
        return new Promise((r) => {
          const timer = setTimeout(() => {
            waiting.delete(orderId);
            r(null);
          }, MISSED_AFTER_MS);
          waiting.set(orderId, (at) => {
            clearTimeout(timer);
            r(at);
          });
        });
      },
      /** Forgets the arrivals seen so far (a long measurement would otherwise keep every one). */
      clear: () => arrivals.clear(),
    };
    const req = http.get(`${baseUrl}/dashboard/events`, { headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`/dashboard/events answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(frame)?.[1];
          if (type === 'hello') resolve(stream);
          // The order id is read with a pattern, not JSON.parse: under full load this process also runs the
          // load generator, and every order of the load comes through here.
          const orderId = type === 'order.created' ? /"orderId":"([^"]+)"/.exec(frame)?.[1] : undefined;
          if (!orderId) continue;
          const waiter = waiting.get(orderId);
          if (waiter) {
            waiting.delete(orderId);
            waiter(at);
          } else arrivals.set(orderId, at);
        }
      });
      res.on('end', () => resolveEnded(performance.now()));
      // Cut (by close(), or by the process going away) rather than ended: no time.
      res.on('error', () => resolveEnded(null));
      res.on('close', () => resolveEnded(null)); // after 'end' when there was one
    });
    req.on('error', (err) => {
      reject(err);
      resolveEnded(null);
    });
    setTimeout(() => reject(new Error('/dashboard/events sent no hello frame within 10 s')), 10_000).unref();
  });
}

/**
 * Orders placed one at a time through POST /api/orders, each timed from just before the request is sent until
 * the board's stream delivered its `order.created`; the next is sent once the last arrived. Stops after
 * `count` orders or at `until` (a performance.now() time), whichever comes first.
 */
export async function timeOrdersToBoard({ baseUrl, stream, body, count = Infinity, until = Infinity }) {
  const times = [];
  let missed = 0;
  const keys = randomBytes(4).toString('hex');
  for (let i = 0; i < count && performance.now() < until; i++) {
    const sentAt = performance.now();
    const res = await fetch(`${baseUrl}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-board-${keys}-${i}` },
      body,
    });
    const order = await res.json();
    if (res.status !== 201) throw new Error(`POST /api/orders answered ${res.status}: ${JSON.stringify(order)}`);
    const arrivedAt = await stream.arrival(order.id);
    if (arrivedAt === null) missed++;
    else times.push(arrivedAt - sentAt);
    stream.clear();
  }
  return { orders: times.length + missed, missed, ...percentiles(times) };
}
