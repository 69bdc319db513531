// `node bench/cpu-per-order.mjs` (after `npm run build`): the API and one worker on a fresh database under the
// bench's intake load (32 connections), and the CPU each process on the machine spent per order over 8 s
// (utime + stime from /proc/<pid>/stat), printed as one JSON line. ROOT=<another checkout> runs that checkout's
// dist/ instead, so two builds can be measured in interleaved runs (the machine drifts from minute to minute).
import os from 'node:os';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { createDatabase, dropDatabase, load, nodeFlagsOf, REDIS_URL, sleep, startProcess, waitForHttp } from './lib.mjs';
const db = await createDatabase();
const prefix = `cpu-${Date.now().toString(36)}`;
const env = { ENV_MODE: 'development', DATABASE_URL: db.url, REDIS_URL, REDIS_PREFIX: prefix, RUN_WORKER: 'false', PORT: '3100',
  ADMIN_API_TOKEN: 'bench-admin-token-0123456789abcdef', THROTTLE_LIMIT: '100000000', OPENING_HOURS: '24/7', DATA_DIR: join(os.tmpdir(), prefix), LOG_LEVEL: 'info' };
const api = startProcess('api', (process.env.ROOT ?? '.') + '/dist/main.js', env, nodeFlagsOf('start:prod'));
await waitForHttp('http://127.0.0.1:3100/health');
const worker = process.env.NOWORKER ? null : startProcess('worker', (process.env.ROOT ?? '.') + '/dist/worker.js', env, nodeFlagsOf('start:worker'));
const cpu = () => { const out = {}; for (const d of readdirSync('/proc')) { if (!/^\d+$/.test(d)) continue; try { const st = readFileSync(`/proc/${d}/stat`, 'utf8'); const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); const t = (Number(f[11]) + Number(f[12])) * 10; let key = name; if (Number(d) === api.child.pid) key = 'API'; else if (worker && Number(d) === worker.child.pid) key = 'worker'; else if (Number(d) === process.pid) key = 'loadgen'; else if (!['postgres', 'redis-server'].includes(name)) key = 'other'; out[key] = (out[key] ?? 0) + t; } catch {} } return out; };
const menu = await (await fetch('http://127.0.0.1:3100/api/menu')).json();
const body = JSON.stringify({ customerName: 'Bench Customer', customerPhone: '+12065550142', fulfillment: 'pickup', paymentMethod: 'cash',
  items: [{ menuItemId: menu[0].id, quantity: 2, notes: 'no onions' }, { menuItemId: menu[10].id, quantity: 1 }] });
const headers = { 'content-type': 'application/json', 'idempotency-key': 'bench-[<id>]' };
const url = 'http://127.0.0.1:3100/api/orders';
await load({ url, connections: 32, duration: 5, headers, body });
const c0 = cpu();
const r = await load({ url, connections: 32, duration: 8, headers, body });
const c1 = cpu();
const n = r.requests.total;
const per = {}; for (const k of Object.keys(c1)) { const d = c1[k] - (c0[k] ?? 0); if (d > 20) per[k] = Number((d / n).toFixed(3)); }
const total = Object.values(per).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ reqPerSec: Math.round(n / 8), ...per, total: Number(total.toFixed(3)) }));
await api.stop(); if (worker) await worker.stop(); await dropDatabase(db.name);
