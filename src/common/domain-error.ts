/** Stable codes clients and the voice assistant can branch on; the message is for people. */
export enum ErrorCode {
  ITEM_UNAVAILABLE = 'ITEM_UNAVAILABLE',
  RESTAURANT_CLOSED = 'RESTAURANT_CLOSED',
  OUT_OF_DELIVERY_AREA = 'OUT_OF_DELIVERY_AREA',
  BELOW_MINIMUM_ORDER = 'BELOW_MINIMUM_ORDER',
  ADDRESS_NOT_FOUND = 'ADDRESS_NOT_FOUND',
  ADDRESS_REQUIRED = 'ADDRESS_REQUIRED',
  GEO_UNAVAILABLE = 'GEO_UNAVAILABLE',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  PAYMENT_UNAVAILABLE = 'PAYMENT_UNAVAILABLE',
  WEBHOOK_SIGNATURE_INVALID = 'WEBHOOK_SIGNATURE_INVALID',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  NOT_FOUND = 'NOT_FOUND',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  QUEUE_UNAVAILABLE = 'QUEUE_UNAVAILABLE',
  INVALID_DATE = 'INVALID_DATE',
  EXPORT_NOT_READY = 'EXPORT_NOT_READY',
  INVALID_INPUT = 'INVALID_INPUT',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number = 422,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(ErrorCode.NOT_FOUND, `${what} was not found.`, 404);
  }
}

export class ServiceUnavailableError extends DomainError {
  constructor(code: ErrorCode, message: string) {
    super(code, message, 503);
  }
}
