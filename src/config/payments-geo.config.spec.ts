import { collectProblems, ConfigSection } from './config-section.js';
import { geoConfig } from './geo.config.js';
import { paymentsConfig } from './payments.config.js';

const sections = [paymentsConfig, geoConfig].map((s) => s.section as ConfigSection<unknown>);
const GEO_OK = {
  RESTAURANT_LAT: '47.6101',
  RESTAURANT_LNG: '-122.3421',
  DELIVERY_ZONES: '[{"name":"A","radiusKm":3,"feeCents":299,"minOrderCents":1000}]',
};
const REAL_OK = { ...GEO_OK, STRIPE_WEBHOOK_SECRET: 'whsec_abc123', GOOGLE_MAPS_API_KEY: 'AIzaKey' };

describe('payments and geo settings', () => {
  it('default to the mocks in development and need no keys there', () => {
    expect(collectProblems(sections, { ENV_MODE: 'development', ...GEO_OK })).toEqual([]);
    expect(paymentsConfig.section.build({}, 'development').driver).toBe('mock');
    expect(geoConfig.section.build(GEO_OK, 'development').driver).toBe('mock');
  });

  it('default to Stripe and Google in staging and production', () => {
    expect(paymentsConfig.section.build({}, 'staging').driver).toBe('stripe');
    expect(geoConfig.section.build(GEO_OK, 'production').driver).toBe('google');
  });

  it('refuse a production boot with mocks and no keys, naming every problem at once', () => {
    const problems = collectProblems(sections, { ENV_MODE: 'production', PAYMENTS_DRIVER: 'mock', GEO_DRIVER: 'mock' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PAYMENTS_DRIVER=mock is for development only'),
        expect.stringContaining('GEO_DRIVER=mock is for development only'),
        expect.stringContaining('RESTAURANT_LAT and RESTAURANT_LNG are required'),
        expect.stringContaining('DELIVERY_ZONES is required'),
      ]),
    );
    const missingKeys = collectProblems(sections, { ENV_MODE: 'production', ...GEO_OK });
    expect(missingKeys).toEqual(
      expect.arrayContaining([
        'STRIPE_SECRET_KEY is required when PAYMENTS_DRIVER=stripe',
        expect.stringContaining('STRIPE_WEBHOOK_SECRET is required in production'),
        'GOOGLE_MAPS_API_KEY is required when GEO_DRIVER=google',
      ]),
    );
  });

  it('accept only live keys in production and refuse live keys in staging', () => {
    expect(collectProblems(sections, { ENV_MODE: 'production', ...REAL_OK, STRIPE_SECRET_KEY: 'sk_live_abc' })).toEqual([]);
    expect(collectProblems(sections, { ENV_MODE: 'production', ...REAL_OK, STRIPE_SECRET_KEY: 'rk_live_abc' })).toEqual([]);
    expect(collectProblems(sections, { ENV_MODE: 'production', ...REAL_OK, STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([
      'STRIPE_SECRET_KEY must be a live key (sk_live_ or rk_live_) in production',
    ]);
    expect(collectProblems(sections, { ENV_MODE: 'staging', ...REAL_OK, STRIPE_SECRET_KEY: 'sk_test_abc' })).toEqual([]);
    expect(collectProblems(sections, { ENV_MODE: 'staging', ...REAL_OK, STRIPE_SECRET_KEY: 'sk_live_abc' })).toEqual([
      'STRIPE_SECRET_KEY must be a test key (sk_test_ or rk_test_) in staging, never a live key',
    ]);
  });

  it('refuse malformed values with readable messages', () => {
    const problems = collectProblems(sections, {
      ENV_MODE: 'development',
      PAYMENTS_DRIVER: 'paypal',
      STRIPE_API_URL: 'api.stripe.com/v1',
      GEO_DRIVER: 'osm',
      RESTAURANT_LAT: 'north',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PAYMENTS_DRIVER must be mock or stripe',
        expect.stringContaining('STRIPE_API_URL must be a base URL'),
        'GEO_DRIVER must be mock or google',
        expect.stringContaining('RESTAURANT_LAT must be a latitude'),
      ]),
    );
    expect(collectProblems(sections, { ENV_MODE: 'development', ...GEO_OK, DELIVERY_ZONES: '[{"name":"A"}]' })).toEqual([
      expect.stringContaining('DELIVERY_ZONES[0].radiusKm'),
    ]);
  });

  it('turn STRIPE_API_URL and GOOGLE_MAPS_API_URL into SDK targets', () => {
    expect(paymentsConfig.section.build({ STRIPE_API_URL: 'http://localhost:12111' }, 'development').stripeApi).toEqual({
      host: 'localhost',
      port: 12111,
      protocol: 'http',
    });
    expect(paymentsConfig.section.build({}, 'production').stripeApi).toEqual({ host: 'api.stripe.com', port: 443, protocol: 'https' });
    expect(geoConfig.section.build({ ...GEO_OK, GOOGLE_MAPS_API_URL: 'http://127.0.0.1:9000/' }, 'development').googleMapsApiUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });
});

describe('refund retry settings', () => {
  const production = { ENV_MODE: 'production', ...REAL_OK, STRIPE_SECRET_KEY: 'sk_live_abc' };

  it('default to 8 requests, the first retry after a minute, a sweep every 15 s, in every stage', () => {
    for (const stage of ['development', 'staging', 'production'] as const) {
      expect(paymentsConfig.section.build({}, stage)).toMatchObject({
        refundMaxAttempts: 8,
        refundRetryDelayMs: 60_000,
        refundSweepMs: 15_000,
      });
    }
    expect(collectProblems(sections, production)).toEqual([]);
  });

  it('refuse values that are not whole numbers, or out of range, in every stage', () => {
    expect(
      collectProblems(sections, {
        ENV_MODE: 'development',
        ...GEO_OK,
        REFUND_MAX_ATTEMPTS: 'many',
        REFUND_RETRY_DELAY_MS: '1.5',
        REFUND_SWEEP_MS: '-1',
      }),
    ).toEqual(
      expect.arrayContaining([
        'REFUND_MAX_ATTEMPTS must be a whole number of attempts (1-50)',
        'REFUND_RETRY_DELAY_MS must be a whole number of milliseconds',
        'REFUND_SWEEP_MS must be a whole number of milliseconds',
      ]),
    );
    expect(collectProblems(sections, { ENV_MODE: 'development', ...GEO_OK, REFUND_MAX_ATTEMPTS: '0', REFUND_SWEEP_MS: '5' })).toEqual([
      'REFUND_MAX_ATTEMPTS must be between 1 and 50',
      'REFUND_SWEEP_MS must be at least 10',
    ]);
    expect(collectProblems(sections, { ENV_MODE: 'development', ...GEO_OK, REFUND_MAX_ATTEMPTS: '51' })).toEqual([
      'REFUND_MAX_ATTEMPTS must be between 1 and 50',
    ]);
  });

  it('keep payment links between the 30 minutes and 24 hours Stripe accepts (default 30)', () => {
    expect(paymentsConfig.section.build({}, 'production').paymentExpiryMinutes).toBe(30);
    const dev = { ENV_MODE: 'development', ...GEO_OK };
    expect(collectProblems(sections, { ...dev, PAYMENT_EXPIRY_MINUTES: '45' })).toEqual([]);
    for (const wrong of ['29', '1441']) {
      expect(collectProblems(sections, { ...dev, PAYMENT_EXPIRY_MINUTES: wrong })).toEqual([
        'PAYMENT_EXPIRY_MINUTES must be between 30 and 1440 (Stripe Checkout links last 30 minutes to 24 hours)',
      ]);
    }
    expect(collectProblems(sections, { ...dev, PAYMENT_EXPIRY_MINUTES: 'half an hour' })).toEqual(
      expect.arrayContaining(['PAYMENT_EXPIRY_MINUTES must be a whole number of minutes (30-1440)']),
    );
  });

  it('allow a schedule of milliseconds in development (tests), and refuse one in staging and production', () => {
    const fast = { REFUND_MAX_ATTEMPTS: '3', REFUND_RETRY_DELAY_MS: '100', REFUND_SWEEP_MS: '50' };
    expect(collectProblems(sections, { ENV_MODE: 'development', ...GEO_OK, ...fast })).toEqual([]);
    expect(collectProblems(sections, { ...production, ...fast })).toEqual([
      'REFUND_RETRY_DELAY_MS must be at least 1000 in production',
      'REFUND_SWEEP_MS must be at least 1000 in production',
      expect.stringContaining('in production the retries must span at least an hour'),
    ]);
    // Plausible values that still give up within minutes: a Stripe incident would page a person for nothing.
    expect(
      collectProblems(sections, { ...production, ENV_MODE: 'staging', STRIPE_SECRET_KEY: 'sk_test_abc', REFUND_MAX_ATTEMPTS: '3' }),
    ).toEqual([
      'REFUND_MAX_ATTEMPTS=3 with REFUND_RETRY_DELAY_MS=60000 gives up after 4 min; in staging the retries must span at least an hour (the defaults span about 18 h)',
    ]);
    expect(collectProblems(sections, { ...production, REFUND_MAX_ATTEMPTS: '5', REFUND_RETRY_DELAY_MS: '120000' })).toEqual([]);
  });
});
