import request from 'supertest';
import { api, expectStatus, type ApiSchema } from './api.js';

/** The development start's accounts (StaffAccountsService.DEVELOPMENT_ACCOUNTS, documented in the README). */
export const OWNER_USER = 'owner';
export const OWNER_PASSWORD = 'owner-password';
export const STAFF_ACCOUNT = { username: 'staff', password: 'staff-password' } as const;

export interface StaffSession {
  cookie: string;
  csrf: string;
}

/**
 * Signs in to the dashboard over HTTP and returns the session cookie and CSRF token: as the owner (who may do
 * everything) unless another account is given.
 */
export async function staffLogin(
  url: string,
  ip = '10.1.0.1',
  account: { username: string; password: string } = { username: OWNER_USER, password: OWNER_PASSWORD },
): Promise<StaffSession> {
  const res = await request(url)
    .post('/dashboard/login')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ username: account.username, password: account.password })
    .expect(303);
  const cookie = [res.headers['set-cookie']]
    .flat()
    .find((c: string) => c.startsWith('ros_dashboard='))!
    .split(';')[0];
  const session = await request(url).get('/dashboard/api/session').set('Cookie', cookie).expect(200);
  return { cookie, csrf: session.body.csrfToken };
}

/** Places an order through the public API with the typed client, the way a web client does. */
export async function placeOrder(url: string, overrides: Partial<ApiSchema<'CreateOrderDto'>> = {}): Promise<ApiSchema<'OrderDto'>> {
  const client = api(url);
  const [first, second] = await expectStatus(client.GET('/api/menu', { params: { query: { available: 'true' } } }), 200);
  return expectStatus(
    client.POST('/api/orders', {
      body: {
        customerName: 'Grace Hopper',
        customerPhone: '+12065550142',
        fulfillment: 'pickup',
        paymentMethod: 'cash',
        items: [
          { menuItemId: first.id, quantity: 2, notes: 'extra basil' },
          { menuItemId: second.id, quantity: 1 },
        ],
        ...overrides,
      },
    }),
    201,
  );
}
