import type { Vapi } from '@vapi-ai/server-sdk';

/**
 * The model and voice providers an assistant can name with our settings alone (a provider and a model name,
 * a provider and a voice id). Both lists are checked by the compiler against Vapi's types: a provider Vapi
 * adds or drops breaks the build here, and the settings are checked against the lists at boot
 * (src/config/voice.config.ts), so a wrong name stops the server instead of the first call.
 */

/** `custom-llm` is left out: it also needs the URL of the model server, which no setting carries. */
export type VapiModelProvider = Exclude<Vapi.CreateAssistantDtoModel['provider'], 'custom-llm'>;

/** `custom-voice` needs a server, `neuphonic` a language and `sesame` a model: settings we do not have. */
export type VapiVoiceProvider = Exclude<Vapi.CreateAssistantDtoVoice['provider'], 'custom-voice' | 'neuphonic' | 'sesame'>;

const modelProviders = {
  anthropic: true,
  'anthropic-bedrock': true,
  anyscale: true,
  cerebras: true,
  deepinfra: true,
  'deep-seek': true,
  google: true,
  groq: true,
  'inflection-ai': true,
  minimax: true,
  openai: true,
  openrouter: true,
  'perplexity-ai': true,
  'together-ai': true,
  xai: true,
  vapi: true,
} satisfies Record<VapiModelProvider, true>;

const voiceProviders = {
  azure: true,
  cartesia: true,
  deepgram: true,
  '11labs': true,
  hume: true,
  lmnt: true,
  openai: true,
  playht: true,
  wellsaid: true,
  'rime-ai': true,
  'smallest-ai': true,
  tavus: true,
  vapi: true,
  inworld: true,
  minimax: true,
  xai: true,
  microsoft: true,
} satisfies Record<VapiVoiceProvider, true>;

export const VAPI_MODEL_PROVIDERS = Object.keys(modelProviders) as VapiModelProvider[];
export const VAPI_VOICE_PROVIDERS = Object.keys(voiceProviders) as VapiVoiceProvider[];

export function isVapiModelProvider(name: string): name is VapiModelProvider {
  return Object.hasOwn(modelProviders, name);
}

export function isVapiVoiceProvider(name: string): name is VapiVoiceProvider {
  return Object.hasOwn(voiceProviders, name);
}
