import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@/config/app.config';
import type { DashboardConfig } from '@/config/dashboard.config';
import type { DatabaseConfig } from '@/config/database.config';
import type { ExportConfig } from '@/config/export.config';
import type { GeoConfig } from '@/config/geo.config';
import type { PaymentsConfig } from '@/config/payments.config';
import type { VoiceConfig } from '@/config/voice.config';

/** Headers and fields that carry credentials; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-vapi-secret"]',
  'req.headers["x-signature"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
];

/** Shorter secrets are not scrubbed by value: they would blank out ordinary words. */
const MIN_SCRUBBED_LENGTH = 8;

/** Every configured secret value: tokens, passwords, signing secrets, API keys and passwords inside URLs. */
export function configuredSecrets(config: ConfigService): string[] {
  const urlPassword = (url: string | null | undefined) => {
    try {
      return url ? decodeURIComponent(new URL(url).password) : '';
    } catch {
      return '';
    }
  };
  const database = config.get<DatabaseConfig>('database');
  return [
    config.get<AppConfig>('app')?.adminApiToken,
    config.get<DashboardConfig>('dashboard')?.password,
    config.get<DashboardConfig>('dashboard')?.sessionSecret,
    config.get<VoiceConfig>('voice')?.secret,
    config.get<VoiceConfig>('voice')?.hmacSecret,
    config.get<PaymentsConfig>('payments')?.stripeSecretKey,
    config.get<PaymentsConfig>('payments')?.stripeWebhookSecret,
    config.get<GeoConfig>('geo')?.googleMapsApiKey,
    urlPassword(database?.driver === 'postgres' ? database.url : null),
    urlPassword(config.get<ExportConfig>('export')?.redisUrl),
  ].filter((v): v is string => typeof v === 'string' && v.length >= MIN_SCRUBBED_LENGTH);
}

/**
 * Writes log lines with every configured secret replaced by `[redacted]`, wherever it turns up: a token a
 * client put in a URL path or query, an error message quoting input, a library's debug line. Header
 * redaction (REDACTED_PATHS) stays the first line of defence; this one does not depend on knowing the path.
 */
export function scrubbingStream(secrets: string[], out: { write(line: string): unknown } = process.stdout): DestinationStream {
  const values = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return {
    write(line: string) {
      let clean = line;
      for (const value of values) if (clean.includes(value)) clean = clean.split(value).join('[redacted]');
      out.write(clean);
    },
  };
}

/** A URL as logged: the query string keeps its parameter names, never their values (tokens, phones, names). */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=[redacted]`);
  return `${url.slice(0, q)}?${names.join('&')}`;
}

/** Structured JSON logs, one line per request with its request id (echoed as X-Request-Id). */
export function loggerParams(config: ConfigService): Params {
  const app = config.getOrThrow<AppConfig>('app');
  return {
    pinoHttp: [
      {
        level: app.logLevel,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
        genReqId: (req: IncomingMessage, res: ServerResponse) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && /^[\w\-.:]{1,100}$/.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        autoLogging: { ignore: (req) => req.url === '/health' },
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
      scrubbingStream(configuredSecrets(config)),
    ],
  };
}
