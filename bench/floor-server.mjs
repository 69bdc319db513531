// The floor of this stack: a bare node:http handler doing the same durable work as POST /api/orders
// (validate, price from a cached menu, one transaction with the order and its lines, one Redis push) with
// raw `pg` and `ioredis`, and nothing else. Benchmarks compare the app against it in the same run.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

const { DATABASE_URL, REDIS_URL, PORT = '3101', TAX_RATE_BPS = '1025', POOL_SIZE = '10' } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: Number(POOL_SIZE) });
const redis = new Redis(REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
const E164 = /^\+[1-9]\d{6,14}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

await pool.query(`CREATE SCHEMA IF NOT EXISTS floor`);
await pool.query(`CREATE TABLE IF NOT EXISTS floor.orders (id uuid PRIMARY KEY, customer_name text NOT NULL,
  customer_phone text NOT NULL, fulfillment text NOT NULL, subtotal_cents int NOT NULL, tax_cents int NOT NULL,
  total_cents int NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
await pool.query(`CREATE TABLE IF NOT EXISTS floor.order_items (id uuid PRIMARY KEY, order_id uuid NOT NULL REFERENCES floor.orders(id),
  menu_item_id uuid NOT NULL, name text NOT NULL, unit_price_cents int NOT NULL, quantity int NOT NULL)`);
const menu = new Map((await pool.query('SELECT id, name, price_cents, available FROM menu_items')).rows.map((r) => [r.id, r]));

function validate(body) {
  if (!body || typeof body !== 'object') return 'body must be an object';
  if (typeof body.customerName !== 'string' || !body.customerName.trim() || body.customerName.length > 100) return 'customerName';
  if (typeof body.customerPhone !== 'string' || !E164.test(body.customerPhone)) return 'customerPhone';
  if (!['pickup', 'delivery'].includes(body.fulfillment)) return 'fulfillment';
  if (!['card', 'cash'].includes(body.paymentMethod)) return 'paymentMethod';
  if (!Array.isArray(body.items) || body.items.length < 1 || body.items.length > 50) return 'items';
  for (const line of body.items) {
    if (!line || !UUID.test(line.menuItemId) || !Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 50) return 'items';
  }
  return null;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/orders') return send(res, 404, { error: 'not found' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: 'bad json' });
    }
    const problem = validate(body);
    if (problem) return send(res, 400, { error: problem });
    const lines = [];
    for (const line of body.items) {
      const item = menu.get(line.menuItemId);
      if (!item || !item.available) return send(res, 422, { error: 'ITEM_UNAVAILABLE' });
      lines.push({ item, quantity: line.quantity });
    }
    const subtotal = lines.reduce((s, l) => s + l.item.price_cents * l.quantity, 0);
    const tax = Math.floor((subtotal * Number(TAX_RATE_BPS) + 5000) / 10000);
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'INSERT INTO floor.orders (id, customer_name, customer_phone, fulfillment, subtotal_cents, tax_cents, total_cents) VALUES ($1,$2,$3,$4,$5,$6,$7)',
        [id, body.customerName, body.customerPhone, body.fulfillment, subtotal, tax, subtotal + tax],
      );
      const values = [];
      const params = [];
      lines.forEach((l, i) => {
        values.push(`($${i * 6 + 1},$${i * 6 + 2},$${i * 6 + 3},$${i * 6 + 4},$${i * 6 + 5},$${i * 6 + 6})`);
        params.push(randomUUID(), id, l.item.id, l.item.name, l.item.price_cents, l.quantity);
      });
      await client.query(
        `INSERT INTO floor.order_items (id, order_id, menu_item_id, name, unit_price_cents, quantity) VALUES ${values.join(',')}`,
        params,
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      return send(res, 503, { error: String(err.message) });
    }
    client.release();
    await redis.lpush('floor:export', id).catch(() => undefined);
    send(res, 201, { id, subtotalCents: subtotal, taxCents: tax, totalCents: subtotal + tax });
  });
});
server.listen(Number(PORT), '127.0.0.1', () => console.log(`floor listening on ${PORT}`));
process.on('SIGTERM', () => server.close(() => Promise.all([pool.end(), redis.quit()]).then(() => process.exit(0))));
