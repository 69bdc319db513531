import request from 'supertest';
import { api, expectError, expectStatus, type ApiSchema } from './support/api.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from './support/orders.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app.js';

type Group = ApiSchema<'OptionGroupDto'>;

/** The option of a dish's group, by names. */
function optionOf(dish: MenuRow, group: string, name: string): string {
  const option = dish.optionGroups.find((g) => g.name === group)?.options.find((o) => o.name === name);
  if (!option) throw new Error(`${dish.name} has no ${group} option named ${name}`);
  return option.id;
}

function groupOf(dish: MenuRow, name: string): Group {
  const group = dish.optionGroups.find((g) => g.name === name);
  if (!group) throw new Error(`${dish.name} has no group named ${name}`);
  return group;
}

describe('menu options', () => {
  let t: TestApp;
  let menu: MenuRow[];
  let pizza: MenuRow;
  beforeAll(async () => {
    t = await createTestApp();
    menu = await fetchMenu(t.url);
    pizza = menuItem(menu, 'Margherita Pizza');
  });
  afterAll(() => t.close());

  const client = () => api(t.url);
  const adminClient = () => api(t.url, { admin: true });
  const line = (dish: MenuRow, options?: string[], quantity = 1) => ({ menuItemId: dish.id, quantity, ...(options && { options }) });
  const place = (items: ReturnType<typeof line>[]) => client().POST('/api/orders', { body: orderBody(menu, { items }) });
  const countRows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  describe('the demo menu', () => {
    it('gives pizzas a size, toppings and things to leave off; salads a dressing; drinks a size', () => {
      expect(pizza.optionGroups.map((g) => [g.name, g.minChoices, g.maxChoices])).toEqual([
        ['Size', 1, 1],
        ['Toppings', 0, 5],
        ['Leave off', 0, 3],
      ]);
      expect(groupOf(pizza, 'Size').options.map((o) => [o.name, o.priceDeltaCents, o.isDefault])).toEqual([
        ['Small', -200, false],
        ['Medium', 0, true],
        ['Large', 500, false],
      ]);
      expect(groupOf(menuItem(menu, 'Caesar Salad'), 'Dressing').minChoices).toBe(1);
      expect(groupOf(menuItem(menu, 'Coca-Cola'), 'Size').options.map((o) => o.name)).toEqual(['Can', 'Bottle']);
      expect(menuItem(menu, 'Tiramisu').optionGroups).toEqual([]);
    });
  });

  describe('orders with options', () => {
    it('prices a line as the dish plus its options and shows every option chosen, defaults included', async () => {
      const large = optionOf(pizza, 'Size', 'Large');
      const cheese = optionOf(pizza, 'Toppings', 'Extra cheese');
      const noBasil = optionOf(pizza, 'Leave off', 'No basil');
      const salad = menuItem(menu, 'Caesar Salad');
      const order = await expectStatus(place([line(pizza, [noBasil, cheese, large], 2), line(salad)]), 201);
      expect(order.items[0]).toMatchObject({
        name: 'Margherita Pizza',
        unitPriceCents: 1450 + 500 + 200,
        quantity: 2,
        lineTotalCents: 2 * 2150,
        options: [
          { optionId: large, group: 'Size', name: 'Large', priceDeltaCents: 500 },
          { optionId: cheese, group: 'Toppings', name: 'Extra cheese', priceDeltaCents: 200 },
          { optionId: noBasil, group: 'Leave off', name: 'No basil', priceDeltaCents: 0 },
        ],
      });
      // Nothing sent for the salad's required dressing: its default is chosen, and the answer says so.
      expect(order.items[1].options).toEqual([
        { optionId: optionOf(salad, 'Dressing', 'Caesar'), group: 'Dressing', name: 'Caesar', priceDeltaCents: 0 },
      ]);
      expect(order.subtotalCents).toBe(2 * 2150 + salad.priceCents);
      const back = await expectStatus(client().GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200);
      expect(back.items).toEqual(order.items);
    });

    it('quotes the same price without placing an order', async () => {
      const body = orderBody(menu, { items: [line(pizza, [optionOf(pizza, 'Size', 'Small')])] });
      const before = await countRows('orders');
      const quote = await expectStatus(client().POST('/api/orders/quote', { body }), 200);
      expect(quote.items[0]).toMatchObject({ unitPriceCents: 1250, options: [{ name: 'Small', priceDeltaCents: -200 }] });
      expect(await countRows('orders')).toBe(before);
    });

    it('keeps the options as ordered after the menu changes them', async () => {
      const chili = menuItem(menu, 'Diavola Pizza');
      const large = optionOf(chili, 'Size', 'Large');
      const order = await expectStatus(place([line(chili, [large])]), 201);
      await expectStatus(
        adminClient().PATCH('/api/menu-options/{optionId}', {
          params: { path: { optionId: large } },
          body: { name: 'Family', priceDeltaCents: 900 },
        }),
        200,
      );
      await expectStatus(
        adminClient().DELETE('/api/menu-option-groups/{groupId}', { params: { path: { groupId: groupOf(chili, 'Toppings').id } } }),
        200,
      );
      const back = await expectStatus(client().GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200);
      expect(back.items[0]).toMatchObject({
        unitPriceCents: 1650 + 500,
        options: [{ optionId: large, name: 'Large', priceDeltaCents: 500 }],
      });
      const now = await expectStatus(client().POST('/api/orders/quote', { body: orderBody(menu, { items: [line(chili, [large])] }) }), 200);
      expect(now.items[0]).toMatchObject({ unitPriceCents: 1650 + 900, options: [{ name: 'Family' }] });
    });
  });

  describe('every rejection: 422 with a stable code, a sentence that names the dish and the group, and no order', () => {
    let wings: MenuRow;
    beforeAll(async () => {
      // A required group with no default: the client has to choose.
      const dish = await expectStatus(
        adminClient().POST('/api/menu', { body: { name: 'Hot Wings', category: 'Sides', priceCents: 1100 } }),
        201,
      );
      wings = await expectStatus(
        adminClient().POST('/api/menu/{id}/option-groups', {
          params: { path: { id: dish.id } },
          body: {
            name: 'Sauce',
            minChoices: 1,
            maxChoices: 1,
            options: [
              { name: 'Chili', priceDeltaCents: 0 },
              { name: 'Honey garlic', priceDeltaCents: 0 },
            ],
          },
        }),
        201,
      );
    });

    it.each([
      ['a required choice left out', () => [line(wings, [])], 'OPTION_REQUIRED', 'Hot Wings needs a sauce: Chili or Honey garlic.'],
      [
        'an option of another dish',
        () => [line(menuItem(menu, 'Tiramisu'), [optionOf(pizza, 'Size', 'Large')])],
        'UNKNOWN_OPTION',
        'Tiramisu has no options to choose.',
      ],
      [
        'an unknown option id',
        () => [line(pizza, ['00000000-0000-4000-8000-000000000000'])],
        'UNKNOWN_OPTION',
        'That is not an option of Margherita Pizza; it has choices of size, toppings and leave off.',
      ],
      [
        'two sizes',
        () => [line(pizza, [optionOf(pizza, 'Size', 'Small'), optionOf(pizza, 'Size', 'Large')])],
        'TOO_MANY_OPTIONS',
        'Margherita Pizza takes a size; 2 were chosen.',
      ],
      [
        'six toppings',
        () => [
          line(
            pizza,
            groupOf(pizza, 'Toppings').options.map((o) => o.id),
          ),
        ],
        'TOO_MANY_OPTIONS',
        'Margherita Pizza takes at most 5 toppings; 6 were chosen.',
      ],
      [
        'the same option twice',
        () => [line(pizza, [optionOf(pizza, 'Toppings', 'Olives'), optionOf(pizza, 'Toppings', 'Olives')])],
        'OPTION_REPEATED',
        'Margherita Pizza: "Olives" was chosen twice; each option can be chosen once.',
      ],
    ])('%s', async (_name, items, code, message) => {
      const before = await countRows('orders');
      const error = await expectError(place(items()), 422);
      expect(error).toMatchObject({ code, message });
      expect(error.menuItemId).toEqual(expect.any(String));
      // The quote refuses it the same way.
      const quoted = await expectError(client().POST('/api/orders/quote', { body: orderBody(menu, { items: items() }) }), 422);
      expect(quoted).toMatchObject({ code, message });
      expect(await countRows('orders')).toBe(before);
    });

    it('an option run out, until it is back', async () => {
      const mushrooms = optionOf(pizza, 'Toppings', 'Mushrooms');
      const mark = (available: boolean) =>
        expectStatus(
          adminClient().PATCH('/api/menu-options/{optionId}', { params: { path: { optionId: mushrooms } }, body: { available } }),
          200,
        );
      await mark(false);
      const error = await expectError(place([line(pizza, [mushrooms])]), 422);
      expect(error).toMatchObject({ code: 'OPTION_UNAVAILABLE', optionIds: [mushrooms], optionGroupId: groupOf(pizza, 'Toppings').id });
      expect(error.message).toMatch(
        /^Sorry, Mushrooms is not available for Margherita Pizza right now\. Toppings: Extra cheese, Pepperoni/,
      );
      await mark(true);
      await expectStatus(place([line(pizza, [mushrooms])]), 201);
    });

    it('option ids that are not ids are a 400 from validation', async () => {
      const res = await request(t.url)
        .post('/api/orders')
        .send(orderBody(menu, { items: [{ menuItemId: pizza.id, quantity: 1, options: ['large'] }] }))
        .expect(400);
      expect(res.body.message).toEqual(['items.0.each value in options must be an option id from GET /api/menu']);
    });
  });

  describe('editing groups and options (admin)', () => {
    it('adds a group, edits it, adds, edits and removes an option, and removes the group; GET /api/menu shows each step', async () => {
      const dish = menuItem(menu, 'Cannoli');
      const withGroup = await expectStatus(
        adminClient().POST('/api/menu/{id}/option-groups', {
          params: { path: { id: dish.id } },
          body: { name: 'Filling', minChoices: 1, maxChoices: 1, options: [{ name: 'Ricotta', priceDeltaCents: 0, isDefault: true }] },
        }),
        201,
      );
      const filling = groupOf(withGroup, 'Filling');
      await expectStatus(
        adminClient().PATCH('/api/menu-option-groups/{groupId}', { params: { path: { groupId: filling.id } }, body: { name: 'Cream' } }),
        200,
      );
      const added = await expectStatus(
        adminClient().POST('/api/menu-option-groups/{groupId}/options', {
          params: { path: { groupId: filling.id } },
          body: { name: 'Chocolate', priceDeltaCents: 75 },
        }),
        201,
      );
      const chocolate = optionOf(added, 'Cream', 'Chocolate');
      let seen = menuItem(await fetchMenu(t.url), 'Cannoli');
      expect(seen.optionGroups).toEqual([
        {
          id: filling.id,
          name: 'Cream',
          minChoices: 1,
          maxChoices: 1,
          options: [
            { id: filling.options[0].id, name: 'Ricotta', priceDeltaCents: 0, available: true, isDefault: true },
            { id: chocolate, name: 'Chocolate', priceDeltaCents: 75, available: true, isDefault: false },
          ],
        },
      ]);
      const order = await expectStatus(place([line(seen, [chocolate])]), 201);
      expect(order.items[0].unitPriceCents).toBe(dish.priceCents + 75);

      await expectStatus(adminClient().DELETE('/api/menu-options/{optionId}', { params: { path: { optionId: chocolate } } }), 200);
      await expectStatus(adminClient().DELETE('/api/menu-option-groups/{groupId}', { params: { path: { groupId: filling.id } } }), 200);
      seen = menuItem(await fetchMenu(t.url), 'Cannoli');
      expect(seen.optionGroups).toEqual([]);
      // The order placed before still shows what was ordered.
      const back = await expectStatus(client().GET('/api/orders/{id}', { params: { path: { id: order.id } } }), 200);
      expect(back.items[0].options).toEqual([{ optionId: chocolate, group: 'Cream', name: 'Chocolate', priceDeltaCents: 75 }]);
    });

    it('refuses a group that asks for more than it allows, a price that could go below zero, a name twice, and leaves the menu as it was', async () => {
      const dish = menuItem(menu, 'Garlic Knots');
      const groups = (body: ApiSchema<'CreateOptionGroupDto'>) =>
        adminClient().POST('/api/menu/{id}/option-groups', { params: { path: { id: dish.id } }, body });
      expect(
        await expectError(groups({ name: 'Dips', minChoices: 3, maxChoices: 2, options: [{ name: 'Marinara', priceDeltaCents: 0 }] }), 400),
      ).toMatchObject({
        code: 'INVALID_INPUT',
        message: 'Dips: minChoices (3) cannot be more than maxChoices (2).',
      });
      expect(
        await expectError(groups({ name: 'Deal', minChoices: 1, maxChoices: 1, options: [{ name: 'Free', priceDeltaCents: -700 }] }), 422),
      ).toMatchObject({
        code: 'PRICE_BELOW_ZERO',
        message: 'With these choices a Garlic Knots could cost -$1.00; options may lower a price only as far as zero.',
      });
      const created = await expectStatus(
        groups({ name: 'Dips', minChoices: 0, maxChoices: 2, options: [{ name: 'Marinara', priceDeltaCents: 50 }] }),
        201,
      );
      const dips = groupOf(created, 'Dips');
      expect(
        await expectError(groups({ name: 'dips', minChoices: 0, maxChoices: 1, options: [{ name: 'Ranch', priceDeltaCents: 0 }] }), 409),
      ).toMatchObject({
        code: 'ITEM_UNAVAILABLE',
      });
      expect(
        await expectError(
          adminClient().POST('/api/menu-option-groups/{groupId}/options', {
            params: { path: { groupId: dips.id } },
            body: { name: 'MARINARA', priceDeltaCents: 0 },
          }),
          409,
        ),
      ).toMatchObject({ message: 'That name is already used in this group or dish; choose another.' });
      // The dish's own price is held to the same rule as its options.
      const deal = await expectStatus(
        adminClient().POST('/api/menu-option-groups/{groupId}/options', {
          params: { path: { groupId: dips.id } },
          body: { name: 'Bundle discount', priceDeltaCents: -500 },
        }),
        201,
      );
      expect(deal.priceCents).toBe(600);
      expect(
        await expectError(adminClient().PATCH('/api/menu/{id}', { params: { path: { id: dish.id } }, body: { priceCents: 400 } }), 422),
      ).toMatchObject({ code: 'PRICE_BELOW_ZERO' });
      const after = menuItem(await fetchMenu(t.url), 'Garlic Knots');
      expect(after.priceCents).toBe(600);
      expect(after.optionGroups.map((g) => [g.name, g.options.map((o) => o.name)])).toEqual([['Dips', ['Marinara', 'Bundle discount']]]);
    });

    it('refuses a field sent as null (400) and leaves the dish as it was', async () => {
      const groupId = groupOf(pizza, 'Toppings').id;
      const optionId = optionOf(pizza, 'Size', 'Large');
      const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };
      for (const field of ['name', 'minChoices', 'maxChoices']) {
        const res = await request(t.url)
          .patch(`/api/menu-option-groups/${groupId}`)
          .set(bearer)
          .send({ [field]: null })
          .expect(400);
        expect(res.body.message).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${field} `))]));
      }
      await request(t.url).patch(`/api/menu-options/${optionId}`).set(bearer).send({ priceDeltaCents: null }).expect(400);
      await request(t.url).patch(`/api/menu/${pizza.id}`).set(bearer).send({ priceCents: null }).expect(400);
      // A positive control: the same routes take a real value.
      await expectStatus(
        adminClient().PATCH('/api/menu-option-groups/{groupId}', { params: { path: { groupId } }, body: { maxChoices: 5 } }),
        200,
      );
      expect(menuItem(await fetchMenu(t.url), 'Margherita Pizza')).toEqual(pizza);
    });

    it('needs the admin token and answers 404 for a group or option that does not exist', async () => {
      const groupId = groupOf(pizza, 'Toppings').id;
      await request(t.url).patch(`/api/menu-option-groups/${groupId}`).send({ maxChoices: 1 }).expect(401);
      await request(t.url)
        .delete(`/api/menu-options/${optionOf(pizza, 'Size', 'Large')}`)
        .expect(401);
      const missing = '00000000-0000-4000-8000-000000000000';
      expect(
        await expectError(adminClient().DELETE('/api/menu-option-groups/{groupId}', { params: { path: { groupId: missing } } }), 404),
      ).toMatchObject({
        message: 'Option group was not found.',
      });
      expect(
        await expectError(
          adminClient().PATCH('/api/menu-options/{optionId}', { params: { path: { optionId: missing } }, body: { available: false } }),
          404,
        ),
      ).toMatchObject({
        message: 'Option was not found.',
      });
      expect(
        await expectError(
          adminClient().POST('/api/menu/{id}/option-groups', {
            params: { path: { id: missing } },
            body: { name: 'X', minChoices: 0, maxChoices: 1, options: [{ name: 'Y', priceDeltaCents: 0 }] },
          }),
          404,
        ),
      ).toMatchObject({
        message: 'Menu item was not found.',
      });
      expect(menuItem(await fetchMenu(t.url), 'Margherita Pizza').optionGroups).toEqual(pizza.optionGroups);
    });
  });
});
