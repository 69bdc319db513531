import { IsOptional, Matches, MaxLength } from 'class-validator';
import { blankToUndefined, defineSection } from './config-section.js';

class VoiceEnv {
  @IsOptional()
  @MaxLength(200, { message: 'VAPI_SECRET must be at most 200 characters' })
  VAPI_SECRET?: string;

  @IsOptional()
  @MaxLength(200, { message: 'VAPI_HMAC_SECRET must be at most 200 characters' })
  VAPI_HMAC_SECRET?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F-]{8,64}$/, { message: 'VAPI_CREDENTIAL_ID must be a Vapi credential id (uuid)' })
  VAPI_CREDENTIAL_ID?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'VAPI_MODEL_PROVIDER must be a Vapi model provider such as openai' })
  VAPI_MODEL_PROVIDER?: string;

  @IsOptional()
  @MaxLength(100, { message: 'VAPI_MODEL must be at most 100 characters' })
  VAPI_MODEL?: string;

  @IsOptional()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'VAPI_VOICE_PROVIDER must be a Vapi voice provider such as vapi or 11labs' })
  VAPI_VOICE_PROVIDER?: string;

  @IsOptional()
  @MaxLength(200, { message: 'VAPI_VOICE_ID must be at most 200 characters' })
  VAPI_VOICE_ID?: string;

  @IsOptional()
  @MaxLength(500, { message: 'VAPI_FIRST_MESSAGE must be at most 500 characters' })
  VAPI_FIRST_MESSAGE?: string;
}

export interface VoiceConfig {
  /** Shared secret Vapi sends in `X-Vapi-Secret` (bearer credential with a custom header, no prefix). */
  secret: string | null;
  /** Secret of Vapi's HMAC credential (`x-signature` over `{x-timestamp}.{body}`). */
  hmacSecret: string | null;
  /** Vapi credential id to attach to the tool and assistant servers, so Vapi authenticates tool calls. */
  credentialId: string | null;
  /** How far `x-timestamp` may be from our clock. */
  hmacToleranceSeconds: number;
  modelProvider: string;
  model: string;
  voiceProvider: string;
  voiceId: string;
  /** `{restaurant}` is replaced by the restaurant's name. */
  firstMessage: string;
}

export const DEFAULT_FIRST_MESSAGE = 'Thanks for calling {restaurant}! Would you like to place an order for pickup or delivery?';

export const voiceConfig = defineSection<VoiceConfig>({
  key: 'voice',
  schema: VoiceEnv,
  build: (env) => ({
    secret: blankToUndefined(env.VAPI_SECRET) ?? null,
    hmacSecret: blankToUndefined(env.VAPI_HMAC_SECRET) ?? null,
    credentialId: blankToUndefined(env.VAPI_CREDENTIAL_ID) ?? null,
    hmacToleranceSeconds: 300,
    modelProvider: blankToUndefined(env.VAPI_MODEL_PROVIDER) ?? 'openai',
    model: blankToUndefined(env.VAPI_MODEL) ?? 'gpt-4o-mini',
    voiceProvider: blankToUndefined(env.VAPI_VOICE_PROVIDER) ?? 'vapi',
    voiceId: blankToUndefined(env.VAPI_VOICE_ID) ?? 'Elliot',
    firstMessage: blankToUndefined(env.VAPI_FIRST_MESSAGE) ?? DEFAULT_FIRST_MESSAGE,
  }),
  check: (cfg, stage) => {
    const problems: string[] = [];
    if (stage === 'development') return problems;
    if (!cfg.secret && !cfg.hmacSecret) {
      problems.push(`VAPI_SECRET or VAPI_HMAC_SECRET is required in ${stage} (the Vapi webhook must be authenticated)`);
    }
    if (cfg.secret && cfg.secret.length < 24) problems.push(`VAPI_SECRET must be at least 24 characters in ${stage}`);
    if (cfg.hmacSecret && cfg.hmacSecret.length < 24) problems.push(`VAPI_HMAC_SECRET must be at least 24 characters in ${stage}`);
    if (cfg.hmacSecret && !cfg.secret && !cfg.credentialId) {
      problems.push(`VAPI_CREDENTIAL_ID is required in ${stage} when only VAPI_HMAC_SECRET is set, so Vapi signs its tool calls`);
    }
    return problems;
  },
});
