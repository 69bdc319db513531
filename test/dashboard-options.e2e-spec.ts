import http from 'node:http';
import request from 'supertest';
import { api, expectError, expectStatus } from './support/api.js';
import { staffLogin, type StaffSession } from './support/dashboard.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from './support/orders.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

type Dish = MenuRow;

function groupOf(dish: Dish, name: string) {
  const group = dish.optionGroups.find((g) => g.name === name);
  if (!group) throw new Error(`${dish.name} has no group named ${name}`);
  return group;
}

function optionOf(dish: Dish, group: string, name: string) {
  const option = groupOf(dish, group).options.find((o) => o.name === name);
  if (!option) throw new Error(`${dish.name} has no ${group} option named ${name}`);
  return option;
}

/**
 * The Menu tab's edits of a dish's choices (src/dashboard/dashboard-api.controller.ts): staff mark an option run
 * out or back, and change a group's name and limits, with the dashboard's session and CSRF token. Orders and the
 * public menu follow at once; the dashboard's live stream announces it.
 */
describe('Dashboard: options run out and group limits', () => {
  let t: TestApp;
  let staff: StaffSession;
  let menu: Dish[];
  let pizza: Dish;

  beforeAll(async () => {
    t = await createTestApp();
    staff = await staffLogin(t.url);
    menu = await fetchMenu(t.url);
    pizza = menuItem(menu, 'Margherita Pizza');
  });
  afterAll(() => t.close());

  const patch = (path: string, body: unknown, csrf = staff.csrf) =>
    request(t.url)
      .patch(path)
      .set('Cookie', staff.cookie)
      .set('X-CSRF-Token', csrf)
      .send(body as object);
  const setOption = (optionId: string, body: unknown) => patch(`/dashboard/api/menu-options/${optionId}`, body);
  const editGroup = (groupId: string, body: unknown) => patch(`/dashboard/api/menu-option-groups/${groupId}`, body);
  const place = (dish: Dish, options: string[]) =>
    api(t.url).POST('/api/orders', { body: orderBody(menu, { items: [{ menuItemId: dish.id, quantity: 1, options }] }) });
  const publicDish = async (id: string) => (await fetchMenu(t.url)).find((m) => m.id === id)!;

  it.each([
    ['patch', `/dashboard/api/menu-options/${SOME_ID}`],
    ['patch', `/dashboard/api/menu-option-groups/${SOME_ID}`],
  ] as const)('refuses %s %s without a session (401) and without the CSRF token (403)', async (method, path) => {
    await request(t.url)[method](path).send({ available: false }).expect(401);
    await request(t.url)[method](path).set('Cookie', staff.cookie).send({ available: false }).expect(403);
    await request(t.url)[method](path).set('Cookie', staff.cookie).set('X-CSRF-Token', 'wrong').send({ available: false }).expect(403);
  });

  it('marks an option run out: orders with it are refused, the rest of the dish still sells; then it is back', async () => {
    const cheese = optionOf(pizza, 'Toppings', 'Extra cheese');
    const out = await setOption(cheese.id, { available: false }).expect(200);
    // The answer is the dish as stored, with every group.
    expect(out.body).toMatchObject({ id: pizza.id, name: 'Margherita Pizza', available: true });
    expect(out.body.optionGroups.map((g: { name: string }) => g.name)).toEqual(['Size', 'Toppings', 'Leave off']);
    expect(optionOf(out.body, 'Toppings', 'Extra cheese').available).toBe(false);
    expect(optionOf(await publicDish(pizza.id), 'Toppings', 'Extra cheese').available).toBe(false);

    const refused = await expectError(place(pizza, [cheese.id]), 422);
    expect(refused).toMatchObject({ code: 'OPTION_UNAVAILABLE', optionIds: [cheese.id] });
    expect(refused.message).toMatch(/^Sorry, Extra cheese is not available for Margherita Pizza right now\./);
    await expectStatus(place(pizza, [optionOf(pizza, 'Toppings', 'Olives').id]), 201);

    const back = await setOption(cheese.id, { available: true }).expect(200);
    expect(optionOf(back.body, 'Toppings', 'Extra cheese').available).toBe(true);
    const order = await expectStatus(place(pizza, [cheese.id]), 201);
    expect(order.items[0].options.map((o) => o.name)).toEqual(['Medium', 'Extra cheese']);
  });

  it('lets staff change only availability of an option, never its name or price', async () => {
    const olives = optionOf(pizza, 'Toppings', 'Olives');
    const res = await setOption(olives.id, { available: false, priceDeltaCents: 0 }).expect(400);
    expect(res.body.message).toEqual(['property priceDeltaCents should not exist']);
    const wrongType = await setOption(olives.id, { available: 'no' }).expect(400);
    expect(wrongType.body.message).toEqual(['available must be true or false']);
    expect(optionOf(await publicDish(pizza.id), 'Toppings', 'Olives')).toMatchObject({
      available: true,
      priceDeltaCents: olives.priceDeltaCents,
    });
  });

  it("changes a group's name and limits: the menu shows them and orders are held to them", async () => {
    const diavola = menuItem(menu, 'Diavola Pizza');
    const toppings = groupOf(diavola, 'Toppings');
    const three = toppings.options.slice(0, 3).map((o) => o.id);
    // Control: three toppings sell while the group allows five.
    await expectStatus(place(diavola, three), 201);

    const res = await editGroup(toppings.id, { name: 'Extra toppings', minChoices: 0, maxChoices: 2 }).expect(200);
    expect(groupOf(res.body, 'Extra toppings')).toMatchObject({ id: toppings.id, minChoices: 0, maxChoices: 2 });
    expect(groupOf(await publicDish(diavola.id), 'Extra toppings')).toMatchObject({ minChoices: 0, maxChoices: 2 });

    const refused = await expectError(place(diavola, three), 422);
    expect(refused).toMatchObject({ code: 'TOO_MANY_OPTIONS', message: 'Diavola Pizza takes at most 2 extra toppings; 3 were chosen.' });
    await expectStatus(place(diavola, three.slice(0, 2)), 201);

    // Required now: an order that names none is refused (the group has no default to fill it with).
    await editGroup(toppings.id, { minChoices: 1 }).expect(200);
    const required = await expectError(place(diavola, []), 422);
    expect(required).toMatchObject({ code: 'OPTION_REQUIRED', optionGroupId: toppings.id });
  });

  it('refuses a group that asks for more than it allows, with a message staff can read, and changes nothing', async () => {
    const caprese = menuItem(menu, 'Caprese Salad');
    const protein = groupOf(caprese, 'Add protein');
    const res = await editGroup(protein.id, { minChoices: 3, maxChoices: 2 }).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', message: 'Add protein: minChoices (3) cannot be more than maxChoices (2).' });
    // Only the minimum sent: checked against the maximum as stored.
    const onlyMin = await editGroup(protein.id, { minChoices: 2 }).expect(400);
    expect(onlyMin.body.message).toBe('Add protein: minChoices (2) cannot be more than maxChoices (1).');
    const invalid = await editGroup(protein.id, { name: ' ', maxChoices: 0 }).expect(400);
    expect(invalid.body.message).toEqual(expect.arrayContaining(['name should not be empty', 'maxChoices must not be less than 1']));
    // A field sent as null is refused, not stored (left out, it keeps its value).
    const nulls = await editGroup(protein.id, { name: null, minChoices: null, maxChoices: null }).expect(400);
    expect(nulls.body.message).toEqual(
      expect.arrayContaining(['name must be a string', 'minChoices must be an integer number', 'maxChoices must be an integer number']),
    );
    expect(groupOf(await publicDish(caprese.id), 'Add protein')).toMatchObject({ minChoices: 0, maxChoices: 1 });
  });

  it('refuses limits that would let a line cost less than nothing (422 PRICE_BELOW_ZERO)', async () => {
    // A dish whose two discounts may be taken one at a time: $6.00 less at most $4.00.
    const admin = api(t.url, { admin: true });
    const dish = await expectStatus(admin.POST('/api/menu', { body: { name: 'Lunch Bowl', category: 'Bowls', priceCents: 600 } }), 201);
    const withGroup = await expectStatus(
      admin.POST('/api/menu/{id}/option-groups', {
        params: { path: { id: dish.id } },
        body: {
          name: 'Deals',
          minChoices: 0,
          maxChoices: 1,
          options: [
            { name: 'Staff meal', priceDeltaCents: -400 },
            { name: 'Loyalty', priceDeltaCents: -400 },
          ],
        },
      }),
      201,
    );
    const deals = groupOf(withGroup, 'Deals');
    const res = await editGroup(deals.id, { maxChoices: 2 }).expect(422);
    expect(res.body).toMatchObject({ code: 'PRICE_BELOW_ZERO', menuItemIds: [dish.id] });
    expect(res.body.message).toBe('With these choices a Lunch Bowl could cost -$2.00; options may lower a price only as far as zero.');
    expect(groupOf(await publicDish(dish.id), 'Deals').maxChoices).toBe(1);
  });

  it('answers 404 for a group or option that does not exist and 400 for an id that is not one', async () => {
    expect((await setOption(SOME_ID, { available: false }).expect(404)).body.message).toMatch(/Option/);
    expect((await editGroup(SOME_ID, { maxChoices: 2 }).expect(404)).body.message).toMatch(/Option group/);
    await setOption('not-a-uuid', { available: false }).expect(400);
    await editGroup('not-a-uuid', { maxChoices: 2 }).expect(400);
  });

  it('announces an option toggle on the live stream (menu.changed), and the dashboard menu shows it', async () => {
    const received: string[] = [];
    const { port } = new URL(t.url);
    const req = http.get({ host: '127.0.0.1', port, path: '/dashboard/events', headers: { Cookie: staff.cookie } });
    try {
      const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => received.push(chunk));
      await waitFor(() => received.join('').includes('event: hello'));
      expect(received.join('')).not.toContain('event: menu.changed');
      const basil = optionOf(pizza, 'Leave off', 'No basil');
      await setOption(basil.id, { available: false }).expect(200);
      await waitFor(() => received.join('').includes('event: menu.changed'));
      const staffMenu = await request(t.url).get('/dashboard/api/menu').set('Cookie', staff.cookie).expect(200);
      const dish = (staffMenu.body as Dish[]).find((m) => m.id === pizza.id)!;
      expect(optionOf(dish, 'Leave off', 'No basil').available).toBe(false);
    } finally {
      req.destroy();
    }
  });
});

/** Polls `check` until it holds; the deadline is generous, a failure to arrive, not a speed limit. */
async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
