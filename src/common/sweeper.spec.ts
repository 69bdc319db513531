import { describe, expect, it, jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { Sweeper } from './sweeper.js';

const quietLogger = () => ({ warn: jest.fn() }) as unknown as Logger & { warn: jest.Mock };

describe('Sweeper', () => {
  it('runs once at a time; kicks during a run ask for exactly one more run after it', async () => {
    let release!: () => void;
    let runs = 0;
    const sweeper = new Sweeper(
      'Test sweep',
      60_000,
      () => {
        runs++;
        return runs === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
      quietLogger(),
    );
    sweeper.kick();
    sweeper.kick();
    sweeper.kick();
    expect(runs).toBe(1);
    release();
    await sweeper.idle();
    expect(runs).toBe(2);
  });

  it('logs a failed run and runs again on the next kick; after stop it runs no more and says so', async () => {
    const logger = quietLogger();
    let runs = 0;
    const sweeper = new Sweeper(
      'Test sweep',
      60_000,
      () => (++runs === 1 ? Promise.reject(new Error('database down')) : Promise.resolve()),
      logger,
    );
    sweeper.kick();
    await sweeper.idle();
    expect(logger.warn).toHaveBeenCalledWith('Test sweep failed (the next one retries): database down');
    sweeper.kick();
    await sweeper.idle();
    expect(runs).toBe(2);
    expect(sweeper.stopping).toBe(false);
    await sweeper.stop();
    sweeper.kick();
    expect(runs).toBe(2);
    expect(sweeper.stopping).toBe(true);
  });
});
