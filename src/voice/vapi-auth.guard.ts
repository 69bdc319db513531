import { CanActivate, ExecutionContext, Inject, Injectable, Logger, RawBodyRequest, UnauthorizedException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { createHmac } from 'node:crypto';
import { safeEqual } from '@/common/safe-equal.js';
import { type VoiceConfig, voiceConfig } from '@/config/voice.config.js';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Vapi authenticates its server messages with one of its credentials:
 * - bearer with a custom header: `X-Vapi-Secret: <VAPI_SECRET>` (also accepted as `Authorization: Bearer`);
 * - HMAC: `x-signature` = hex HMAC-SHA256 of `{x-timestamp}.{raw body}` with VAPI_HMAC_SECRET, the timestamp
 *   in seconds or milliseconds and within the tolerance of our clock (replays of old requests are refused).
 * Comparisons are constant-time.
 */
export function verifyVapiRequest(
  headers: Headers,
  rawBody: Buffer | undefined,
  cfg: Pick<VoiceConfig, 'secret' | 'hmacSecret' | 'hmacToleranceSeconds'>,
  nowMs = Date.now(),
): boolean {
  if (cfg.secret) {
    const given = header(headers, 'x-vapi-secret');
    if (given !== undefined && safeEqual(given, cfg.secret)) return true;
    const bearer = /^Bearer\s+(.+)$/i.exec(header(headers, 'authorization') ?? '');
    if (bearer && safeEqual(bearer[1].trim(), cfg.secret)) return true;
  }
  if (cfg.hmacSecret) {
    const signature = header(headers, 'x-signature')
      ?.trim()
      .replace(/^sha256=/i, '')
      .toLowerCase();
    const timestamp = header(headers, 'x-timestamp')?.trim();
    if (!signature || !timestamp || !/^\d{1,16}$/.test(timestamp)) return false;
    const value = Number(timestamp);
    const ms = value >= 1e12 ? value : value * 1000;
    if (Math.abs(nowMs - ms) > cfg.hmacToleranceSeconds * 1000) return false;
    const expected = createHmac('sha256', cfg.hmacSecret)
      .update(`${timestamp}.`)
      .update(rawBody ?? Buffer.alloc(0))
      .digest('hex');
    return safeEqual(signature, expected);
  }
  return false;
}

@Injectable()
export class VapiAuthGuard implements CanActivate {
  private readonly logger = new Logger(VapiAuthGuard.name);
  constructor(@Inject(voiceConfig.KEY) private readonly cfg: ConfigType<typeof voiceConfig>) {
    if (!this.cfg.secret && !this.cfg.hmacSecret) {
      this.logger.warn('Neither VAPI_SECRET nor VAPI_HMAC_SECRET is set: every /webhook/vapi request will be refused.');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<RawBodyRequest<FastifyRequest>>();
    if (verifyVapiRequest(req.headers, req.rawBody, this.cfg)) return true;
    throw new UnauthorizedException('Vapi credentials are missing or wrong (X-Vapi-Secret, or x-signature with a fresh x-timestamp).');
  }
}
