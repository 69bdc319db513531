import { BadRequestException, Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { isDatabaseUnavailable } from '@/common/http-exception.filter.js';
import { voiceConfig } from '@/config/voice.config.js';
import { AssistantService } from './assistant/assistant.service.js';
import { CallsService, type ReportedCall } from './calls.service.js';
import { normalizePhone, VoiceToolsService } from './tools/voice-tools.service.js';
import {
  asString,
  VapiAudio,
  type VapiCall,
  type VapiMessage,
  type VapiMessageType,
  type VapiReply,
  type VapiResponses,
  type VapiToolCall,
} from './vapi.types.js';

const CALL_ID_LIMIT = 100;
/** Tool calls run per message; Vapi sends one or a few. Any beyond are answered with a request to call again. */
const TOOL_CALLS_PER_MESSAGE = 20;

const UNREADABLE_TOOL_CALL = 'This tool call could not be read; please call the tool again.';

/** Said to the caller while Vapi dials the restaurant. */
export const TRANSFER_MESSAGE = 'One moment, I am putting you through to the restaurant.';
/** endedReason values of Vapi's for a call that was forwarded to a number. */
const FORWARDED_REASONS = new Set(['assistant-forwarded-call', 'assistant-request-returned-forwarding-phone-number']);

/** The messages answered with more than an acknowledgement, each typed as the SDK's response to it. */
type Answers = { [T in Exclude<keyof VapiResponses, 'voice-request'>]: (message: VapiMessage) => Promise<VapiResponses[T]> };

/**
 * Routes Vapi server messages. Each message with an answer in Vapi's SDK gets that answer; every other type
 * (status updates, reports, hang, transcripts...) is acknowledged with 200 at once, the ones we keep stored first.
 */
@Injectable()
export class VapiWebhookService {
  private readonly logger = new Logger(VapiWebhookService.name);

  private readonly answers: Answers = {
    'assistant-request': (m) => this.assistantRequest(m),
    'tool-calls': (m) => this.toolCalls(m),
    'transfer-destination-request': (m) => this.transferDestination(m),
    // The assistant has no handoff or knowledge-base tools and no campaign, so these arrive only if someone
    // points such a tool at this server: each is refused in the way Vapi reads as "not done".
    'handoff-destination-request': async () => ({ destination: {}, error: 'This assistant does not hand calls off.' }),
    'knowledge-base-request': async () => ({ documents: [] }),
    // Vapi's own example value; sent only if a custom endpointing model names this server.
    'call.endpointing.request': async () => ({ timeoutSeconds: 0.5 }),
    // This server places no outbound calls: a campaign that asks it is told not to dial (false skips the contact).
    'campaign.predial': async () => ({ eligible: false }),
  };

  private readonly stored: Partial<Record<VapiMessageType, (message: VapiMessage) => Promise<void>>> = {
    'status-update': (m) => this.statusUpdate(m),
    'end-of-call-report': (m) => this.endOfCallReport(m),
    hang: (m) => this.hang(m),
  };

  constructor(
    private readonly assistant: AssistantService,
    private readonly tools: VoiceToolsService,
    private readonly calls: CallsService,
    @Inject(voiceConfig.KEY) private readonly voice: ConfigType<typeof voiceConfig>,
  ) {}

  async handle(body: unknown): Promise<VapiReply> {
    const message = isRecord(body) && isRecord(body.message) ? (body.message as VapiMessage) : null;
    // The SDK leaves `type` optional on tool-calls alone: a message with tool calls and no type is one.
    const type = message ? (asString(message.type, 80) ?? (hasToolCalls(message) ? 'tool-calls' : null)) : null;
    if (!message || !type) {
      throw new BadRequestException('The body must be a Vapi server message: {"message": {"type": ..., ...}}.');
    }
    if (type === 'voice-request') return NO_AUDIO;
    if (Object.hasOwn(this.answers, type)) return this.answers[type as keyof Answers](message);
    const store = Object.hasOwn(this.stored, type) ? this.stored[type as VapiMessageType] : undefined;
    if (store) await this.quietly(type, () => store(message));
    return {};
  }

  private async assistantRequest(message: VapiMessage): Promise<VapiResponses['assistant-request']> {
    const callId = callIdOf(message);
    const phone = callerPhoneOf(message);
    // Noting the call runs beside building the answer and can never break it.
    const noted = callId
      ? this.calls
          .touch({ callId, status: asString(message.call?.status, 40) ?? 'ringing', customerPhone: phone })
          .catch((err) => this.logger.warn(`Could not note call ${callId}: ${String(err)}`))
      : Promise.resolve();
    try {
      const [assistant] = await Promise.all([this.assistant.forCall(phone), noted]);
      return { assistant };
    } catch (err) {
      this.logger.error(`assistant-request failed: ${err instanceof Error ? err.stack : String(err)}`);
      // Vapi speaks `error` to the caller instead of starting the assistant.
      return { error: 'Sorry, we cannot take phone orders right now. Please try again in a few minutes.' };
    }
  }

  /**
   * Runs the calls in order, one after another: a later call may depend on an earlier one (quote, then place).
   * A call in a shape we cannot read is answered in its place with a request to call again; a message whose
   * list we cannot find at all gets that request as its error. Never a 4xx: Vapi would drop it, and the
   * assistant would be left without an answer.
   */
  private async toolCalls(message: VapiMessage): Promise<VapiResponses['tool-calls']> {
    const list = toolCallsOf(message);
    if (!list) return { results: [], error: UNREADABLE_TOOL_CALL };
    const ctx = { callId: callIdOf(message), callerPhone: callerPhoneOf(message) };
    const results: NonNullable<VapiResponses['tool-calls']['results']> = [];
    for (const [index, entry] of list.entries()) {
      const call = readToolCall(entry, index);
      if (index >= TOOL_CALLS_PER_MESSAGE) {
        results.push({ name: call.name, toolCallId: call.toolCallId, error: 'Too many tool calls at once; please call this one again.' });
      } else if (!call.name) {
        results.push({ name: call.name, toolCallId: call.toolCallId, error: UNREADABLE_TOOL_CALL });
      } else {
        const outcome = await this.tools.run(call.name, call.args, { ...ctx, toolCallId: call.toolCallId });
        results.push({ name: call.name, toolCallId: call.toolCallId, ...outcome });
      }
    }
    return { results };
  }

  /**
   * The transferCall tool has no number of its own (TRANSFER_CALL_TOOL): the restaurant's phone, with a sentence for
   * the caller while Vapi dials. Noting the transfer never holds it up: a caller who asked for a person gets one.
   */
  private async transferDestination(message: VapiMessage): Promise<VapiResponses['transfer-destination-request']> {
    const to = this.voice.restaurantPhone;
    if (!to) return { error: 'This line has no restaurant phone to transfer to (RESTAURANT_PHONE is not set).' };
    const callId = callIdOf(message);
    if (callId) {
      await this.calls
        .transferRequested(callId, to, callerPhoneOf(message))
        .catch((err) => this.logger.warn(`Could not note the transfer of call ${callId}: ${String(err)}`));
    }
    return {
      destination: {
        type: 'number',
        number: to,
        message: TRANSFER_MESSAGE,
        description: 'The restaurant, for a caller who asks for a person or needs what the assistant cannot do',
      },
    };
  }

  private async hang(message: VapiMessage): Promise<void> {
    const callId = callIdOf(message);
    if (!callId) return;
    await this.calls.stalled(callId, callerPhoneOf(message));
  }

  private async statusUpdate(message: VapiMessage): Promise<void> {
    const callId = callIdOf(message);
    if (!callId) return;
    const status = asString(message.status ?? message.call?.status, 40);
    if (status === 'forwarding') {
      const destination = isRecord(message.destination) ? message.destination : {};
      await this.calls.forwarded({ callId, to: phoneOf(destination.number), customerPhone: callerPhoneOf(message) });
      return;
    }
    await this.calls.touch({
      callId,
      status: asString(message.status ?? message.call?.status, 40),
      customerPhone: callerPhoneOf(message),
      startedAt: dateOf(message.call?.startedAt),
    });
  }

  private async endOfCallReport(message: VapiMessage): Promise<void> {
    const callId = callIdOf(message);
    if (!callId) return;
    const call: VapiCall = message.call ?? {};
    const artifact = isRecord(message.artifact) ? message.artifact : {};
    const recording = isRecord(artifact.recording) ? artifact.recording : {};
    const mono = isRecord(recording.mono) ? recording.mono : {};
    const endedReason = asString(message.endedReason ?? call.endedReason, 120);
    const report: ReportedCall = {
      callId,
      endedReason,
      summary: asString(isRecord(message.analysis) ? message.analysis.summary : message.summary, 20_000),
      transcript: asString(artifact.transcript ?? message.transcript, 200_000),
      recordingUrl: urlOf(
        artifact.recordingUrl ?? mono.combinedUrl ?? recording.stereoUrl ?? artifact.stereoRecordingUrl ?? message.recordingUrl,
      ),
      cost: costOf(message.cost ?? call.cost),
      customerPhone: callerPhoneOf(message),
      startedAt: dateOf(message.startedAt ?? call.startedAt),
      endedAt: dateOf(message.endedAt ?? call.endedAt),
      // Vapi's reasons for a call the assistant put through (transferCall) or that went straight to a number.
      forwarded: endedReason !== null && FORWARDED_REASONS.has(endedReason),
    };
    await this.calls.recordReport(report);
  }

  /** Events need no answer: a bad one is logged, not bounced back (an outage is still a 503 Vapi may retry). */
  private async quietly(type: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      this.logger.error(`${type} could not be stored: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }
}

/** No custom voice is ours to speak: a voice-request (sent only to a custom voice's server) gets no audio. */
const NO_AUDIO = new VapiAudio(new Uint8Array(0));

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The calls of a tool-calls message: `toolCallList`, its alias `toolCalls`, or the calls inside `toolWithToolCallList`. */
function toolCallsOf(message: VapiMessage): unknown[] | null {
  const { toolCallList, toolCalls, toolWithToolCallList } = message;
  if (Array.isArray(toolCallList)) return toolCallList as unknown[];
  if (Array.isArray(toolCalls)) return toolCalls as unknown[];
  if (Array.isArray(toolWithToolCallList)) return (toolWithToolCallList as unknown[]).map((t): unknown => (isRecord(t) ? t.toolCall : t));
  return null;
}

function hasToolCalls(message: VapiMessage): boolean {
  return toolCallsOf(message) !== null;
}

/**
 * Name, id and arguments of one call in any of Vapi's shapes (VapiToolCall): the arguments are the function's
 * `arguments` (a JSON string or an object), else the flattened call's `parameters` or `arguments`.
 */
function readToolCall(entry: unknown, index: number): { name: string; toolCallId: string; args: unknown } {
  const call = (isRecord(entry) ? entry : {}) as VapiToolCall;
  const fn = isRecord(call.function) ? call.function : {};
  return {
    name: asString(fn.name ?? call.name, 100) ?? '',
    toolCallId: asString(call.id, 200) ?? `missing-id-${index}`,
    args: fn.arguments ?? fn.parameters ?? call.parameters ?? call.arguments,
  };
}

function callIdOf(message: VapiMessage): string | null {
  const id = asString(isRecord(message.call) ? message.call.id : undefined, CALL_ID_LIMIT + 1);
  return id && id.length <= CALL_ID_LIMIT ? id : null;
}

function callerPhoneOf(message: VapiMessage): string | null {
  const fromCall = isRecord(message.call) && isRecord(message.call.customer) ? message.call.customer.number : undefined;
  const fromMessage = isRecord(message.customer) ? message.customer.number : undefined;
  const phone = normalizePhone(asString(fromCall ?? fromMessage, 40));
  return phone && /^\+?\d{5,16}$/.test(phone) ? phone : null;
}

/** A transfer destination's number as Vapi names it (E.164), or null. */
function phoneOf(value: unknown): string | null {
  const phone = asString(value, 40);
  return phone && /^\+?\d{5,16}$/.test(phone) ? phone : null;
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 2000 || year > 2200 ? null : date;
}

function costOf(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n < 1e7 ? Math.round(n * 10_000) / 10_000 : null;
}

function urlOf(value: unknown): string | null {
  const url = asString(value, 2001);
  return url && url.length <= 2000 && /^https?:\/\/\S+$/i.test(url) ? url : null;
}
