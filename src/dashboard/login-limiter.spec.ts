import { LoginLimiter } from './login-limiter';

describe('LoginLimiter', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('lets a few failures through, then locks the key, doubling the wait with each further failure', () => {
    const limiter = new LoginLimiter(3, 10_000, clock);
    const keys = ['ip:1.2.3.4', 'user:staff'];
    limiter.recordFailure(keys);
    limiter.recordFailure(keys);
    expect(limiter.waitFor(keys)).toBe(0);
    limiter.recordFailure(keys);
    expect(limiter.waitFor(keys)).toBe(10_000);
    now += 10_000;
    expect(limiter.waitFor(keys)).toBe(0);
    limiter.recordFailure(keys);
    expect(limiter.waitFor(keys)).toBe(20_000);
  });

  it('locks a user name attacked from many addresses, and one address trying many names', () => {
    const limiter = new LoginLimiter(2, 5_000, clock);
    limiter.recordFailure(['ip:a', 'user:staff']);
    limiter.recordFailure(['ip:b', 'user:staff']);
    expect(limiter.waitFor(['ip:c', 'user:staff'])).toBe(5_000);
    expect(limiter.waitFor(['ip:c', 'user:other'])).toBe(0);
  });

  it('never locks for more than 15 minutes, and a success clears the key', () => {
    const limiter = new LoginLimiter(1, 60_000, clock);
    for (let i = 0; i < 30; i++) limiter.recordFailure(['ip:x']);
    expect(limiter.waitFor(['ip:x'])).toBe(15 * 60_000);
    limiter.recordSuccess(['ip:x']);
    expect(limiter.waitFor(['ip:x'])).toBe(0);
  });
});
