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
});
