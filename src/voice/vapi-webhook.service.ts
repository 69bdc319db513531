import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from '@/common/http-exception.filter.js';
import { AssistantService } from './assistant/assistant.service.js';
import type { CallReport } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { normalizePhone, VoiceToolsService } from './tools/voice-tools.service.js';
import { asString, ToolCallResult, VapiCall, VapiMessage, VapiToolCall } from './vapi.types.js';

const CALL_ID_LIMIT = 100;

/**
 * Routes Vapi server messages. Only `assistant-request` and `tool-calls` expect an answer; every other type
 * (status updates, reports, hang, transcripts...) is acknowledged with 200 at once.
 */
@Injectable()
export class VapiWebhookService {
  private readonly logger = new Logger(VapiWebhookService.name);

  constructor(
    private readonly assistant: AssistantService,
    private readonly tools: VoiceToolsService,
    private readonly calls: CallsService,
  ) {}

  async handle(body: unknown): Promise<object> {
    const message = isRecord(body) && isRecord(body.message) ? (body.message as VapiMessage) : null;
    const type = message ? asString(message.type, 80) : null;
    if (!message || !type) {
      throw new BadRequestException('The body must be a Vapi server message: {"message": {"type": ..., ...}}.');
    }
    switch (type) {
      case 'assistant-request':
        return this.assistantRequest(message);
      case 'tool-calls':
        return this.toolCalls(message);
      case 'status-update':
        return this.quietly('status-update', () => this.statusUpdate(message));
      case 'end-of-call-report':
        return this.quietly('end-of-call-report', () => this.endOfCallReport(message));
      default:
        return {};
    }
  }

  private async assistantRequest(message: VapiMessage): Promise<object> {
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

  private async toolCalls(message: VapiMessage): Promise<{ results: ToolCallResult[] }> {
    const list = Array.isArray(message.toolCallList) ? message.toolCallList : Array.isArray(message.toolCalls) ? message.toolCalls : null;
    if (!list) throw new BadRequestException('A tool-calls message needs a toolCallList (or toolCalls) array.');
    const ctx = { callId: callIdOf(message), callerPhone: callerPhoneOf(message) };
    const results: ToolCallResult[] = [];
    // In order, one after another: a later call may depend on an earlier one (quote, then place).
    for (const [index, entry] of list.slice(0, 20).entries()) {
      const call = (isRecord(entry) ? entry : {}) as VapiToolCall;
      const fn = isRecord(call.function) ? call.function : {};
      const name = asString(fn.name ?? call.name, 100) ?? '';
      const toolCallId = asString(call.id, 200) ?? `missing-id-${index}`;
      const outcome = await this.tools.run(name, fn.arguments ?? fn.parameters ?? call.arguments, { ...ctx, toolCallId });
      results.push({ name, toolCallId, ...outcome });
    }
    return { results };
  }

  private async statusUpdate(message: VapiMessage): Promise<void> {
    const callId = callIdOf(message);
    if (!callId) return;
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
    const report: CallReport = {
      callId,
      endedReason: asString(message.endedReason ?? call.endedReason, 120),
      summary: asString(isRecord(message.analysis) ? message.analysis.summary : message.summary, 20_000),
      transcript: asString(artifact.transcript ?? message.transcript, 200_000),
      recordingUrl: urlOf(
        artifact.recordingUrl ?? mono.combinedUrl ?? recording.stereoUrl ?? artifact.stereoRecordingUrl ?? message.recordingUrl,
      ),
      cost: costOf(message.cost ?? call.cost),
      customerPhone: callerPhoneOf(message),
      startedAt: dateOf(message.startedAt ?? call.startedAt),
      endedAt: dateOf(message.endedAt ?? call.endedAt),
    };
    await this.calls.recordReport(report);
  }

  /** Events need no answer: a bad one is logged, not bounced back (an outage is still a 503 Vapi may retry). */
  private async quietly(type: string, work: () => Promise<void>): Promise<object> {
    try {
      await work();
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      this.logger.error(`${type} could not be stored: ${err instanceof Error ? err.stack : String(err)}`);
    }
    return {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
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
