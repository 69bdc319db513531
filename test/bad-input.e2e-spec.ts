import request from 'supertest';
import { api, expectError } from './support/api.js';
import { admin, fetchMenu, MenuRow, offContractBody, orderBody } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

/**
 * Every malformed request gets a 4xx that names the problem; none gets a 500; none leaves a row. The requests are off
 * the contract on purpose, so they go through supertest; the typed client sends the few that the document allows.
 */
describe('bad input', () => {
  let t: TestApp;
  let menu: MenuRow[];
  beforeAll(async () => {
    t = await createTestApp();
    menu = await fetchMenu(t.url);
  });
  afterAll(() => t.close());

  const rows = async () => {
    const [o] = await t.dataSource.query('SELECT count(*)::int AS n FROM orders');
    const [i] = await t.dataSource.query('SELECT count(*)::int AS n FROM order_items');
    const [k] = await t.dataSource.query('SELECT count(*)::int AS n FROM idempotency_keys');
    return o.n + i.n + k.n;
  };

  const cases: [string, (m: MenuRow[]) => unknown, RegExp][] = [
    ['an empty body', () => ({}), /customerName/],
    ['an array body', () => [1, 2], /customerName|should not exist|an object/],
    [
      'wrong types',
      (m) => offContractBody(m, { customerName: 42, items: 'pizza' }),
      /customerName must be a string|items must be an array/,
    ],
    ['a huge name', (m) => offContractBody(m, { customerName: 'x'.repeat(5000) }), /customerName must be shorter than or equal to 100/],
    ['an unknown field', (m) => offContractBody(m, { coupon: 'FREE' }), /property coupon should not exist/],
    ['a bad phone', (m) => offContractBody(m, { customerPhone: '555-CALL-NOW' }), /customerPhone must be an international phone number/],
    ['an empty item list', (m) => offContractBody(m, { items: [] }), /items must contain at least one dish/],
    [
      'a zero quantity',
      (m) => offContractBody(m, { items: [{ menuItemId: m[0].id, quantity: 0 }] }),
      /items.0.quantity must not be less than 1/,
    ],
    [
      'a fractional quantity',
      (m) => offContractBody(m, { items: [{ menuItemId: m[0].id, quantity: 1.5 }] }),
      /items.0.quantity must be a whole number/,
    ],
    [
      'a huge quantity',
      (m) => offContractBody(m, { items: [{ menuItemId: m[0].id, quantity: 1e9 }] }),
      /items.0.quantity must not be greater than 50/,
    ],
    [
      'a bad menu id',
      (m) => offContractBody(m, { items: [{ menuItemId: "1' OR 1=1 --", quantity: 1 }] }),
      /items.0.menuItemId must be a menu item id/,
    ],
    ['a null item', (m) => offContractBody(m, { items: [null] }), /items/],
    [
      'a bad fulfillment',
      (m) => offContractBody(m, { fulfillment: 'drone' }),
      /fulfillment must be one of the following values: pickup, delivery/,
    ],
    [
      'a bad payment method',
      (m) => offContractBody(m, { paymentMethod: 'bitcoin' }),
      /paymentMethod must be one of the following values: card, cash/,
    ],
    [
      'a voice channel through REST',
      (m) => offContractBody(m, { channel: 'voice' }),
      /channel must be one of the following values: web, mobile/,
    ],
    ['a client-sent total', (m) => offContractBody(m, { totalCents: 1, subtotalCents: 1 }), /property totalCents should not exist/],
    [
      'options that are not a list',
      (m) => offContractBody(m, { items: [{ menuItemId: m[0].id, quantity: 1, options: 'large' }] }),
      /items.0.options must be an array/,
    ],
    [
      'an option that is not an id',
      (m) => offContractBody(m, { items: [{ menuItemId: m[0].id, quantity: 1, options: [42, null] }] }),
      /items.0.each value in options must be an option id from GET \/api\/menu/,
    ],
    [
      'too many options on a line',
      (m) =>
        offContractBody(m, {
          items: [{ menuItemId: m[0].id, quantity: 1, options: Array.from({ length: 21 }, () => m[0].optionGroups[0].options[0].id) }],
        }),
      /items.0.options must contain no more than 20 elements/,
    ],
    [
      'an option price sent by the client',
      (m) =>
        offContractBody(m, {
          items: [{ menuItemId: m[0].id, quantity: 1, options: [{ id: m[0].optionGroups[0].options[0].id, priceDeltaCents: -1450 }] }],
        }),
      /items.0.each value in options must be an option id/,
    ],
  ];

  it.each(cases)('POST /api/orders with %s is a 400 naming the problem', async (_name, body, message) => {
    const before = await rows();
    const res = await request(t.url)
      .post('/api/orders')
      .send(body(menu) as object);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body.message)).toMatch(message);
    expect(await rows()).toBe(before);
  });

  it('malformed JSON is a 400 that says so', async () => {
    const res = await request(t.url).post('/api/orders').set('Content-Type', 'application/json').send('{"customerName": ').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
  });

  it('a body over the size limit is a 413', async () => {
    const res = await request(t.url)
      .post('/api/orders')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(orderBody(menu, { notes: 'x'.repeat(400_000) })))
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: 'The request body is too large.' });
  });

  it('a bad or unknown order id is a 400 or 404, never a 500', async () => {
    await request(t.url).get('/api/orders/not-a-uuid').expect(400);
    await request(t.url).get("/api/orders/' OR 1=1").expect(400);
    const undecodable = await request(t.url).get('/api/orders/%FF').expect(400);
    expect(undecodable.body).toMatchObject({ statusCode: 400, message: "Failed to decode param '%FF'" });
    const missing = await expectError(
      api(t.url).GET('/api/orders/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }),
      404,
    );
    expect(missing).toMatchObject({ statusCode: 404, code: 'NOT_FOUND', message: 'Order was not found.' });
  });

  it('an unknown route is a JSON 404', async () => {
    const res = await request(t.url).get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('a form-encoded or text body is refused as a 400, not a crash', async () => {
    await request(t.url).post('/api/orders').type('form').send('customerName=Bob').expect(400);
    await request(t.url).post('/api/orders').set('Content-Type', 'text/plain').send('hello').expect(400);
  });

  it('admin list filters refuse junk', async () => {
    await request(t.url).get('/api/orders?limit=abc').set(admin).expect(400);
    await request(t.url).get('/api/orders?channel=fax').set(admin).expect(400);
    await request(t.url).get('/api/orders?unknown=1').set(admin).expect(400);
  });
});
