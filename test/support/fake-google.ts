import { FakeHttpServer, FakeReply, RecordedRequest } from './fake-http.js';

export const TEST_GOOGLE_KEY = 'AIzaFakeKeyForLoopbackTests';

/** A Geocoding API "OK" answer for one point. */
export function geocodeOk(formatted: string, lat: number, lng: number, locationType = 'ROOFTOP'): FakeReply {
  return {
    body: {
      status: 'OK',
      results: [
        {
          formatted_address: formatted,
          geometry: { location: { lat, lng }, location_type: locationType },
          place_id: 'ChIJfake',
          types: ['street_address'],
        },
      ],
    },
  };
}

/** Google answers errors with HTTP 200 and a status field (the SDK turns them into HTTP-like errors). */
export function geocodeStatus(status: string, errorMessage?: string): FakeReply {
  return { body: { status, results: [], ...(errorMessage && { error_message: errorMessage }) } };
}

/**
 * Answers like Google's Geocoding API: an address containing `@lat,lng` geocodes there; "nowhere" is
 * ZERO_RESULTS. Tests replace `handler` for error statuses and timeouts.
 */
export function googleAnswer(req: RecordedRequest): FakeReply {
  if (req.path !== '/maps/api/geocode/json') return { status: 404, body: { status: 'NOT_FOUND' } };
  if (req.query.get('key') !== TEST_GOOGLE_KEY) return geocodeStatus('REQUEST_DENIED', 'The provided API key is invalid.');
  const address = req.query.get('address') ?? '';
  const at = /@(-?[\d.]+),(-?[\d.]+)/.exec(address);
  if (!at) return geocodeStatus('ZERO_RESULTS');
  return geocodeOk(`${address.replace(at[0], '').trim()}, Seattle, WA, USA`, Number(at[1]), Number(at[2]));
}

export function createFakeGoogle(): Promise<FakeHttpServer> {
  return new FakeHttpServer(googleAnswer).start();
}
