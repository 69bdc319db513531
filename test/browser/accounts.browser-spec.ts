/// <reference lib="dom" />
import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, signIn } from '../support/browser.js';
import { OWNER_PASSWORD, OWNER_USER, placeOrder } from '../support/dashboard.js';
import { createTestApp, TestApp } from '../support/test-app.js';

jest.setTimeout(120_000);

const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** The owner adds a cook; the cook's board leaves out what a cook may not do; disabling the cook signs them out at once. */
describe('Staff accounts on the dashboard (Chromium)', () => {
  let t: TestApp;
  let browser: Browser;
  let owner: Page;
  let cook: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    browser = await launchChromium();
    owner = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    cook = await (await browser.newContext({ viewport: { width: 768, height: 1024 } })).newPage();
    owner.setDefaultTimeout(10_000);
    cook.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets the owner add a person from the Accounts tab', async () => {
    await signIn(owner, t.url, OWNER_USER, OWNER_PASSWORD);
    await owner.click('.tab[data-view="accounts"]');
    await owner.locator('tr[data-account="staff"]').waitFor();
    await owner.fill('#account-add input[name="username"]', 'maria');
    await owner.selectOption('#account-add-role', 'staff');
    await owner.fill('#account-add input[name="password"]', 'tomato basil 1987');
    await owner.click('#account-add button[type="submit"]');
    const row = owner.locator('tr[data-account="maria"]');
    await row.waitFor();
    expect(await row.locator('select.account-role').inputValue()).toBe('staff');
    expect(await owner.locator('tr[data-account="owner"] .tag', { hasText: 'you' }).count()).toBe(1);
    await owner.screenshot({ path: join(SCREENSHOTS, 'accounts-owner.png'), fullPage: true });
  });

  it("leaves the owner's tools out of a staff account's board", async () => {
    const order = await placeOrder(t.url, { paymentMethod: 'card' });
    // Paid, so the owner's detail offers a refund (how it got paid is the payment tests' subject).
    await t.dataSource.query(`UPDATE orders SET payment_status = 'paid' WHERE id = $1`, [order.id]);
    await owner.goto(`${t.url}/dashboard#order=${order.id}`);
    await owner.waitForSelector('body[data-ready="true"]');
    await owner.locator('.staff-refund-box').waitFor();
    await owner.locator('#detail-close').click();
    await signIn(cook, t.url, 'maria', 'tomato basil 1987');
    expect(await cook.locator('#user').textContent()).toBe('maria');
    expect(await cook.locator('.tab[data-view="accounts"]').isVisible()).toBe(false);
    expect(await cook.locator('#reports-link').isVisible()).toBe(false);
    expect(await cook.locator('.tab[data-view="menu"]').isVisible()).toBe(true);
    // The Accounts tab by its address shows the board instead.
    await cook.goto(`${t.url}/dashboard#accounts`);
    await cook.waitForSelector('body[data-ready="true"]');
    expect(await cook.locator('#view-accounts').isHidden()).toBe(true);
    expect(await cook.locator('#view-board').isVisible()).toBe(true);
    // The export tab: the queue's health, but no workbook download and no retry.
    await cook.click('.tab[data-view="export"]');
    expect(await cook.locator('#export-link').isVisible()).toBe(false);
    expect(await cook.locator('#export-retry').isVisible()).toBe(false);
    await cook.click('.tab[data-view="board"]');
    await cook.locator(`[data-order-id="${order.id}"]`).first().click();
    await cook.locator('#detail-body', { hasText: 'Card' }).waitFor();
    expect(await cook.locator('.staff-refund-box').count()).toBe(1); // drawn, and left out of the cook's page
    expect(await cook.locator('.staff-refund-box').isVisible()).toBe(false);
    await cook.screenshot({ path: join(SCREENSHOTS, 'accounts-staff-board.png') });
    await cook.locator('#detail-close').click();
  });

  it('signs a disabled account out at once, on the board it has open', async () => {
    await owner.reload();
    await owner.waitForSelector('body[data-ready="true"]');
    await owner.click('.tab[data-view="accounts"]');
    const row = owner.locator('tr[data-account="maria"]');
    await row.waitFor();
    owner.once('dialog', (dialog) => void dialog.accept());
    await row.locator('button.account-disable').click();
    await owner.locator('tr[data-account="maria"].disabled').waitFor();
    // The cook did nothing: the board's live stream ended, and the page went to the sign-in form by itself.
    await cook.waitForURL('**/dashboard/login', { timeout: 20_000 });
    await cook.fill('input[name="username"]', 'maria');
    await cook.fill('input[name="password"]', 'tomato basil 1987');
    await cook.click('button[type="submit"]');
    await cook.getByText('Wrong user name or password').waitFor();
  });
});
