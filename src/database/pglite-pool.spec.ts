import { DataSource } from 'typeorm';
import { serializedPgliteDriver } from './pglite-pool.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The default database (PGlite, one in-process session) behind TypeORM, as typeormOptions() sets it up: the
 * serialized pool must give each transaction the session to itself. No clock: every step waits for the one
 * before it to be reported, and the order things finished in is recorded.
 */
describe('PGlite behind the serialized pool: transaction isolation', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', driver: serializedPgliteDriver('memory://'), synchronize: false });
    await db.initialize();
    await db.query('CREATE TABLE probe (name text PRIMARY KEY, n integer NOT NULL DEFAULT 0)');
  });
  afterAll(() => db?.destroy());

  const count = async (name: string) => (await db.query(`SELECT count(*)::int AS n FROM probe WHERE name = $1`, [name]))[0].n as number;

  it('a query during an open transaction waits for it and never sees its uncommitted row; a rollback leaves nothing', async () => {
    const order: string[] = [];
    const inserted = deferred();
    const gate = deferred();
    const tx = db
      .transaction(async (m) => {
        await m.query(`INSERT INTO probe (name) VALUES ('rolled-back')`);
        // Inside the transaction the row is there: what the outside query must not see is real.
        expect((await m.query(`SELECT count(*)::int AS n FROM probe WHERE name = 'rolled-back'`))[0].n).toBe(1);
        inserted.resolve();
        await gate.promise;
        order.push('transaction ends');
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    await inserted.promise;
    const outside = count('rolled-back').then((n) => {
      order.push('outside query answers');
      return n;
    });
    gate.resolve();
    expect(await outside).toBe(0);
    await tx;
    expect(order).toEqual(['transaction ends', 'outside query answers']);
    expect(await count('rolled-back')).toBe(0);
  });

  it('(control) the same outside query after a commit sees the row', async () => {
    const order: string[] = [];
    const inserted = deferred();
    const gate = deferred();
    const tx = db.transaction(async (m) => {
      await m.query(`INSERT INTO probe (name) VALUES ('committed')`);
      inserted.resolve();
      await gate.promise;
      order.push('transaction ends');
    });
    await inserted.promise;
    const outside = count('committed').then((n) => {
      order.push('outside query answers');
      return n;
    });
    gate.resolve();
    await tx;
    expect(await outside).toBe(1);
    expect(order).toEqual(['transaction ends', 'outside query answers']);
  });

  it('concurrent read-modify-write transactions are serialized: no update is lost', async () => {
    await db.query(`INSERT INTO probe (name, n) VALUES ('counter', 0)`);
    const active = { now: 0, most: 0 };
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (m) => {
          active.now++;
          active.most = Math.max(active.most, active.now);
          const [{ n }] = await m.query(`SELECT n FROM probe WHERE name = 'counter'`);
          await new Promise((r) => setImmediate(r)); // let the other transactions run if they could
          await m.query(`UPDATE probe SET n = $1 WHERE name = 'counter'`, [n + 1]);
          active.now--;
        }),
      ),
    );
    expect(active.most).toBe(1);
    expect((await db.query(`SELECT n FROM probe WHERE name = 'counter'`))[0].n).toBe(20);
  });
});
