import { ConfigurationError, validateEnvironment } from './configuration.js';

const staging = {
  ENV_MODE: 'staging',
  DATABASE_URL: 'postgres://db/restaurant',
  ADMIN_API_TOKEN: 'a'.repeat(32),
  PUBLIC_BASE_URL: 'https://orders.example.com',
  RESTAURANT_PHONE: '+12065550100',
};

function problems(env: Record<string, string>): string {
  try {
    validateEnvironment(env);
    return '';
  } catch (err) {
    if (err instanceof ConfigurationError) return err.message;
    throw err;
  }
}

describe('voice settings at boot', () => {
  it('staging and production refuse to start without VAPI_SECRET or VAPI_HMAC_SECRET', () => {
    expect(problems(staging)).toContain('VAPI_SECRET or VAPI_HMAC_SECRET is required in staging');
    expect(problems({ ...staging, ENV_MODE: 'production' })).toContain('VAPI_SECRET or VAPI_HMAC_SECRET is required in production');
  });

  it('demands long secrets, and a credential id when only HMAC is used', () => {
    expect(problems({ ...staging, VAPI_SECRET: 'short' })).toContain('VAPI_SECRET must be at least 24 characters in staging');
    expect(problems({ ...staging, VAPI_HMAC_SECRET: 'h'.repeat(30) })).toContain('VAPI_CREDENTIAL_ID is required in staging');
    const ok = (env: Record<string, string>) => expect(problems(env)).not.toMatch(/VAPI/);
    ok({ ...staging, VAPI_SECRET: 's'.repeat(30) });
    ok({ ...staging, VAPI_HMAC_SECRET: 'h'.repeat(30), VAPI_CREDENTIAL_ID: '550e8400-e29b-41d4-a716-446655440000' });
  });

  it("refuses a model or voice provider that is not one of Vapi's, naming the ones it has", () => {
    const bad = problems({ ...staging, VAPI_SECRET: 's'.repeat(30), VAPI_MODEL_PROVIDER: 'open-ai', VAPI_VOICE_PROVIDER: 'elevenlabs' });
    expect(bad).toMatch(/VAPI_MODEL_PROVIDER must be one of Vapi's model providers: anthropic, .*openai.* \(got "open-ai"\)/);
    expect(bad).toMatch(/VAPI_VOICE_PROVIDER must be one of Vapi's voice providers: .*11labs.* \(got "elevenlabs"\)/);
    expect(
      problems({ ...staging, VAPI_SECRET: 's'.repeat(30), VAPI_MODEL_PROVIDER: 'anthropic', VAPI_VOICE_PROVIDER: '11labs' }),
    ).not.toMatch(/VAPI/);
  });

  it('staging and production refuse to start without RESTAURANT_PHONE, or with one that is not E.164', () => {
    const { RESTAURANT_PHONE: _, ...noPhone } = { ...staging, VAPI_SECRET: 's'.repeat(30) };
    expect(problems(noPhone)).toContain('RESTAURANT_PHONE is required in staging (E.164, such as +12065550100)');
    expect(problems({ ...noPhone, ENV_MODE: 'production' })).toContain('RESTAURANT_PHONE is required in production');
    for (const bad of ['(206) 555-0100', '2065550100', '+0206555010', '+1206555010012345', 'tel:+12065550100']) {
      expect(problems({ ...noPhone, RESTAURANT_PHONE: bad })).toContain('RESTAURANT_PHONE must be a phone number in E.164 format');
    }
    expect(problems({ ...noPhone, RESTAURANT_PHONE: '+12065550100' })).not.toMatch(/RESTAURANT_PHONE/);
    expect(problems({ ...noPhone, RESTAURANT_PHONE: '+4930901820' })).not.toMatch(/RESTAURANT_PHONE/);
  });

  it('development runs without a restaurant phone (no transfer tool) but still refuses a malformed one', () => {
    expect(problems({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev' })).not.toMatch(/RESTAURANT_PHONE/);
    expect(problems({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev', RESTAURANT_PHONE: '555-0100' })).toContain(
      'RESTAURANT_PHONE must be a phone number in E.164 format',
    );
  });

  it('development boots without any Vapi secret', () => {
    expect(problems({ ENV_MODE: 'development', ADMIN_API_TOKEN: 'dev' })).not.toMatch(/VAPI/);
  });
});
