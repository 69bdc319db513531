import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorCode, NotFoundError } from './domain-error.js';
import { toErrorBody } from './http-exception.filter.js';

describe('toErrorBody', () => {
  it('turns a value PostgreSQL refuses (SQLSTATE class 22) into a 400, not a 500', () => {
    const nul = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    expect(toErrorBody(nul)).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT' });
    const wrapped = Object.assign(new Error('query failed'), { driverError: { code: '22003' } });
    expect(toErrorBody(wrapped)).toMatchObject({ statusCode: 400, code: 'INVALID_INPUT' });
  });

  it('keeps outages at 503 and anything unknown at 500, with no detail leaked', () => {
    expect(toErrorBody(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ statusCode: 503 });
    const bug = toErrorBody(Object.assign(new TypeError("Cannot read properties of undefined (reading 'slice')"), { code: '42P01' }));
    expect(bug).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Please try again.',
    });
  });

  it('answers every failure the code raises with the status and code clients got before the table', () => {
    const answers: [ErrorCode, string, number][] = [
      [ErrorCode.RESTAURANT_CLOSED, 'RESTAURANT_CLOSED', 422],
      [ErrorCode.ITEM_UNAVAILABLE, 'ITEM_UNAVAILABLE', 422],
      [ErrorCode.BELOW_MINIMUM_ORDER, 'BELOW_MINIMUM_ORDER', 422],
      [ErrorCode.OUT_OF_DELIVERY_AREA, 'OUT_OF_DELIVERY_AREA', 422],
      [ErrorCode.ADDRESS_NOT_FOUND, 'ADDRESS_NOT_FOUND', 422],
      [ErrorCode.IDEMPOTENCY_KEY_REUSED, 'IDEMPOTENCY_KEY_REUSED', 422],
      [ErrorCode.ILLEGAL_TRANSITION, 'ILLEGAL_TRANSITION', 409],
      [ErrorCode.PAYMENT_FAILED, 'PAYMENT_FAILED', 409],
      [ErrorCode.NOT_FOUND, 'NOT_FOUND', 404],
      [ErrorCode.INVALID_DATE, 'INVALID_DATE', 400],
      [ErrorCode.INVALID_INPUT, 'INVALID_INPUT', 400],
      [ErrorCode.WEBHOOK_SIGNATURE_INVALID, 'WEBHOOK_SIGNATURE_INVALID', 400],
      [ErrorCode.GEO_UNAVAILABLE, 'GEO_UNAVAILABLE', 503],
      [ErrorCode.PAYMENT_UNAVAILABLE, 'PAYMENT_UNAVAILABLE', 503],
      [ErrorCode.EXPORT_NOT_READY, 'EXPORT_NOT_READY', 503],
      // Split from a shared code: their own code inside, the old code and status outside.
      [ErrorCode.INVALID_CURSOR, 'NOT_FOUND', 400],
      [ErrorCode.INVALID_WORKBOOK_DAY, 'NOT_FOUND', 400],
      [ErrorCode.IDEMPOTENCY_KEY_INVALID, 'IDEMPOTENCY_KEY_REUSED', 400],
      [ErrorCode.MENU_ITEM_NAME_TAKEN, 'ITEM_UNAVAILABLE', 409],
      [ErrorCode.PAYMENT_PROVIDER_REFUSED, 'PAYMENT_UNAVAILABLE', 502],
    ];
    for (const [code, published, status] of answers) {
      expect([code, toErrorBody(new DomainError(code, 'Readable.'))]).toEqual([
        code,
        { statusCode: status, error: STATUS_CODES[status], code: published, message: 'Readable.' },
      ]);
    }
    expect(toErrorBody(new NotFoundError('Order'))).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'Order was not found.',
    });
  });

  it('puts details after the message, as the body always had them', () => {
    const body = toErrorBody(new DomainError(ErrorCode.BELOW_MINIMUM_ORDER, 'Add more.', { minOrderCents: 2000, shortByCents: 550 }));
    expect(Object.keys(body)).toEqual(['statusCode', 'error', 'code', 'message', 'minOrderCents', 'shortByCents']);
  });
});
