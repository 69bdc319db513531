import request from 'supertest';

export const DASHBOARD_USER = 'staff';
export const DASHBOARD_PASSWORD = 'staff-password';

export interface StaffSession {
  cookie: string;
  csrf: string;
}

/** Signs in to the dashboard over HTTP and returns the session cookie and CSRF token. */
export async function staffLogin(url: string, ip = '10.1.0.1'): Promise<StaffSession> {
  const res = await request(url)
    .post('/dashboard/login')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ username: DASHBOARD_USER, password: DASHBOARD_PASSWORD })
    .expect(303);
  const cookie = [res.headers['set-cookie']]
    .flat()
    .find((c: string) => c.startsWith('ros_dashboard='))!
    .split(';')[0];
  const session = await request(url).get('/dashboard/api/session').set('Cookie', cookie).expect(200);
  return { cookie, csrf: session.body.csrfToken };
}

/** Places an order through the public API, the way a web client does. */
export async function placeOrder(
  url: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; orderNumber: string; businessDate: string; [k: string]: unknown }> {
  const menu = await request(url).get('/api/menu?available=true').expect(200);
  const [first, second] = menu.body as Array<{ id: string }>;
  const res = await request(url)
    .post('/api/orders')
    .send({
      customerName: 'Grace Hopper',
      customerPhone: '+12065550142',
      fulfillment: 'pickup',
      paymentMethod: 'cash',
      items: [
        { menuItemId: first.id, quantity: 2, notes: 'extra basil' },
        { menuItemId: second.id, quantity: 1 },
      ],
      ...overrides,
    })
    .expect(201);
  return res.body;
}
