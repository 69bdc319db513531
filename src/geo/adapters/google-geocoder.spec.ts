import { DomainError } from '@/common/domain-error.js';
import { toErrorBody } from '@/common/http-exception.filter.js';
import { FakeHttpServer } from '../../../test/support/fake-http.js';
import { createFakeGoogle, geocodeOk, geocodeStatus, TEST_GOOGLE_KEY } from '../../../test/support/fake-google.js';
import { GoogleGeocoder } from './google-geocoder.js';

/** The code and status a client gets for this error. */
function answer(err: DomainError): [string | undefined, number] {
  const body = toErrorBody(err);
  return [body.code, body.statusCode];
}

describe('GoogleGeocoder (real SDK against a loopback fake of the Geocoding API)', () => {
  let google: FakeHttpServer;
  let geo: GoogleGeocoder;

  beforeAll(async () => {
    google = await createFakeGoogle();
    geo = new GoogleGeocoder({ googleMapsApiKey: TEST_GOOGLE_KEY, googleMapsApiUrl: google.url, timeoutMs: 300 });
  });
  afterAll(() => google.close());
  beforeEach(() => google.reset());

  async function failure(address: string): Promise<DomainError> {
    const err = await geo.geocode(address).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }

  it('geocodes through GOOGLE_MAPS_API_URL, keeping the /maps/api path, with the key', async () => {
    await expect(geo.geocode('221 Pine St @47.6114,-122.3381')).resolves.toEqual({
      lat: 47.6114,
      lng: -122.3381,
      formattedAddress: '221 Pine St, Seattle, WA, USA',
    });
    expect(google.requests).toHaveLength(1);
    expect(google.requests[0].path).toBe('/maps/api/geocode/json');
    expect(google.requests[0].query.get('address')).toBe('221 Pine St @47.6114,-122.3381');
    expect(google.requests[0].query.get('key')).toBe(TEST_GOOGLE_KEY);
  });

  it('ZERO_RESULTS is ADDRESS_NOT_FOUND (422), not retried', async () => {
    const err = await failure('nowhere at all');
    expect(answer(err)).toEqual(['ADDRESS_NOT_FOUND', 422]);
    expect(google.requests).toHaveLength(1);
  });

  it('an area rather than a street (APPROXIMATE) is ADDRESS_NOT_FOUND and says why', async () => {
    google.handler = () => geocodeOk('Seattle, WA, USA', 47.6062, -122.3321, 'APPROXIMATE');
    const err = await failure('Seattle');
    expect(err.code).toBe('ADDRESS_NOT_FOUND');
    expect(err.message).toContain('street and house number');
  });

  it('INVALID_REQUEST is ADDRESS_NOT_FOUND', async () => {
    google.handler = () => geocodeStatus('INVALID_REQUEST');
    expect((await failure('?')).code).toBe('ADDRESS_NOT_FOUND');
  });

  it.each(['REQUEST_DENIED', 'OVER_QUERY_LIMIT', 'OVER_DAILY_LIMIT'])('%s is GEO_UNAVAILABLE (503), not retried', async (status) => {
    google.handler = () => geocodeStatus(status, 'quota or key problem');
    const err = await failure('221 Pine St');
    expect(answer(err)).toEqual(['GEO_UNAVAILABLE', 503]);
    expect(err.message).toMatch(/try again|pickup/i);
    expect(google.requests).toHaveLength(1);
  });

  it('a wrong key (the fake answers REQUEST_DENIED like Google) is GEO_UNAVAILABLE', async () => {
    const wrong = new GoogleGeocoder({ googleMapsApiKey: 'AIzaWrong', googleMapsApiUrl: google.url, timeoutMs: 300 });
    expect(
      (
        await wrong.geocode('1 Main St @47.6,-122.3').then(
          () => null,
          (e: DomainError) => e,
        )
      )?.code,
    ).toBe('GEO_UNAVAILABLE');
  });

  it('UNKNOWN_ERROR and HTTP 5xx are retried once, then GEO_UNAVAILABLE', async () => {
    google.handler = () => geocodeStatus('UNKNOWN_ERROR');
    expect((await failure('221 Pine St')).code).toBe('GEO_UNAVAILABLE');
    expect(google.requests).toHaveLength(2);
    google.reset();
    google.handler = () => ({ status: 502, body: { error: 'bad gateway' } });
    expect((await failure('221 Pine St')).code).toBe('GEO_UNAVAILABLE');
    expect(google.requests).toHaveLength(2);
  });

  it('a transient failure followed by success resolves', async () => {
    let calls = 0;
    google.handler = () => (++calls === 1 ? geocodeStatus('UNKNOWN_ERROR') : geocodeOk('1 Main St', 47.61, -122.34));
    await expect(geo.geocode('1 Main St')).resolves.toMatchObject({ lat: 47.61 });
  });

  it('a timeout (no answer within GEO_TIMEOUT_MS) is retried once, then GEO_UNAVAILABLE, without waiting for the answer', async () => {
    // The fake holds both answers for ten minutes, far past this test's own time limit: the error can only come
    // from the adapter's timeout, so no clock is read here (the timeout's length is the SDK's business).
    google.handler = () => ({ ...geocodeOk('late', 1, 1), delayMs: 10 * 60_000 });
    const err = await failure('221 Pine St');
    expect(answer(err)).toEqual(['GEO_UNAVAILABLE', 503]);
    expect(google.requests).toHaveLength(2);
  }, 30_000);

  it('a refused connection is GEO_UNAVAILABLE', async () => {
    const down = new GoogleGeocoder({ googleMapsApiKey: TEST_GOOGLE_KEY, googleMapsApiUrl: 'http://127.0.0.1:1', timeoutMs: 300 });
    expect(
      (
        await down.geocode('221 Pine St').then(
          () => null,
          (e: DomainError) => e,
        )
      )?.code,
    ).toBe('GEO_UNAVAILABLE');
  });
});
