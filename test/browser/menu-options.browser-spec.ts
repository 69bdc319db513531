/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { api, expectError, expectStatus } from '../support/api.js';
import { OWNER_PASSWORD, OWNER_USER } from '../support/dashboard.js';
import { fetchMenu, menuItem, type MenuRow, orderBody } from '../support/orders.js';
import { createTestApp, TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

function groupOf(dish: MenuRow, name: string) {
  const group = dish.optionGroups.find((g) => g.name === name);
  if (!group) throw new Error(`${dish.name} has no group named ${name}`);
  return group;
}

function optionOf(dish: MenuRow, group: string, name: string) {
  const option = groupOf(dish, group).options.find((o) => o.name === name);
  if (!option) throw new Error(`${dish.name} has no ${group} option named ${name}`);
  return option;
}

/**
 * Menu options as staff meet them in Chromium: an order's options under each dish on its card and in its detail
 * (the one choice of a single-choice group in capitals), then the Menu tab: an option run out, a group's limits
 * edited in its inline form (a refused edit says why), and a change made elsewhere drawn without a reload.
 */
describe('Menu options on the dashboard (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let menu: MenuRow[];
  let pizza: MenuRow;
  let order: { id: string; orderNumber: string };

  const place = (items: { menuItemId: string; quantity: number; options?: string[]; notes?: string }[]) =>
    api(t.url).POST('/api/orders', { body: orderBody(menu, { customerName: 'Maria Rossi', items }) });
  const card = (id: string) => page.locator(`.card[data-order-id="${id}"]`);
  const dishRow = (dish: MenuRow) => page.locator(`.menu-item[data-menu-item-id="${dish.id}"]`);
  const groupBox = (id: string) => page.locator(`.opt-group[data-group-id="${id}"]`);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    menu = await fetchMenu(t.url);
    pizza = menuItem(menu, 'Margherita Pizza');
    const wings = menuItem(menu, 'Chicken Wings');
    order = await expectStatus(
      place([
        {
          menuItemId: pizza.id,
          quantity: 2,
          options: [
            optionOf(pizza, 'Size', 'Large').id,
            optionOf(pizza, 'Toppings', 'Extra cheese').id,
            optionOf(pizza, 'Leave off', 'No basil').id,
          ],
          notes: 'cut in eight',
        },
        { menuItemId: wings.id, quantity: 1, options: [optionOf(wings, 'Sauce', 'Honey garlic').id] },
        { menuItemId: menuItem(menu, 'Tiramisu').id, quantity: 1 },
      ]),
      201,
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows each line’s options under the dish on the card and in the detail, the single choice in capitals', async () => {
    await page.goto(`${t.url}/dashboard`);
    await page.fill('input[name="username"]', OWNER_USER);
    await page.fill('input[name="password"]', OWNER_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#live', { hasText: 'Live' }).waitFor();

    const lines = card(order.id).locator('.items > li');
    await lines.first().waitFor();
    // What a cook reads (innerText: as shown, capitals included), line by line.
    expect(await lines.evaluateAll((li) => li.map((l) => (l as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))).toEqual([
      '2×Margherita Pizza LARGE · Extra cheese · No basil cut in eight',
      '1×Chicken Wings HONEY GARLIC',
      '1×Tiramisu',
    ]);
    // The names stay as ordered underneath (copying, screen readers): capitals are the stylesheet's.
    expect(await lines.first().locator('.item-options').textContent()).toBe('Large · Extra cheese · No basil');
    await page.screenshot({ path: join(SCREENSHOTS, 'options-board-1280x800.png') });
    await card(order.id).screenshot({ path: join(SCREENSHOTS, 'options-card.png') });

    await card(order.id).locator('.num').click();
    const detail = page.locator('#detail-body');
    const first = detail.locator('.items-table tbody tr').first();
    await first.waitFor();
    expect((await first.innerText()).replace(/\s+/g, ' ').trim()).toBe(
      '2×Margherita Pizza LARGE · Extra cheese · No basil $21.50 each: Large +$5.00, Extra cheese +$2.00 cut in eight $43.00',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'options-detail-1280x800.png') });
    await page.click('#detail-close');
  });

  it('runs an option out from the Menu tab: the API refuses it at once, and it comes back', async () => {
    await page.click('.tab[data-view="menu"]');
    const cheese = optionOf(pizza, 'Toppings', 'Extra cheese');
    const row = dishRow(pizza).locator(`.opt-row[data-option-id="${cheese.id}"]`);
    await row.locator('button.option-toggle', { hasText: 'Run out' }).click();
    await row.locator('.opt-state', { hasText: 'Run out' }).waitFor();
    const refused = await expectError(place([{ menuItemId: pizza.id, quantity: 1, options: [cheese.id] }]), 422);
    expect(refused).toMatchObject({ code: 'OPTION_UNAVAILABLE', optionIds: [cheese.id] });
    // Control: the dish itself still sells.
    await expectStatus(place([{ menuItemId: pizza.id, quantity: 1 }]), 201);
    await dishRow(pizza).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'options-menu-1280x800.png') });

    await row.locator('button.option-toggle', { hasText: 'Back' }).click();
    await row.locator('button.option-toggle', { hasText: 'Run out' }).waitFor();
    expect(await row.locator('.opt-state').count()).toBe(0);
    await expectStatus(place([{ menuItemId: pizza.id, quantity: 1, options: [cheese.id] }]), 201);
  });

  it("edits a group's limits in its inline form; a refused edit says why and keeps what was typed", async () => {
    const toppings = groupOf(pizza, 'Toppings');
    const box = groupBox(toppings.id);
    await box.locator('.opt-group-head', { hasText: 'Toppings · up to 5' }).waitFor();
    await box.locator('button.group-edit').click();
    const form = box.locator('form.group-form');
    await form.locator('input[name="minChoices"]').fill('3');
    await form.locator('input[name="maxChoices"]').fill('2');
    await form.locator('button.group-save').click();
    await page.locator('.toast.error', { hasText: 'Toppings: minChoices (3) cannot be more than maxChoices (2).' }).waitFor();
    expect(await form.locator('input[name="minChoices"]').inputValue()).toBe('3');
    expect(groupOf(menuItem(await fetchMenu(t.url), pizza.name), 'Toppings')).toMatchObject({ minChoices: 0, maxChoices: 5 });
    await page.screenshot({ path: join(SCREENSHOTS, 'options-group-refused-1280x800.png') });

    await form.locator('input[name="minChoices"]').fill('0');
    await form.locator('input[name="maxChoices"]').fill('2');
    await form.locator('button.group-save').click();
    await box.locator('.opt-group-head', { hasText: 'Toppings · up to 2' }).waitFor();
    expect(groupOf(menuItem(await fetchMenu(t.url), pizza.name), 'Toppings')).toMatchObject({ minChoices: 0, maxChoices: 2 });
    const three = toppings.options.slice(0, 3).map((o) => o.id);
    const refused = await expectError(place([{ menuItemId: pizza.id, quantity: 1, options: three }]), 422);
    expect(refused).toMatchObject({ code: 'TOO_MANY_OPTIONS', message: 'Margherita Pizza takes at most 2 toppings; 3 were chosen.' });
  });

  it('draws a change made elsewhere without a reload (the menu.changed event), open form included', async () => {
    const size = groupOf(pizza, 'Size');
    const small = optionOf(pizza, 'Size', 'Small');
    await groupBox(size.id).locator('button.group-edit').click();
    await groupBox(size.id).locator('input[name="name"]').fill('Pizza size');
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await expectStatus(
      api(t.url, { admin: true }).PATCH('/api/menu-options/{optionId}', {
        params: { path: { optionId: small.id } },
        body: { available: false },
      }),
      200,
    );
    await groupBox(size.id).locator(`.opt-row.run-out[data-option-id="${small.id}"]`).waitFor();
    expect(navigations).toEqual([]);
    // What staff were typing survived the redraw.
    expect(await groupBox(size.id).locator('input[name="name"]').inputValue()).toBe('Pizza size');
    await groupBox(size.id).locator('button.group-cancel').click();
    await groupBox(size.id).locator('.opt-group-head', { hasText: 'Size · choose 1' }).waitFor();
  });

  it('fits a 768 px kitchen tablet', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await dishRow(pizza).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'options-menu-768x1024.png') });
    await page.click('.tab[data-view="board"]');
    await card(order.id).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'options-board-768x1024.png') });
  });
});
