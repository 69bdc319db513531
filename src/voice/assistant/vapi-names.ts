/**
 * The model names and voice ids Vapi's SDK lists, for the providers that have a closed list. Loading the SDK takes
 * about a second and 60 MB, so the server never imports this file: `npm run vapi:assistant` and the unit tests do,
 * to check VAPI_MODEL and VAPI_VOICE_ID before a call would find a name Vapi refuses.
 */
import { Vapi } from '@vapi-ai/server-sdk';
import type { VapiModelProvider, VapiVoiceProvider } from './vapi-providers.js';

type ModelName<P extends VapiModelProvider> = Exclude<Extract<Vapi.CreateAssistantDtoModel, { provider: P }>['model'], undefined>;
type VoiceId<P extends VapiVoiceProvider> = Extract<Vapi.CreateAssistantDtoVoice, { provider: P }>['voiceId'];
/** The SDK's list of names when the type is a closed list, null when any string is one (the compiler tells which). */
type Names<N> = string extends N ? null : Record<string, N>;

const MODEL_NAMES: { [P in VapiModelProvider]: Names<ModelName<P>> } = {
  anthropic: Vapi.AnthropicModelModel,
  'anthropic-bedrock': Vapi.AnthropicBedrockModelModel,
  anyscale: null,
  cerebras: Vapi.CerebrasModelModel,
  deepinfra: null,
  'deep-seek': Vapi.DeepSeekModelModel,
  google: Vapi.GoogleModelModel,
  groq: Vapi.GroqModelModel,
  'inflection-ai': Vapi.InflectionAiModelModel,
  minimax: Vapi.MinimaxLlmModelModel,
  openai: Vapi.OpenAiModelModel,
  openrouter: null,
  'perplexity-ai': null,
  'together-ai': null,
  xai: Vapi.XaiModelModel,
  vapi: null,
};

const VOICE_IDS: { [P in VapiVoiceProvider]: Names<VoiceId<P>> } = {
  azure: null,
  cartesia: null,
  deepgram: Vapi.DeepgramVoiceId,
  '11labs': null,
  hume: null,
  lmnt: null,
  openai: null,
  playht: null,
  wellsaid: null,
  'rime-ai': null,
  'smallest-ai': null,
  tavus: null,
  vapi: null,
  inworld: Vapi.InworldVoiceVoiceId,
  minimax: null,
  xai: Vapi.XaiVoiceVoiceId,
  microsoft: Vapi.MicrosoftVoiceVoiceId,
};

function problem(setting: string, value: string, provider: string, names: Record<string, string> | null): string | null {
  if (names === null || Object.values(names).includes(value)) return null;
  const listed = Object.values(names);
  return `${setting} "${value}" is not one of the names Vapi lists for ${provider} (${listed.slice(0, 12).join(', ')}${listed.length > 12 ? ', ...' : ''})`;
}

/** What is wrong with the configured model name and voice id by the SDK's lists; empty when Vapi lists both. */
export function vapiNameProblems(voice: {
  modelProvider: VapiModelProvider;
  model: string;
  voiceProvider: VapiVoiceProvider;
  voiceId: string;
}): string[] {
  return [
    problem('VAPI_MODEL', voice.model, voice.modelProvider, MODEL_NAMES[voice.modelProvider]),
    problem('VAPI_VOICE_ID', voice.voiceId, voice.voiceProvider, VOICE_IDS[voice.voiceProvider]),
  ].filter((p): p is string => p !== null);
}
