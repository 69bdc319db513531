import { canonicalJson, IdempotencyService } from './idempotency.service.js';
import type { OrdersRepository, StoredIdempotencyRecord } from './orders.repository.js';

function service(record: StoredIdempotencyRecord | null): IdempotencyService {
  return new IdempotencyService({ findIdempotencyRecord: () => Promise.resolve(record) } as unknown as OrdersRepository);
}

describe('IdempotencyService', () => {
  it('hashes the same request the same whatever the order of its fields, and ignores undefined ones', () => {
    const idempotency = service(null);
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe('{"a":"x","b":[1,{"d":2}]}');
    expect(idempotency.hash({ a: 1, b: 2 })).toBe(idempotency.hash({ b: 2, a: 1 }));
    expect(idempotency.hash({ a: 1, b: 2 })).not.toBe(idempotency.hash({ a: 1, b: 3 }));
  });

  it('gives the first answer to the same request, refuses the key for another, and has nothing for a new key', async () => {
    const body = { id: 'order-1' };
    const idempotency = service({ requestHash: 'h1', statusCode: 201, responseBody: body });
    await expect(idempotency.firstAnswer('api:k', 'h1')).resolves.toEqual({ statusCode: 201, body });
    await expect(idempotency.firstAnswer('api:k', 'h2')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await expect(service(null).firstAnswer('api:k', 'h1')).resolves.toBeNull();
  });
});
