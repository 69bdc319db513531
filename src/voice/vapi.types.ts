/**
 * The parts of Vapi's server messages we read (ServerMessage* in Vapi's OpenAPI spec and server SDK).
 * Everything is optional and `unknown`-typed at the edges: payloads come from outside and are checked on use.
 */
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

export interface VapiToolCall {
  id?: unknown;
  type?: unknown;
  function?: { name?: unknown; arguments?: unknown; parameters?: unknown } | null;
  /** Older senders put name/arguments on the tool call itself. */
  name?: unknown;
  arguments?: unknown;
}

export interface VapiMessage {
  type?: unknown;
  timestamp?: unknown;
  call?: VapiCall | null;
  customer?: { number?: unknown } | null;
  status?: unknown;
  endedReason?: unknown;
  toolCallList?: unknown;
  toolCalls?: unknown;
  startedAt?: unknown;
  endedAt?: unknown;
  cost?: unknown;
  artifact?: { transcript?: unknown; recordingUrl?: unknown; recording?: unknown; stereoRecordingUrl?: unknown } | null;
  analysis?: { summary?: unknown } | null;
  summary?: unknown;
  transcript?: unknown;
  recordingUrl?: unknown;
}

export interface ToolCallResult {
  name: string;
  toolCallId: string;
  result?: string;
  error?: string;
}

export interface ToolCallsResponse {
  results: ToolCallResult[];
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
