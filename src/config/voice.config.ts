import { IsOptional, Matches, MaxLength } from 'class-validator';
import {
  isVapiModelProvider,
  isVapiVoiceProvider,
  VAPI_MODEL_PROVIDERS,
  VAPI_VOICE_PROVIDERS,
  type VapiModelProvider,
  type VapiVoiceProvider,
} from '@/voice/assistant/vapi-providers.js';
import { blankToUndefined, defineSection } from './config-section.js';

/** E.164 as Vapi checks a transfer destination: a plus, then up to 15 digits, the first not a zero. */
export const E164 = /^\+[1-9]\d{6,14}$/;

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

  // VAPI_MODEL_PROVIDER and VAPI_VOICE_PROVIDER name one of Vapi's providers: build checks them against the lists
  // typed by Vapi's SDK (src/voice/assistant/vapi-providers.ts), so the command-line tools, which run build alone, do too.
  @IsOptional()
  VAPI_MODEL_PROVIDER?: string;

  @IsOptional()
  @MaxLength(100, { message: 'VAPI_MODEL must be at most 100 characters' })
  VAPI_MODEL?: string;

  @IsOptional()
  VAPI_VOICE_PROVIDER?: string;

  @IsOptional()
  @MaxLength(200, { message: 'VAPI_VOICE_ID must be at most 200 characters' })
  VAPI_VOICE_ID?: string;

  @IsOptional()
  @MaxLength(500, { message: 'VAPI_FIRST_MESSAGE must be at most 500 characters' })
  VAPI_FIRST_MESSAGE?: string;

  @IsOptional()
  @Matches(E164, { message: 'RESTAURANT_PHONE must be a phone number in E.164 format, such as +12065550100' })
  RESTAURANT_PHONE?: string;
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
  modelProvider: VapiModelProvider;
  /** A model name of that provider as Vapi spells it (its types list them: `Vapi.OpenAiModelModel`...). */
  model: string;
  voiceProvider: VapiVoiceProvider;
  voiceId: string;
  /** `{restaurant}` is replaced by the restaurant's name. */
  firstMessage: string;
  /**
   * Where the assistant's transferCall tool puts a caller who asks for a person (E.164). Null, development only:
   * the assistant has no transfer tool and tells the caller to call the restaurant instead.
   */
  restaurantPhone: string | null;
}

export const DEFAULT_FIRST_MESSAGE = 'Thanks for calling {restaurant}! Would you like to place an order for pickup or delivery?';

export const voiceConfig = defineSection<VoiceConfig>({
  key: 'voice',
  schema: VoiceEnv,
  build: (env) => ({
    ...providers(blankToUndefined(env.VAPI_MODEL_PROVIDER) ?? 'openai', blankToUndefined(env.VAPI_VOICE_PROVIDER) ?? 'vapi'),
    secret: blankToUndefined(env.VAPI_SECRET) ?? null,
    hmacSecret: blankToUndefined(env.VAPI_HMAC_SECRET) ?? null,
    credentialId: blankToUndefined(env.VAPI_CREDENTIAL_ID) ?? null,
    hmacToleranceSeconds: 300,
    model: blankToUndefined(env.VAPI_MODEL) ?? 'gpt-4o-mini',
    voiceId: blankToUndefined(env.VAPI_VOICE_ID) ?? 'Elliot',
    firstMessage: blankToUndefined(env.VAPI_FIRST_MESSAGE) ?? DEFAULT_FIRST_MESSAGE,
    restaurantPhone: blankToUndefined(env.RESTAURANT_PHONE) ?? null,
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
    // A caller who asks for a person must reach one: the schema above refuses a number that is not E.164.
    if (!cfg.restaurantPhone) {
      problems.push(
        `RESTAURANT_PHONE is required in ${stage} (E.164, such as +12065550100): the assistant transfers callers who ask for a person there`,
      );
    }
    return problems;
  },
});

/** Both providers, or one error naming each that is not Vapi's (the boot lists it among the other problems). */
function providers(model: string, voice: string): { modelProvider: VapiModelProvider; voiceProvider: VapiVoiceProvider } {
  if (isVapiModelProvider(model) && isVapiVoiceProvider(voice)) return { modelProvider: model, voiceProvider: voice };
  const problems = [
    ...(isVapiModelProvider(model)
      ? []
      : [`VAPI_MODEL_PROVIDER must be one of Vapi's model providers: ${VAPI_MODEL_PROVIDERS.join(', ')} (got "${model}")`]),
    ...(isVapiVoiceProvider(voice)
      ? []
      : [`VAPI_VOICE_PROVIDER must be one of Vapi's voice providers: ${VAPI_VOICE_PROVIDERS.join(', ')} (got "${voice}")`]),
  ];
  throw new Error(problems.join('; '));
}
