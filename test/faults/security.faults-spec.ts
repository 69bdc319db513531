import { jest } from '@jest/globals';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { APP_NODE, AppProcess, freePort, killHard, startApi } from '../support/app-process.js';
import { staffLogin } from '../support/dashboard.js';
import { createDatabase, dropDatabase } from '../support/databases.js';
import { readWorkbook, waitFor } from '../support/export-helpers.js';
import { Checks, FigureTable } from '../support/fault-figures.js';
import { signedStripeEvent } from '../support/fake-stripe.js';
import { admin, fetchMenu, MenuRow, orderBody } from '../support/orders.js';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app.js';
import { postVapi, postVapiSigned, toolCallsMessage } from '../support/vapi.js';

jest.setTimeout(150_000);

/** One row per kind of check: how many cases the test makes, and how many passed as they ran. */
const figures = new FigureTable('Security checks');

/** Secrets of the in-process app; random per run so a hit cannot be a coincidence. */
const secret = (name: string) => `${name}-${randomBytes(12).toString('hex')}`;

describe('security (in-process app)', () => {
  const STRIPE = `whsec_${randomBytes(16).toString('hex')}`;
  const VAPI = secret('vapi');
  const VAPI_HMAC = secret('vapi-hmac');
  let t: TestApp;
  let databaseUrl: string;
  let menu: MenuRow[];
  let exportDir: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    exportDir = mkdtempSync(join(tmpdir(), 'ros-sec-exports-'));
    t = await createTestApp({
      databaseUrl,
      env: {
        STRIPE_WEBHOOK_SECRET: STRIPE,
        VAPI_SECRET: VAPI,
        VAPI_HMAC_SECRET: VAPI_HMAC,
        EXPORT_DIR: join(exportDir, 'exports'),
        EXPORT_RECONCILE_SECONDS: '1',
      },
    });
    menu = await fetchMenu(t.url);
  });
  afterAll(async () => {
    await t?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('every admin route in the OpenAPI document refuses a missing or wrong token', async () => {
    const doc = (await request(t.url).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>>;
    };
    const adminRoutes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => 'bearer' in s))
        .map(([method]) => ({ method, path })),
    );
    // Every admin route this product has; a new one is covered automatically once it carries @ApiBearerAuth().
    expect(adminRoutes.length).toBeGreaterThanOrEqual(8);
    const wrong = [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Bearer ${ADMIN_TOKEN}x`,
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `Basic ${ADMIN_TOKEN}`,
      ADMIN_TOKEN,
      `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
    ];
    const checks = new Checks(
      figures,
      { check: `${adminRoutes.length} admin routes x ${wrong.length} wrong/missing tokens -> 401` },
      adminRoutes.length * wrong.length,
    );
    for (const { method, path } of adminRoutes) {
      const url = path.replace(/\{[^}]+\}/g, (m) =>
        m.includes('date') ? '2025-01-01' : m.includes('outcome') ? 'paid' : '00000000-0000-4000-8000-000000000000',
      );
      for (const auth of wrong) {
        let req = (request(t.url) as unknown as Record<string, (u: string) => request.Test>)[method](url);
        if (auth !== undefined) req = req.set('Authorization', auth);
        const res = await req.send({});
        checks.that(() => expect(`${method} ${url} [${auth}] -> ${res.status}`).toMatch(/-> 401$/));
      }
    }
  });

  it('the dashboard refuses without a session (page redirects to login; API, stream and downloads 401)', async () => {
    const forged = 'ros_dashboard=eyJ1c2VyIjoic3RhZmYiLCJleHBpcmVzQXQiOjk5OTk5OTk5OTk5OTl9.forged';
    const routes: [string, string][] = [
      ['get', '/dashboard/api/session'],
      ['get', '/dashboard/api/orders'],
      ['get', '/dashboard/api/menu'],
      ['get', '/dashboard/api/exports/status'],
      ['post', '/dashboard/api/exports/retry'],
      ['get', '/dashboard/events'],
      ['get', '/dashboard/exports/2025-01-01'],
      ['patch', '/dashboard/api/orders/00000000-0000-4000-8000-000000000000/status'],
      ['post', '/dashboard/logout'],
    ];
    const sessions = [undefined, forged];
    const checks = new Checks(
      figures,
      { check: `${routes.length} dashboard routes without / with a forged session -> 401; the page -> login` },
      routes.length * sessions.length + sessions.length,
    );
    for (const cookie of sessions) {
      const page = await (cookie ? request(t.url).get('/dashboard').set('Cookie', cookie) : request(t.url).get('/dashboard'));
      checks.that(() => expect(`${page.status} ${page.headers.location}`).toBe('303 /dashboard/login'));
    }
    for (const [method, path] of routes) {
      for (const cookie of sessions) {
        let req = (request(t.url) as unknown as Record<string, (u: string) => request.Test>)[method](path);
        if (cookie) req = req.set('Cookie', cookie);
        const status = (await req).status;
        checks.that(() => expect(`${method} ${path} -> ${status}`).toMatch(/-> 401$/));
      }
    }
  });

  it('webhooks refuse missing, forged and replayed signatures', async () => {
    const placed = await request(t.url)
      .post('/api/orders')
      .send(orderBody(menu, { paymentMethod: 'card' }))
      .expect(201);
    const event = signedStripeEvent(
      {
        id: 'evt_sec_1',
        type: 'payment_intent.succeeded',
        object: { id: 'pi_sec', object: 'payment_intent', metadata: { orderId: placed.body.id } },
      },
      { secret: STRIPE },
    );
    const stripe = (payload: string, signature?: string) => {
      const req = request(t.url).post('/webhook/stripe').set('Content-Type', 'application/json');
      return (signature ? req.set('Stripe-Signature', signature) : req).send(payload);
    };
    const forged = signedStripeEvent(
      { id: 'evt_sec_f', type: 'payment_intent.succeeded', object: { metadata: { orderId: placed.body.id } } },
      { secret: 'whsec_attacker' },
    );
    const stale = signedStripeEvent(
      { id: 'evt_sec_old', type: 'payment_intent.succeeded', object: { metadata: { orderId: placed.body.id } } },
      { secret: STRIPE, timestamp: Math.floor(Date.now() / 1000) - 3600 },
    );
    const status = { message: { type: 'status-update', status: 'in-progress', call: { id: 'sec-call' } } };
    const calls = toolCallsMessage([{ name: 'getMenu', args: {} }], { callId: 'sec-call' });
    // In this order: every refusal first, then proof that nothing was applied, then the genuine deliveries.
    const steps: (() => Promise<void>)[] = [
      async () => expect((await stripe(event.payload)).status).toBe(400),
      async () => expect((await stripe(forged.payload, forged.signature)).status).toBe(400),
      async () => expect((await stripe(event.payload.replace('pi_sec', 'pi_evil'), event.signature)).status).toBe(400), // body altered after signing
      async () => expect((await stripe(stale.payload, stale.signature)).status).toBe(400), // a captured delivery replayed an hour later
      async () => expect((await request(t.url).post('/webhook/vapi').send(status)).status).toBe(401),
      async () => expect((await postVapi(t.url, status, 'guess')).status).toBe(401),
      async () => expect((await postVapiSigned(t.url, status, { secret: 'attacker' })).status).toBe(401),
      async () => expect((await postVapiSigned(t.url, status, { secret: VAPI_HMAC, tamper: true })).status).toBe(401),
      async () =>
        expect((await postVapiSigned(t.url, status, { secret: VAPI_HMAC, timestamp: String(Date.now() - 3_600_000) })).status).toBe(401),
      async () => expect((await request(t.url).get(`/api/orders/${placed.body.id}`)).body.paymentStatus).toBe('pending'),
      // The genuine delivery applies; the same delivery replayed within the tolerance applies nothing more.
      async () => expect((await stripe(event.payload, event.signature)).body.outcome).toBe('applied'),
      async () => expect((await stripe(event.payload, event.signature)).body.outcome).toBe('duplicate'),
      async () => expect((await postVapiSigned(t.url, status, { secret: VAPI_HMAC })).status).toBe(200),
      async () => expect((await postVapi(t.url, calls, VAPI)).status).toBe(200),
    ];
    const checks = new Checks(
      figures,
      { check: 'webhooks: missing / forged / altered / replayed signatures refused, genuine ones applied once' },
      steps.length,
    );
    for (const step of steps) await checks.that(step);
  });

  it('responses carry helmet headers and never a stack trace', async () => {
    const responses = await Promise.all([
      request(t.url).get('/api/menu'),
      request(t.url).get('/api/nothing'),
      request(t.url).post('/api/orders').set('Content-Type', 'application/json').send('{"broken'),
      request(t.url).get('/api/orders'),
      request(t.url).get('/api/calls/%00').set(admin),
      request(t.url).get('/dashboard/login'),
    ]);
    const checks = new Checks(figures, { check: 'helmet headers, no stack traces (404, 400, 401, NUL input)' }, responses.length);
    for (const res of responses) {
      checks.that(() => {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toBeDefined();
        expect(res.headers['x-frame-options']).toBeDefined();
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.text).not.toMatch(/\n\s+at .+:\d+:\d+|node_modules|\/src\//);
      });
    }
  });

  it('the export download cannot leave EXPORT_DIR', async () => {
    writeFileSync(join(exportDir, 'orders-2025-01-01.xlsx'), 'outside the export folder');
    writeFileSync(join(exportDir, 'secret.txt'), 'outside the export folder');
    const staff = await staffLogin(t.url);
    const attempts = [
      '..%2Forders-2025-01-01',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2fsecret.txt',
      '....%2F%2Fsecret.txt',
      '2025-01-01%2F..%2F..%2Fsecret.txt',
      '..%5Csecret.txt',
      '%252e%252e%252fsecret.txt',
      '2025-01-01%00.xlsx',
      '/etc/passwd',
      '2025-01-01/../../secret.txt',
    ];
    const downloads = [
      (a: string) => ({ path: `/api/exports/${a}`, headers: admin }),
      (a: string) => ({ path: `/dashboard/exports/${a}`, headers: { Cookie: staff.cookie } }),
    ];
    const checks = new Checks(
      figures,
      { check: `${attempts.length} path traversal attempts on both export downloads -> 400/404` },
      attempts.length * downloads.length,
    );
    for (const a of attempts) {
      for (const download of downloads) {
        const { path, headers } = download(a);
        const res = await request(t.url).get(path).set(headers);
        checks.that(() => {
          expect(`${path} -> ${res.status}`).toMatch(/-> 40[04]$/);
          expect(res.text ?? '').not.toContain('outside the export folder');
        });
      }
    }
  });

  it('text written to the workbook cannot become a formula', async () => {
    const nasty = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\t=1+1', '=cmd|"/C calc"!A0'];
    const placed: { id: string; businessDate: string }[] = [];
    for (const name of nasty) {
      placed.push(
        (
          await request(t.url)
            .post('/api/orders')
            .send(orderBody(menu, { customerName: name, notes: name }))
            .expect(201)
        ).body,
      );
    }
    const day = placed[0].businessDate;
    const file = join(exportDir, 'exports', `orders-${day}.xlsx`);
    const wb = await waitFor(
      'the export of the nasty names',
      async () => {
        if (!existsSync(file)) return null;
        const book = await readWorkbook(file);
        return placed.every((p) => book.rows.some((r) => r['Order ID'] === p.id)) ? book : null;
      },
      30_000,
    );
    const customerCol = wb.header.indexOf('Customer') + 1;
    const checks = new Checks(figures, { check: 'names starting with = + - @ tab written as text' }, nasty.length);
    let found = 0;
    wb.sheet.eachRow((row, i) => {
      if (i === 1) return;
      const noFormula = () =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeUndefined();
        });
      const cell = row.getCell(customerCol);
      const original = nasty.find((x) => cell.text.endsWith(x.replace(/^\t/, '')));
      if (!original) return noFormula();
      found++;
      checks.that(() => {
        noFormula();
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.text).toMatch(/^'/); // OWASP: a leading apostrophe keeps it text everywhere
      });
    });
    expect(found).toBe(nasty.length);
  });

  it('a Bearer header that is not the admin token does not lift the rate limit', async () => {
    // Rate-limit windows are fixed: an hour long, one cannot turn over in the middle of a test.
    const limited = await createTestApp({ databaseUrl, env: { THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '3600' } });
    const expected = [200, 200, 200, 429, 429];
    const checks = new Checks(
      figures,
      { check: 'rate limit 429, not lifted by a wrong Bearer token (the admin token is not limited)' },
      expected.length + 1,
    );
    try {
      for (const [i, status] of expected.entries()) {
        const res = await request(limited.url).get('/api/menu').set('Authorization', 'Bearer not-the-token');
        checks.that(() => expect(`request ${i + 1} -> ${res.status}`).toBe(`request ${i + 1} -> ${status}`));
      }
      const staffTool = await request(limited.url).get('/api/menu').set(admin);
      checks.that(() => expect(staffTool.status).toBe(200)); // staff tools are not limited
    } finally {
      await limited.app.close();
    }
  });
});

