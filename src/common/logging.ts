import { Global, Inject, Injectable, LoggerService, Module, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import pino, { DestinationStream, Logger as Pino } from 'pino';
import pinoPretty from 'pino-pretty';
import { type AppConfig, appConfig } from '@/config/app.config.js';
import { type DashboardConfig, dashboardConfig } from '@/config/dashboard.config.js';
import { type DatabaseConfig, databaseConfig } from '@/config/database.config.js';
import { type GeoConfig, geoConfig } from '@/config/geo.config.js';
import { type PaymentsConfig, paymentsConfig } from '@/config/payments.config.js';
import { type RedisConfig, redisConfig } from '@/config/redis.config.js';
import { type VoiceConfig, voiceConfig } from '@/config/voice.config.js';

/** Where log lines go instead of standard output (tests). */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
/** Every configured secret value (`configuredSecrets`), scrubbed from each log line. */
export const CONFIGURED_SECRETS = Symbol('CONFIGURED_SECRETS');

/** The sections that hold secrets. */
export interface SecretSections {
  app: AppConfig;
  dashboard: DashboardConfig;
  database: DatabaseConfig;
  geo: GeoConfig;
  payments: PaymentsConfig;
  redis: RedisConfig;
  voice: VoiceConfig;
}

/** Headers and fields that carry credentials; pino replaces them before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-vapi-secret"]',
  'req.headers["x-signature"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
];

/** Client-chosen request ids we echo and log; anything else is replaced by a UUID. */
const REQUEST_ID = /^[\w\-.:]{1,100}$/;

/** Shorter secrets are not scrubbed by value: they would blank out ordinary words. */
const MIN_SCRUBBED_LENGTH = 8;

/** Every configured secret value: tokens, passwords, signing secrets, API keys and passwords inside URLs. */
export function configuredSecrets({ app, dashboard, database, geo, payments, redis, voice }: SecretSections): string[] {
  const urlPassword = (url: string | null | undefined) => {
    try {
      return url ? decodeURIComponent(new URL(url).password) : '';
    } catch {
      return '';
    }
  };
  return [
    app.adminApiToken,
    dashboard.sessionSecret,
    voice.secret,
    voice.hmacSecret,
    payments.stripeSecretKey,
    payments.stripeWebhookSecret,
    geo.googleMapsApiKey,
    urlPassword(database.driver === 'postgres' ? database.url : null),
    urlPassword(redis.url),
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

/** Log lines are written at least this often, and whenever 4 KB have gathered. */
const LOG_FLUSH_MS = 200;

/**
 * Standard output, written in 4 KB chunks off the event loop (pino's SonicBoom) instead of one blocking
 * `write` per line: under load one line per request was a system call per request. A line waits at most
 * LOG_FLUSH_MS; pino writes what is buffered synchronously when the process exits (a SIGKILL can lose the last
 * fraction of a second of logs, never an order). If standard output stops draining, lines beyond 16 MB are
 * dropped rather than held in memory.
 */
let stdout: DestinationStream | null = null;
function bufferedStdout(): DestinationStream {
  if (stdout) return stdout;
  const out = pino.destination({ dest: 1, minLength: 4096, maxLength: 16 * 1024 * 1024, sync: false });
  stdout = out;
  setInterval(() => out.flush(), LOG_FLUSH_MS).unref();
  return out;
}

/** Development at a terminal: `10:42:07.123 INFO  [OrdersController] message {fields}`, one line each. */
function prettyStdout(): DestinationStream {
  return pinoPretty({
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    sync: true,
  });
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

/**
 * Structured JSON logs through pino: Nest's own messages (with their context) and one line per HTTP request
 * with its request id, echoed to the client as X-Request-Id (`httpLogger`). No request-scoped logger
 * (nestjs-pino's puts an AsyncLocalStorage hook on every promise of every request): errors carry the request
 * id explicitly instead. Every line goes through the secret scrubber.
 */
@Injectable()
export class AppLogger implements LoggerService {
  readonly pino: Pino;

  constructor(
    @Inject(appConfig.KEY) app: Pick<ConfigType<typeof appConfig>, 'logLevel' | 'logFormat'>,
    @Inject(CONFIGURED_SECRETS) secrets: string[],
    @Optional() @Inject(LOG_DESTINATION) destination?: { write(line: string): unknown },
  ) {
    this.pino = pino(
      { level: app.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
      scrubbingStream(secrets, destination ?? (app.logFormat === 'pretty' ? prettyStdout() : bufferedStdout())),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const context = typeof rest[rest.length - 1] === 'string' && rest.length > 1 ? rest.pop() : undefined;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    this.pino.error({ context, ...(stack && { stack }) }, stringify(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /**
   * The request log, a step of the app's first `onRequest` hook (configureApp): gives every request an id (a sane
   * `X-Request-Id` from the client, else a UUID) as `request.id`, echoes it in the response and writes one line
   * when the response is finished or the client gave up. Written directly on pino rather than through Fastify's
   * logger or pino-http, whose child logger and serializers per request cost about a tenth of the API's CPU per
   * order under load (README "Benchmarks").
   */
  httpLogger(): (request: FastifyRequest, reply: FastifyReply) => void {
    const log = this.pino;
    return (request, reply) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      (request as { id: string }).id = id;
      reply.header('X-Request-Id', id);
      const url = request.originalUrl;
      if (url === '/health') return;
      const started = performance.now();
      const res = reply.raw;
      // 'close' follows 'finish' when the answer went out, and comes alone when the connection dropped first.
      res.once('close', () => {
        const aborted = !res.writableFinished;
        const status = res.statusCode;
        const level = status >= 500 ? 'error' : status >= 400 || aborted ? 'warn' : 'info';
        if (!log.isLevelEnabled(level)) return;
        const line = {
          req: { id, method: request.method, url: loggableUrl(url) },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        };
        log[level](line, aborted ? 'request aborted' : 'request completed');
      });
    };
  }

  /** A server error, logged with the id of the request that met it. */
  requestError(requestId: string | undefined, err: unknown, message: string): void {
    const detail = err instanceof Error ? { message: err.message, stack: err.stack } : String(err);
    this.pino.error({ req: { id: requestId }, err: detail }, message);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    this.pino[level]({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message);
  } catch {
    return String(message);
  }
}

@Global()
@Module({
  providers: [
    AppLogger,
    {
      provide: CONFIGURED_SECRETS,
      inject: [appConfig.KEY, dashboardConfig.KEY, databaseConfig.KEY, geoConfig.KEY, paymentsConfig.KEY, redisConfig.KEY, voiceConfig.KEY],
      useFactory: (
        app: AppConfig,
        dashboard: DashboardConfig,
        database: DatabaseConfig,
        geo: GeoConfig,
        payments: PaymentsConfig,
        redis: RedisConfig,
        voice: VoiceConfig,
      ) => configuredSecrets({ app, dashboard, database, geo, payments, redis, voice }),
    },
  ],
  exports: [AppLogger],
})
export class LoggingModule {}
