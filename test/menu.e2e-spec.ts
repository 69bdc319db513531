import request from 'supertest';
import { admin, fetchMenu, menuItem } from './support/orders.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('menu API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
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
        'priceCents',
      ]);
      expect(Number.isInteger(item.priceCents)).toBe(true);
    }
  });

  it('lets an admin add a dish, edit it and mark it unavailable', async () => {
    const created = await request(t.url)
      .post('/api/menu')
      .set(admin)
      .send({ name: 'Calzone', category: 'Pizzas', priceCents: 1500, description: 'Ricotta, ham' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Calzone', priceCents: 1500, currency: 'USD', available: true });

    await request(t.url).patch(`/api/menu/${created.body.id}`).set(admin).send({ priceCents: 1600 }).expect(200);
    await request(t.url).patch(`/api/menu/${created.body.id}`).set(admin).send({ available: false }).expect(200);
    const all = await fetchMenu(t.url);
    expect(menuItem(all, 'Calzone')).toMatchObject({ priceCents: 1600, available: false });
    const orderable = (await request(t.url).get('/api/menu?available=true').expect(200)).body;
    expect(orderable.find((m: { name: string }) => m.name === 'Calzone')).toBeUndefined();
  });

  it('refuses duplicates, bad prices and unknown fields, and needs the admin token', async () => {
    await request(t.url).post('/api/menu').set(admin).send({ name: 'margherita pizza', category: 'Pizzas', priceCents: 100 }).expect(409);
    const bad = await request(t.url)
      .post('/api/menu')
      .set(admin)
      .send({ name: 'X', category: 'Y', priceCents: -1, colour: 'red' })
      .expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['property colour should not exist', 'priceCents must not be less than 0']));
    await request(t.url).post('/api/menu').send({ name: 'Free Pizza', category: 'Pizzas', priceCents: 0 }).expect(401);
    const menu = await fetchMenu(t.url);
    await request(t.url).patch(`/api/menu/${menu[0].id}`).send({ available: false }).expect(401);
    await request(t.url).patch('/api/menu/not-a-uuid').set(admin).send({ available: false }).expect(400);
    await request(t.url).patch('/api/menu/00000000-0000-4000-8000-000000000000').set(admin).send({ available: false }).expect(404);
  });
});