/**
 * The API as an OS process at LOG_LEVEL=debug: whatever requests carry (tokens, passwords, signatures, in
 * headers, forms, query strings, wrong places), no configured secret may reach its log or any response.
 */
describe('secrets never reach a log line or a response', () => {
  const secrets = {
    ADMIN_API_TOKEN: secret('admin'),
    DASHBOARD_SESSION_SECRET: secret('dash-session'),
    VAPI_SECRET: secret('vapi'),
    VAPI_HMAC_SECRET: secret('vapi-hmac'),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
  };
  /** A staff account's password: typed at the login form and into the owner's Accounts panel, never configured. */
  const accountPassword = secret('dash-pw');
  /** Every value that must never turn up where it was not sent. */
  const watched = { ...secrets, ACCOUNT_PASSWORD: accountPassword };
  let api: AppProcess;
  let base: string;
  let databaseUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'ros-sec-data-'));
  /** Each exchange: what the client sent, and what came back. */
  const exchanges: { sent: string; received: string }[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await startApi({
      ENV_MODE: 'development',
      PORT: String(port),
      LOG_LEVEL: 'debug',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      THROTTLE_LIMIT: '40',
      THROTTLE_TTL_SECONDS: '3600',
      OPENING_HOURS: '24/7',
      VAPI_CREDENTIAL_ID: '6f1c0de2-3b7a-4c55-9a0e-2d4b8c1e7f90',
      REDIS_URL: '',
      ...secrets,
    });
  });
  afterAll(async () => {
    if (api) await killHard(api);
    if (databaseUrl) await dropDatabase(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every body sent here is a string, so the record of what was sent can quote it as it is. */
  async function send(path: string, init: RequestInit & { body?: string } = {}): Promise<Response> {
    const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
    const headers = Object.fromEntries((res.headers as unknown as { entries(): Iterable<[string, string]> }).entries());
    exchanges.push({
      sent: `${path} ${JSON.stringify(init.headers ?? {})} ${init.body ?? ''}`,
      received: `${res.status} ${JSON.stringify(headers)} ${await res.clone().text()}`,
    });
    return res;
  }

  it('sends every secret everywhere, then finds none in the log or in any response', async () => {
    const s = { ...secrets, DASHBOARD_PASSWORD: accountPassword };
    const json = { 'Content-Type': 'application/json' };
    // Right and wrong credentials in headers.
    await send('/api/orders', { headers: { Authorization: `Bearer ${s.ADMIN_API_TOKEN}` } });
    await send('/api/orders', { headers: { Authorization: `Bearer ${s.DASHBOARD_PASSWORD}` } });
    await send('/api/exports/status', { headers: { Authorization: `Bearer ${s.ADMIN_API_TOKEN}` } });
    // Secrets in query strings (a client that puts a token in the URL; request logs print URLs).
    await send(`/api/menu?token=${s.ADMIN_API_TOKEN}&access_token=${s.VAPI_SECRET}`);
    await send(`/api/orders?api_key=${s.ADMIN_API_TOKEN}`, { headers: { Authorization: `Bearer ${s.ADMIN_API_TOKEN}` } });
    await send(`/dashboard/login?password=${s.DASHBOARD_PASSWORD}`);
    // Dashboard login: the right password, a wrong one, and the password typed into the user field.
    const form = (u: string, p: string) => ({
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: new URLSearchParams({ username: u, password: p }).toString(),
    });
    // The owner (the development account) creates the account in the Accounts panel: the password in a JSON body.
    const owner = await send('/dashboard/login', form('owner', 'owner-password'));
    const ownerCookie = (owner.headers.get('set-cookie') ?? '').split(';')[0];
    const ownerSession = (await (await send('/dashboard/api/session', { headers: { Cookie: ownerCookie } })).json()) as {
      csrfToken: string;
    };
    const created = await send('/dashboard/api/accounts', {
      method: 'POST',
      headers: { ...json, Cookie: ownerCookie, 'X-CSRF-Token': ownerSession.csrfToken, Origin: base },
      body: JSON.stringify({ username: 'cashier', role: 'staff', password: s.DASHBOARD_PASSWORD }),
    });
    expect(created.status).toBe(201);
    const ok = await send('/dashboard/login', form('cashier', s.DASHBOARD_PASSWORD));
    expect(ok.status).toBe(303);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0];
    await send('/dashboard/api/session', { headers: { Cookie: cookie } });
    await send('/dashboard/login', form('cashier', `${s.DASHBOARD_PASSWORD}x`));
    await send('/dashboard/login', form(s.DASHBOARD_PASSWORD, s.DASHBOARD_PASSWORD));
    // Webhooks: right and wrong secrets, HMAC signatures, a Stripe signature; the secret inside a body field.
    const status = JSON.stringify({ message: { type: 'status-update', status: 'in-progress', call: { id: 'sec-log' } } });
    await send('/webhook/vapi', { method: 'POST', headers: { ...json, 'X-Vapi-Secret': s.VAPI_SECRET }, body: status });
    await send('/webhook/vapi', { method: 'POST', headers: { ...json, 'X-Vapi-Secret': s.STRIPE_WEBHOOK_SECRET }, body: status });
    await send('/webhook/vapi', {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${s.VAPI_SECRET}` },
      body: JSON.stringify({ message: { type: 'assistant-request', call: { id: 'sec-log' } } }),
    });
    const tool = JSON.stringify(
      toolCallsMessage(
        [
          { name: 'getOrderStatus', args: { orderNumber: s.ADMIN_API_TOKEN } },
          { name: 'placeOrder', args: { customerName: s.VAPI_SECRET } },
        ],
        { callId: 'sec-log' },
      ),
    );
    await send('/webhook/vapi', { method: 'POST', headers: { ...json, 'X-Vapi-Secret': s.VAPI_SECRET }, body: tool });
    const event = signedStripeEvent(
      { id: 'evt_log', type: 'payment_intent.succeeded', object: { metadata: { orderId: s.ADMIN_API_TOKEN } } },
      { secret: s.STRIPE_WEBHOOK_SECRET },
    );
    await send('/webhook/stripe', { method: 'POST', headers: { ...json, 'Stripe-Signature': event.signature }, body: event.payload });
    await send('/webhook/stripe', {
      method: 'POST',
      headers: { ...json, 'Stripe-Signature': `t=1,v1=${s.STRIPE_WEBHOOK_SECRET}` },
      body: event.payload,
    });
    // Errors that echo input: a secret as a field value, as an unknown field name, as an id.
    await send('/api/orders', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ customerName: s.ADMIN_API_TOKEN, [s.DASHBOARD_SESSION_SECRET]: 1 }),
    });
    await send(`/api/orders/${s.ADMIN_API_TOKEN}`);
    await send(`/api/exports/${s.ADMIN_API_TOKEN}`, { headers: { Authorization: `Bearer ${s.ADMIN_API_TOKEN}` } });
    // Rate limiting answers 429 (the limit is 40 an hour here).
    const limited: number[] = [];
    for (let i = 0; i < 45; i++) limited.push((await send('/api/menu')).status);
    expect(limited).toContain(429);

    // Every line above is in the log once a request sent after them is: one stream, written in order.
    const marker = `/log-marker-${randomBytes(4).toString('hex')}`;
    await send(marker);
    await waitFor('the last request in the log', async () => api.output().includes(`"url":"${marker}"`), 30_000);
    const log = api.output();
    expect(log).toMatch(/"level":20|"level":30/); // it really logged, at debug
    expect(log.split('\n').length).toBeGreaterThan(20);
    expect(log).toContain('"url":"/api/orders/[redacted]"'); // the token in a path was logged, scrubbed
    expect(log).toContain('"url":"/api/menu?token=[redacted]&access_token=[redacted]"');
    const leaks: string[] = [];
    const lines = log.split('\n');
    for (const [name, value] of Object.entries(watched)) {
      // Logs are read by others: no secret, ever, however it arrived.
      for (const line of lines) if (line.includes(value)) leaks.push(`log: ${name}: ${line.slice(0, 300)}`);
      // A response may quote the caller's own input back (a validation message naming a bad field); it must
      // never reveal a secret the caller did not send.
      for (const x of exchanges)
        if (x.received.includes(value) && !x.sent.includes(value)) leaks.push(`response: ${name}: ${x.received.slice(0, 300)}`);
    }
    // One case per secret and log line or response; each leak found fails one.
    const cases = Object.keys(watched).length * (lines.length + exchanges.length);
    figures.row({
      check: `${Object.keys(watched).length} secrets x (${lines.length} log lines + ${exchanges.length} responses) at LOG_LEVEL=debug`,
      cases,
      passed: cases - leaks.length,
    });
    expect(leaks).toEqual([]);
  });
});

describe('a refused configuration', () => {
  it('stops the API and the worker with exit code 1, naming every problem', async () => {
    const { spawnSync } = await import('node:child_process');
    const entries = ['main.ts', 'worker.ts'];
    const checks = new Checks(figures, { check: 'staging without secrets: API and worker exit 1 naming the problems' }, entries.length);
    for (const entry of entries) {
      const root = join(import.meta.dirname, '..', '..');
      const run = spawnSync(APP_NODE, ['--import', '@swc-node/register/esm-register', join(root, 'src', entry)], {
        cwd: root,
        env: { PATH: process.env.PATH, ENV_MODE: 'staging' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      checks.that(() => {
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('Refusing to start: the staging configuration has');
        // Said once, as the message alone: no second copy from Nest's exception handler, no stack trace.
        expect(run.stderr.split('Refusing to start').length - 1).toBe(1);
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(run.stderr).toContain('ADMIN_API_TOKEN is required');
        expect(run.stderr).toContain('REDIS_URL is required in staging');
      });
    }
  });
});
