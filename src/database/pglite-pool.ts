import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Mutex, withTimeout } from 'async-mutex';
import { PGliteDriver } from 'typeorm-pglite';

type ConnectCallback = (err: Error | null, client: unknown, release: (err?: unknown) => void) => void;

/**
 * PGlite is one in-process PostgreSQL session. typeorm-pglite hands that same session to every TypeORM query
 * runner, so two concurrent transactions would interleave their statements. This pool lends the session to one
 * query runner at a time (until it is released), which restores transaction isolation: it behaves like a
 * PostgreSQL pool of size one. The timeout turns an accidental nested acquire (a deadlock) into an error.
 */
export function serializedPgliteDriver(dataDir: string) {
  // pg_trgm: the order search's indexes (migration OrderSearch), as on PostgreSQL.
  const base = new PGliteDriver({ dataDir, extensions: { pg_trgm } }).driver as unknown as { Pool: new () => BasePool };
  const lock = withTimeout(new Mutex(), 30_000, new Error('The embedded database is busy (lock wait over 30 s).'));

  interface BasePool {
    connect(callback: ConnectCallback): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): unknown;
  }

  class SerializedPool extends base.Pool {
    connect(callback: ConnectCallback): Promise<void> {
      return lock.acquire().then(
        (unlock) => {
          let released = false;
          const release = () => {
            if (!released) {
              released = true;
              unlock();
            }
          };
          return super.connect((err, client) => {
            if (err) release();
            callback(err, client, release);
          });
        },
        (err: Error) => callback(err, null, () => undefined),
      );
    }
  }
  return { Pool: SerializedPool };
}
