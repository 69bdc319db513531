import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { DomainError, ErrorCode } from './domain-error.js';
import { AppLogger } from './logging.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  [extra: string]: unknown;
}

// Network errors, PostgreSQL admin shutdown / crash / cannot connect now, too many connections.
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** A lost database connection is an outage the client may retry, not a bug: 503, never 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string; driverError?: unknown };
  if (e.code && (CONNECTION_ERROR_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  if (
    typeof e.message === 'string' &&
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|not currently accepting connections|terminating connection|the database system is (starting up|shutting down)/i.test(
      e.message,
    )
  ) {
    return true;
  }
  return e.driverError !== undefined && e.driverError !== err && isDatabaseUnavailable(e.driverError);
}

/**
 * PostgreSQL refused a value the client sent (SQLSTATE class 22, "data exception": a NUL character in text,
 * a number or date out of range, text too long for its column). Bad input, so a 400, never a 500.
 */
export function isInvalidData(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : e.driverError?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

interface HttpAnswer {
  status: number;
  /** The code clients see when it is not the domain's own: a failure that once shared another's code keeps it. */
  publishedAs?: ErrorCode;
}

/**
 * The only place that knows which HTTP status a domain failure is (DESIGN.md: validation 400, business
 * rejections 422, conflicts 409, outages 503). A code missing here does not compile.
 */
export const HTTP_ANSWERS: Readonly<Record<ErrorCode, HttpAnswer>> = {
  [ErrorCode.INVALID_INPUT]: { status: 400 },
  [ErrorCode.INVALID_DATE]: { status: 400 },
  [ErrorCode.WEBHOOK_SIGNATURE_INVALID]: { status: 400 },
  [ErrorCode.INVALID_CURSOR]: { status: 400, publishedAs: ErrorCode.NOT_FOUND },
  [ErrorCode.INVALID_WORKBOOK_DAY]: { status: 400, publishedAs: ErrorCode.NOT_FOUND },
  [ErrorCode.IDEMPOTENCY_KEY_INVALID]: { status: 400, publishedAs: ErrorCode.IDEMPOTENCY_KEY_REUSED },
  [ErrorCode.NOT_FOUND]: { status: 404 },
  [ErrorCode.ILLEGAL_TRANSITION]: { status: 409 },
  [ErrorCode.PAYMENT_FAILED]: { status: 409 },
  [ErrorCode.IDEMPOTENCY_IN_PROGRESS]: { status: 409 },
  [ErrorCode.MENU_ITEM_NAME_TAKEN]: { status: 409, publishedAs: ErrorCode.ITEM_UNAVAILABLE },
  [ErrorCode.ITEM_UNAVAILABLE]: { status: 422 },
  [ErrorCode.RESTAURANT_CLOSED]: { status: 422 },
  [ErrorCode.OUT_OF_DELIVERY_AREA]: { status: 422 },
  [ErrorCode.BELOW_MINIMUM_ORDER]: { status: 422 },
  [ErrorCode.ADDRESS_NOT_FOUND]: { status: 422 },
  [ErrorCode.ADDRESS_REQUIRED]: { status: 422 },
  [ErrorCode.IDEMPOTENCY_KEY_REUSED]: { status: 422 },
  [ErrorCode.UNKNOWN_OPTION]: { status: 422 },
  [ErrorCode.OPTION_UNAVAILABLE]: { status: 422 },
  [ErrorCode.OPTION_REQUIRED]: { status: 422 },
  [ErrorCode.TOO_MANY_OPTIONS]: { status: 422 },
  [ErrorCode.OPTION_REPEATED]: { status: 422 },
  [ErrorCode.PRICE_BELOW_ZERO]: { status: 422 },
  [ErrorCode.ORDERING_PAUSED]: { status: 422 },
  [ErrorCode.SLOT_FULL]: { status: 422 },
  [ErrorCode.TIME_TOO_SOON]: { status: 422 },
  [ErrorCode.TIME_TOO_FAR]: { status: 422 },
  [ErrorCode.TIME_CLOSED]: { status: 422 },
  [ErrorCode.TIME_NOT_ON_SLOT]: { status: 422 },
  [ErrorCode.REFUND_EXCEEDS_PAYMENT]: { status: 422 },
  [ErrorCode.ACCOUNT_NAME_TAKEN]: { status: 409 },
  [ErrorCode.LAST_OWNER]: { status: 409 },
  [ErrorCode.CUSTOMER_HAS_OPEN_ORDERS]: { status: 409 },
  [ErrorCode.WEAK_PASSWORD]: { status: 422 },
  [ErrorCode.INVALID_PERIOD]: { status: 400 },
  [ErrorCode.PERIOD_TOO_LONG]: { status: 422 },
  [ErrorCode.PAYMENT_PROVIDER_REFUSED]: { status: 502, publishedAs: ErrorCode.PAYMENT_UNAVAILABLE },
  [ErrorCode.PAYMENT_UNAVAILABLE]: { status: 503 },
  [ErrorCode.GEO_UNAVAILABLE]: { status: 503 },
  [ErrorCode.DATABASE_UNAVAILABLE]: { status: 503 },
  [ErrorCode.QUEUE_UNAVAILABLE]: { status: 503 },
  [ErrorCode.EXPORT_NOT_READY]: { status: 503 },
};

function domainBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  const { status, publishedAs } = HTTP_ANSWERS[code];
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code: publishedAs ?? code, message, ...(details ?? {}) };
}

