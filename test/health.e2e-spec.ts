import { readFileSync } from 'node:fs';
import request from 'supertest';
import { api, expectStatus } from './support/api.js';
import { createTestApp, TestApp } from './support/test-app.js';

describe('GET /health and /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const report = await expectStatus(api(t.url).GET('/health'), 200);
    expect(report.status).toBe('ok');
    expect(report.details).toMatchObject({ database: { status: 'up' } });
  });

  // Spellings of the path that the document does not list: supertest.
  it('matches paths case-insensitively and with or without a trailing slash', async () => {
    await request(t.url).get('/HEALTH').expect(200);
    await request(t.url).get('/health/').expect(200);
    await request(t.url).get('//health').expect(404);
  });

  // /docs and /docs-json serve the document; they are not in it.
  it('serves the OpenAPI document generated from the DTOs, with examples', async () => {
    const res = await request(t.url).get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/menu', '/api/orders', '/api/orders/{id}', '/api/orders/{id}/status']),
    );
    const createOrder = res.body.components.schemas.CreateOrderDto;
    expect(createOrder.required).toEqual(
      expect.arrayContaining(['customerName', 'customerPhone', 'fulfillment', 'paymentMethod', 'items']),
    );
    expect(createOrder.properties.customerPhone.example).toBe('+12065550142');
    // The running app serves the committed contract (npm run openapi writes it; npm run lint checks it).
    expect(res.body).toEqual(JSON.parse(readFileSync('openapi.json', 'utf8')));
  });

  it('serves Swagger UI', async () => {
    const res = await request(t.url).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const script = await request(t.url).get('/docs/swagger-ui-bundle.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });
});
