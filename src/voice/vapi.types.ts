import type { Vapi } from '@vapi-ai/server-sdk';

/**
 * Vapi's own types (`@vapi-ai/server-sdk`, type-only: nothing of the SDK is loaded at run time) are the source of
 * truth for what we send back: every answer of the webhook is typed as the SDK's response type for its message,
 * so a reply Vapi does not define fails `npm run typecheck`. What comes in is read through the loose views
 * below instead: a payload comes from outside and every field is checked on use.
 */

/** Every server message type of the SDK (`ServerMessageMessage`); the SDK leaves `type` optional on `tool-calls` only. */
export type VapiMessageType = NonNullable<Vapi.ServerMessageMessage['type']>;

/**
 * The SDK's message of one type, e.g. `VapiMessageOf<'tool-calls'>` is `Vapi.ServerMessageToolCalls` (one message
 * may have several type names: the transcript is `transcript` or `transcript[transcriptType="final"]`).
 */
export type VapiMessageOf<T extends VapiMessageType> = Vapi.ServerMessageMessage extends infer M
  ? M extends { type?: infer Names }
    ? T extends Names
      ? M
      : never
    : never
  : never;

/** The messages whose answer Vapi reads, with the SDK's type of that answer (`ServerMessageResponse*`). */
export interface VapiResponses {
  'assistant-request': Vapi.ServerMessageResponseAssistantRequest;
  'tool-calls': Vapi.ServerMessageResponseToolCalls;
  'handoff-destination-request': Vapi.ServerMessageResponseHandoffDestinationRequest;
  'knowledge-base-request': Vapi.ServerMessageResponseKnowledgeBaseRequest;
  'transfer-destination-request': Vapi.ServerMessageResponseTransferDestinationRequest;
  'call.endpointing.request': Vapi.ServerMessageResponseCallEndpointingRequest;
  'campaign.predial': Vapi.ServerMessageResponseCampaignPredial;
  /** Documented by the SDK as raw PCM audio in the body, not as this JSON (see VapiAudio). */
  'voice-request': Vapi.ServerMessageResponseVoiceRequest;
}

/** The answer to a message Vapi only informs us of: any 2xx will do; we send `{}`. */
export type VapiAcknowledgement = Record<string, never>;

/** The SDK's response type of a message type, or the acknowledgement for the types that have none. */
export type VapiReplyTo<T extends VapiMessageType> = T extends keyof VapiResponses ? VapiResponses[T] : VapiAcknowledgement;

/** Raw PCM audio for a `voice-request` (1 channel, 16-bit, at the requested sample rate), sent as the body itself. */
export class VapiAudio {
  constructor(readonly pcm: Uint8Array) {}
}

/** Whatever the webhook answers: one of the SDK's responses, an acknowledgement, or audio. */
export type VapiReply = VapiResponses[Exclude<keyof VapiResponses, 'voice-request'>] | VapiAcknowledgement | VapiAudio;

// The build breaks here when an SDK update changes the set of answered messages: every response type of the SDK
// (`ServerMessageResponseMessageResponse`) has its message above, and every message above is one of the SDK's.
type Unanswered = Exclude<Vapi.ServerMessageResponseMessageResponse, VapiResponses[keyof VapiResponses]>;
type NotAMessage = Exclude<keyof VapiResponses, VapiMessageType>;
type Holds<T extends true> = T;
export type VapiResponsesMatchTheSdk = Holds<[Unanswered, NotAMessage] extends [never, never] ? true : false>;

/** The loose view of an incoming call object: the parts we read, each checked on use. */
export interface VapiCall {
  id?: unknown;
  type?: unknown;
  status?: unknown;
  customer?: { number?: unknown; name?: unknown } | null;
  startedAt?: unknown;
  endedAt?: unknown;
  endedReason?: unknown;
  cost?: unknown;
}

/**
 * One tool call in any shape Vapi sends or documents: `{id, type, function: {name, arguments}}` (the SDK's
 * `ToolCall`; `arguments` a JSON string, or an object in Vapi's examples), the flattened `{id, name, parameters}`
 * of Vapi's server-events page, and the older `{id, name, arguments}` / `function.parameters`.
 */
export interface VapiToolCall {
  id?: unknown;
  type?: unknown;
  function?: { name?: unknown; arguments?: unknown; parameters?: unknown } | null;
  name?: unknown;
  arguments?: unknown;
  parameters?: unknown;
}

/** The loose view of an incoming message. */
export interface VapiMessage {
  type?: unknown;
  timestamp?: unknown;
  call?: VapiCall | null;
  customer?: { number?: unknown } | null;
  status?: unknown;
  /** status-update `forwarding`: where Vapi is putting the caller through. */
  destination?: { number?: unknown } | null;
  endedReason?: unknown;
  toolCallList?: unknown;
  /** An alias of toolCallList some senders use. */
  toolCalls?: unknown;
  /** The SDK's `[{...tool, toolCall}]`: the same calls with the tool each one runs. */
  toolWithToolCallList?: unknown;
  startedAt?: unknown;
  endedAt?: unknown;
  cost?: unknown;
  artifact?: { transcript?: unknown; recordingUrl?: unknown; recording?: unknown; stereoRecordingUrl?: unknown } | null;
  analysis?: { summary?: unknown } | null;
  summary?: unknown;
  transcript?: unknown;
  recordingUrl?: unknown;
}

/** What a tool handler gets besides its arguments. */
export interface ToolContext {
  callId: string | null;
  toolCallId: string;
  callerPhone: string | null;
}

export function asString(value: unknown, maxLength = 10_000): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.slice(0, maxLength);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
