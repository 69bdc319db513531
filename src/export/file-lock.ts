import { Mutex } from 'async-mutex';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lockfile from 'proper-lockfile';

export interface FileLockOptions {
  /** A lock whose holder stopped refreshing it for this long is taken over (proper-lockfile `stale`). */
  staleMs: number;
  /** How long to keep retrying while another process holds the lock. */
  acquireTimeoutMs: number;
}

/** Handed to the critical section: `assertHeld()` right before an irreversible step (rename, marking). */
export interface HeldLock {
  assertHeld(): void;
}

export class FileLockTimeoutError extends Error {}
export class FileLockCompromisedError extends Error {}

/**
 * Exclusive access to one file across async callers of this process (async-mutex, so two jobs of one
 * process never race for the same lockfile) and across processes (proper-lockfile's `<file>.lock`
 * directory, refreshed every stale/2). If the lock is lost (a blocked event loop, someone removed the lock
 * directory) the section learns it through `assertHeld()` and aborts instead of the process crashing.
 */
export class FileLocks {
  private readonly mutexes = new Map<string, Mutex>();

  constructor(private readonly options: FileLockOptions) {}

  async withLock<T>(file: string, work: (lock: HeldLock) => Promise<T>): Promise<T> {
    const mutex = this.mutexFor(file);
    try {
      return await mutex.runExclusive(async () => {
        let compromised: Error | null = null;
        const release = await this.acquire(file, (err) => {
          compromised = err;
        });
        const held: HeldLock = {
          assertHeld: () => {
            if (compromised) {
              throw new FileLockCompromisedError(`The lock on ${file} was lost (${compromised.message}); the write is abandoned.`);
            }
          },
        };
        try {
          return await work(held);
        } finally {
          if (!compromised) await release().catch(() => undefined);
        }
      });
    } finally {
      if (!mutex.isLocked()) this.mutexes.delete(file);
    }
  }

  private mutexFor(file: string): Mutex {
    let mutex = this.mutexes.get(file);
    if (!mutex) {
      mutex = new Mutex();
      this.mutexes.set(file, mutex);
    }
    return mutex;
  }

  private async acquire(file: string, onCompromised: (err: Error) => void): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.options.acquireTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await lockfile.lock(file, {
          realpath: false,
          stale: this.options.staleMs,
          update: Math.max(1000, Math.floor(this.options.staleMs / 4)),
          retries: 0,
          onCompromised,
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
        if (Date.now() >= deadline) {
          throw new FileLockTimeoutError(`Another process held the lock on ${file} for over ${this.options.acquireTimeoutMs} ms.`);
        }
        // Jittered back-off: many writers waiting for one file do not retry in lock-step.
        await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 4)) * (0.5 + Math.random()));
      }
    }
  }
}
