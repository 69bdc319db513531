import { lockMsAfter, MAX_LOCK_MS } from './login-limiter.js';

describe('login slow-down', () => {
  it('lets a few failures through, then locks, doubling the wait with each further failure', () => {
    expect(lockMsAfter(1, 3, 10_000)).toBe(0);
    expect(lockMsAfter(2, 3, 10_000)).toBe(0);
    expect(lockMsAfter(3, 3, 10_000)).toBe(10_000);
    expect(lockMsAfter(4, 3, 10_000)).toBe(20_000);
    expect(lockMsAfter(5, 3, 10_000)).toBe(40_000);
  });

  it('never locks for more than 15 minutes, however many failures pile up', () => {
    expect(lockMsAfter(30, 1, 60_000)).toBe(MAX_LOCK_MS);
    expect(lockMsAfter(10_000, 1, 60_000)).toBe(MAX_LOCK_MS);
  });
});