/** Refusals of a request body, worded as clients have always read them. */
const BODY_MESSAGES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request size did not match content length',
};

/**
 * The body reader's refusals: Fastify's own (`FST_ERR_CTP_*`) and common/request-body.ts' (http-errors shape),
 * which Nest's adapter wraps in an HttpException that keeps them as its cause.
 */
function bodyRefusal(exception: unknown): ErrorBody | null {
  const cause = (exception instanceof HttpException ? exception.cause : exception) as
    { status?: number; statusCode?: number; expose?: boolean; type?: string; code?: string; message?: string } | undefined;
  const status = cause?.statusCode;
  if (typeof status !== 'number' || status >= 500 || !(cause!.expose || cause!.code?.startsWith('FST_ERR_CTP_'))) return null;
  const message = BODY_MESSAGES[cause!.type ?? cause!.code ?? ''] ?? cause!.message ?? 'Bad request';
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
}

/** Maps every error to DESIGN.md's JSON shape; stack traces stay in the log. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) return domainBody(exception.code, exception.message, exception.details);
  const refusal = bodyRefusal(exception);
  if (refusal) return refusal;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    // A structured report (the health check's per-dependency status) is passed through as it is.
    if (response && typeof response === 'object' && !('message' in response)) {
      return {
        statusCode: status,
        message: STATUS_CODES[status] ?? 'Error',
        ...response,
        error: (response as { error?: unknown }).error ?? STATUS_CODES[status],
      } as ErrorBody;
    }
    const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? exception.message);
    return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
  }
  if (isInvalidData(exception)) {
    return domainBody(
      ErrorCode.INVALID_INPUT,
      'The request contains a value that cannot be stored (for example a NUL character or a number out of range).',
    );
  }
  if (isDatabaseUnavailable(exception)) {
    return domainBody(ErrorCode.DATABASE_UNAVAILABLE, 'The order system is temporarily unavailable. Please try again in a moment.');
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: STATUS_CODES[500]!,
    message: 'Something went wrong on our side. Please try again.',
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly appLogger?: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.code === ErrorCode.INVALID_INPUT)
      this.logger.warn(`Refused a value the database cannot store: ${(exception as Error).message}`);
    if (host.getType() !== 'http') {
      if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      return;
    }
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (body.statusCode >= 500) {
      // With the request id, so the failure can be matched to its request line.
      if (this.appLogger) this.appLogger.requestError(request.id, exception, `${body.statusCode} ${body.error}`);
      else this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent || reply.raw.headersSent) {
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    if (body.statusCode === 503) reply.header('Retry-After', '5');
    reply.code(body.statusCode).send(body);
  }
}
