import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import type { OrderDto } from './dto/order.dto.js';
import { OrdersRepository } from './orders.repository.js';

/** The answer a request got the first time, given again to a retry with the same key. */
export interface FirstAnswer {
  statusCode: number;
  body: OrderDto;
}

/**
 * Idempotency keys: the same key with the same request gets the first answer again; with a different request
 * it is refused. The record itself is written with the order, in the same statement (OrdersRepository.insert),
 * which is what makes concurrent duplicates create one order.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly orders: OrdersRepository) {}

  /** What identifies a request: the same for the same fields in any order. */
  hash(request: unknown): string {
    return createHash('sha256').update(canonicalJson(request)).digest('hex');
  }

  /** The first answer to `key`, or null when the key is new; IDEMPOTENCY_KEY_REUSED when it asked something else. */
  async firstAnswer(key: string, requestHash: string): Promise<FirstAnswer | null> {
    const record = await this.orders.findIdempotencyRecord(key);
    if (!record) return null;
    if (record.requestHash !== requestHash) {
      throw new DomainError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This Idempotency-Key was already used for a different order. Use a new key for a new order.',
      );
    }
    return { statusCode: record.statusCode ?? 201, body: record.responseBody as OrderDto };
  }

  /**
   * The order a key placed, whatever request it was placed with. Only for keys that name a single attempt (a voice
   * tool call: `vapi:<call>:<tool call>`), where the same key cannot carry a different request.
   */
  async placedWith(key: string): Promise<OrderDto | null> {
    const record = await this.orders.findIdempotencyRecord(key);
    return record ? (record.responseBody as OrderDto) : null;
  }
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
