import request from 'supertest';
import { api, ApiClient, expectError, expectStatus } from './support/api.js';
import { admin, fetchMenu, menuItem } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('menu API', () => {
  let t: TestApp;
  let adminClient: ApiClient;
  beforeAll(async () => {
    t = await createTestApp();
    adminClient = api(t.url, { admin: true });
  });
  afterAll(() => t.close());

  it('serves the seeded demo menu: at least 12 dishes over several categories, prices in cents', async () => {
    const menu = await fetchMenu(t.url);
    expect(menu.length).toBeGreaterThanOrEqual(12);
    expect(new Set(menu.map((m) => m.category)).size).toBeGreaterThanOrEqual(4);
    expect(menuItem(menu, 'Margherita Pizza')).toMatchObject({ priceCents: 1450, currency: 'USD', available: true, category: 'Pizzas' });
    for (const item of menu) {
      expect(Object.keys(item).sort()).toEqual([
        'available',
        'category',
        'currency',
        'description',
        'id',
        'name',
        'optionGroups',
        'prepMinutes',
        'priceCents',
      ]);
      expect(Number.isInteger(item.priceCents)).toBe(true);
    }
  });

  it('lets an admin add a dish, edit it and mark it unavailable', async () => {
    const created = await expectStatus(
      adminClient.POST('/api/menu', { body: { name: 'Calzone', category: 'Pizzas', priceCents: 1500, description: 'Ricotta, ham' } }),
      201,
    );
    expect(created).toMatchObject({ name: 'Calzone', priceCents: 1500, currency: 'USD', available: true });

    const path = { id: created.id };
    const repriced = await expectStatus(adminClient.PATCH('/api/menu/{id}', { params: { path }, body: { priceCents: 1600 } }), 200);
    expect(repriced).toMatchObject({ priceCents: 1600, available: true });
    await expectStatus(adminClient.PATCH('/api/menu/{id}', { params: { path }, body: { available: false } }), 200);
    const all = await fetchMenu(t.url);
    expect(menuItem(all, 'Calzone')).toMatchObject({ priceCents: 1600, available: false });
    const orderable = await expectStatus(api(t.url).GET('/api/menu', { params: { query: { available: 'true' } } }), 200);
    expect(orderable.find((m) => m.name === 'Calzone')).toBeUndefined();
    expect(orderable.find((m) => m.name === 'Margherita Pizza')).toBeDefined();
  });

  it('refuses duplicates, bad prices and unknown fields, and needs the admin token', async () => {
    const duplicate = await expectError(
      adminClient.POST('/api/menu', { body: { name: 'margherita pizza', category: 'Pizzas', priceCents: 100 } }),
      409,
    );
    expect(duplicate.statusCode).toBe(409);
    // A negative price and an unknown field are off the contract on purpose: supertest.
    const bad = await request(t.url)
      .post('/api/menu')
      .set(admin)
      .send({ name: 'X', category: 'Y', priceCents: -1, colour: 'red' })
      .expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['property colour should not exist', 'priceCents must not be less than 0']));
    const guest = api(t.url);
    await expectError(guest.POST('/api/menu', { body: { name: 'Free Pizza', category: 'Pizzas', priceCents: 0 } }), 401);
    const menu = await fetchMenu(t.url);
    await expectError(guest.PATCH('/api/menu/{id}', { params: { path: { id: menu[0].id } }, body: { available: false } }), 401);
    await request(t.url).patch('/api/menu/not-a-uuid').set(admin).send({ available: false }).expect(400);
    const missing = { id: '00000000-0000-4000-8000-000000000000' };
    await expectError(adminClient.PATCH('/api/menu/{id}', { params: { path: missing }, body: { available: false } }), 404);
  });
});
