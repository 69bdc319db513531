import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { api, expectError, expectStatus } from './support/api.js';
import { staffLogin, StaffSession } from './support/dashboard.js';
import { readWorkbook, waitFor } from './support/export-helpers.js';
import { fetchMenu, MenuRow, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { TestClock } from './support/test-clock.js';
import { postVapi, VAPI_TEST_SECRET, vapiFixture } from './support/vapi.js';

/**
 * The restaurant's calendar in America/Los_Angeles, with the app's clock set by the test. In 2026 the clocks
 * go forward on Sunday 03-08 (02:00 PST -> 03:00 PDT, at 10:00Z) and back on Sunday 11-01 (02:00 PDT -> 01:00
 * PST, at 09:00Z). Each check below is one minute either side of a line in local time, and a zone read as a
 * fixed offset (standard or daylight time all year) crosses the line on the wrong side in at least one.
 */
describe('business days and opening hours in restaurant time', () => {
  /** Open noon to 04:00 the next morning: the rollover at midnight and the changed hour at 02:00 fall inside. */
  const HOURS = 'Mon-Sun 12:00-04:00';
  // Each reading moves the clock on 1 ms, so orders placed one after another keep their order.
  const clock = new TestClock('2026-03-07T20:00:00Z', { stepMs: 1 });
  let t: TestApp;
  let menu: MenuRow[];

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      env: { OPENING_HOURS: HOURS, REDIS_URL: '', EXPORT_RECONCILE_SECONDS: '1', VAPI_SECRET: VAPI_TEST_SECRET },
    });
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());

  const countOrders = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM orders`))[0].n);

  /** Places an order with the clock at `at`; returns the answer (201 or the refusal). */
  function orderAt(at: string, name = `Order at ${at}`) {
    clock.set(at);
    return api(t.url).POST('/api/orders', { body: orderBody(menu, { customerName: name }) });
  }

  describe('opening hours are judged in local time', () => {
    it.each([
      ['the day the clocks go forward', '2026-03-08T18:59:00Z', '2026-03-08T19:00:00Z', '2026-03-08'], // 11:59 / 12:00 PDT
      ['the day the clocks go back', '2026-11-01T19:59:00Z', '2026-11-01T20:00:00Z', '2026-11-01'], // 11:59 / 12:00 PST
    ])('on %s: refused at 11:59 with 422 RESTAURANT_CLOSED and nothing stored, taken at 12:00', async (_, closed, open, day) => {
      const before = await countOrders();
      const refused = await expectError(orderAt(closed), 422);
      expect(refused).toMatchObject({
        code: 'RESTAURANT_CLOSED',
        message: 'Sorry, Test Trattoria is closed right now. Today we are open 12:00 to 04:00.',
      });
      expect(await countOrders()).toBe(before);

      const taken = await expectStatus(orderAt(open), 201);
      expect(taken).toMatchObject({ businessDate: day });
      // The clock steps a millisecond on every reading, and the app's sweepers read it too: placed at 12:00, give or
      // take those steps.
      expect(Date.parse(taken.createdAt) - Date.parse(open)).toBeGreaterThanOrEqual(0);
      expect(Date.parse(taken.createdAt) - Date.parse(open)).toBeLessThan(1000);
      expect(await countOrders()).toBe(before + 1);
    });

    it('the phone assistant tells the caller the local time and whether we are open', async () => {
      clock.set('2026-03-08T18:59:00Z');
      const closed = await postVapi(t.url, vapiFixture('assistant-request')).expect(200);
      const closedPrompt: string = closed.body.assistant.model.messages[0].content;
      // (ICU writes "March 8 at 11:59 AM" or "March 8, 11:59 AM", with a narrow space before AM in newer versions.)
      expect(closedPrompt).toMatch(/It is now Sunday, March 8(,| at) 11:59\sAM \(restaurant time\)\. Today we are open 12:00 to 04:00\./);
      expect(closedPrompt).toContain('The restaurant is CLOSED right now');

      clock.set('2026-11-01T20:00:00Z');
      const open = await postVapi(t.url, vapiFixture('assistant-request')).expect(200);
      const openPrompt: string = open.body.assistant.model.messages[0].content;
      expect(openPrompt).toMatch(/It is now Sunday, November 1(,| at) 12:00\sPM \(restaurant time\)\./);
      expect(openPrompt).toContain('The restaurant is open now and takes orders, as soon as possible or for a later time.');
    });
  });

  describe('an order belongs to the local calendar day it was placed on', () => {
    it.each([
      // The night the clocks go forward: 01:59 PST and 03:01 PDT, two minutes apart, same day.
      ['2026-03-08T09:59:00Z', '2026-03-08'],
      ['2026-03-08T10:01:00Z', '2026-03-08'],
      // That day's last minute (23:59 PDT) and the next day's first.
      ['2026-03-09T06:59:00Z', '2026-03-08'],
      ['2026-03-09T07:01:00Z', '2026-03-09'],
      // The night the clocks go back: 01:30 PDT and, an hour later, 01:30 PST again.
      ['2026-11-01T08:30:00Z', '2026-11-01'],
      ['2026-11-01T09:30:00Z', '2026-11-01'],
      // That day's last minute (23:59 PST) and the next day's first.
      ['2026-11-02T07:59:00Z', '2026-11-01'],
      ['2026-11-02T08:01:00Z', '2026-11-02'],
    ])('placed at %s: business day %s', async (at, day) => {
      const placed = await expectStatus(orderAt(at), 201);
      expect(placed.businessDate).toBe(day);
      const listed = await expectStatus(
        api(t.url, { admin: true }).GET('/api/orders', { params: { query: { from: day, to: day, limit: 100 } } }),
        200,
      );
      expect(listed.items.map((o) => o.id)).toContain(placed.id);
    });
  });

  describe('the day rolls over at local midnight', () => {
    // Tuesday 2026-03-10 23:59 PDT and Wednesday 00:01 PDT.
    const LAST_MINUTE = '2026-03-11T06:59:00Z';
    const FIRST_MINUTE = '2026-03-11T07:01:00Z';
    let late: { id: string; businessDate: string };
    let early: { id: string; businessDate: string };
    let staff: StaffSession;

    beforeAll(async () => {
      late = await expectStatus(orderAt(LAST_MINUTE, 'Late Tuesday'), 201);
      early = await expectStatus(orderAt(FIRST_MINUTE, 'Early Wednesday'), 201);
      staff = await staffLogin(t.url);
    });

    it('gives the two orders different business days', () => {
      expect([late.businessDate, early.businessDate]).toEqual(['2026-03-10', '2026-03-11']);
    });

    it('writes each into its own day workbook, at its local time', async () => {
      const sheet = (day: string) => join(t.dataDir, 'exports', `orders-${day}.xlsx`);
      const rowsOf = (day: string) =>
        waitFor(`the workbook of ${day}`, async () => {
          if (!existsSync(sheet(day))) return null;
          const { rows } = await readWorkbook(sheet(day));
          return rows.some((r) => r['Order ID'] === (day === '2026-03-10' ? late.id : early.id)) ? rows : null;
        });
      const tuesday = await rowsOf('2026-03-10');
      const wednesday = await rowsOf('2026-03-11');
      expect(tuesday.map((r) => r['Order ID'])).toEqual([late.id]);
      expect(wednesday.map((r) => r['Order ID'])).toEqual([early.id]);
      expect(tuesday[0]['Created At']).toEqual(new Date('2026-03-10T23:59:00Z')); // local wall time, as Excel shows it
      expect(wednesday[0]['Created At']).toEqual(new Date('2026-03-11T00:01:00Z'));
    });

    it("shows each on the board of its own day, and 'today' follows the clock", async () => {
      const board = async (query = '') => {
        const res = await request(t.url).get(`/dashboard/api/orders${query}`).set('Cookie', staff.cookie).expect(200);
        return { date: res.body.date as string, ids: (res.body.orders as { id: string }[]).map((o) => o.id) };
      };
      const today = async () =>
        (await request(t.url).get('/dashboard/api/session').set('Cookie', staff.cookie).expect(200)).body.today as string;

      clock.set('2026-03-11T06:59:30Z'); // Tuesday 23:59:30
      expect(await today()).toBe('2026-03-10');
      expect(await board()).toEqual({ date: '2026-03-10', ids: [late.id] });

      clock.set('2026-03-11T07:00:30Z'); // Wednesday 00:00:30
      expect(await today()).toBe('2026-03-11');
      expect(await board()).toEqual({ date: '2026-03-11', ids: [early.id] });
      expect(await board('?date=2026-03-10')).toEqual({ date: '2026-03-10', ids: [late.id] });
    });
  });
});
