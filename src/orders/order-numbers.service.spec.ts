import { OrderNumbers } from './order-numbers.service.js';
import type { OrdersRepository } from './orders.repository.js';

describe('OrderNumbers', () => {
  it('takes one block from the sequence for twenty orders, and one at a time when callers race', async () => {
    const starts = [1000, 1020];
    let calls = 0;
    const repository = {
      nextOrderNumberBlock: () => {
        calls++;
        return Promise.resolve(starts.shift()!);
      },
    };
    const numbers = new OrderNumbers(repository as unknown as OrdersRepository);
    const first = await Promise.all(Array.from({ length: 20 }, () => numbers.next()));
    expect(calls).toBe(1);
    expect(new Set(first).size).toBe(20);
    expect(first[0]).toBe('A-1000');
    expect(first[19]).toBe('A-1019');
    expect(await numbers.next()).toBe('A-1020');
    expect(calls).toBe(2);
  });
});
