import { IsIn, IsOptional, Matches } from 'class-validator';
import { retrySchedule } from '@/payments/refund-policy.js';
import { blankToUndefined, defineSection, parseIntOr, Stage } from './config-section.js';

class PaymentsEnv {
  @IsOptional()
  @IsIn(['mock', 'stripe'], { message: 'PAYMENTS_DRIVER must be mock or stripe' })
  PAYMENTS_DRIVER?: string;

  @IsOptional()
  @Matches(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, {
    message: 'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_test_..., sk_live_..., rk_...)',
  })
  STRIPE_SECRET_KEY?: string;

  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9]+$/, { message: 'STRIPE_WEBHOOK_SECRET must be a webhook signing secret (whsec_...)' })
  STRIPE_WEBHOOK_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^/\s]+\/?$/, {
    message: 'STRIPE_API_URL must be a base URL such as https://api.stripe.com or http://localhost:12111 (no path)',
  })
  STRIPE_API_URL?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'STRIPE_WEBHOOK_TOLERANCE_SECONDS must be a whole number of seconds' })
  STRIPE_WEBHOOK_TOLERANCE_SECONDS?: string;

  @IsOptional()
  @Matches(/^\d{3,6}$/, { message: 'STRIPE_TIMEOUT_MS must be a whole number of milliseconds (100-999999)' })
  STRIPE_TIMEOUT_MS?: string;

  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'STRIPE_CHECKOUT_SUCCESS_URL must be an http(s) URL' })
  STRIPE_CHECKOUT_SUCCESS_URL?: string;

  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'PAYMENT_EXPIRY_MINUTES must be a whole number of minutes (30-1440)' })
  PAYMENT_EXPIRY_MINUTES?: string;

  @IsOptional()
  @Matches(/^\d{1,2}$/, { message: 'REFUND_MAX_ATTEMPTS must be a whole number of attempts (1-50)' })
  REFUND_MAX_ATTEMPTS?: string;

  @IsOptional()
  @Matches(/^\d{1,8}$/, { message: 'REFUND_RETRY_DELAY_MS must be a whole number of milliseconds' })
  REFUND_RETRY_DELAY_MS?: string;

  @IsOptional()
  @Matches(/^\d{1,7}$/, { message: 'REFUND_SWEEP_MS must be a whole number of milliseconds' })
  REFUND_SWEEP_MS?: string;
}

export type PaymentsDriver = 'mock' | 'stripe';

export interface StripeApiTarget {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface PaymentsConfig {
  driver: PaymentsDriver;
  stripeSecretKey: string;
  stripeWebhookSecret: string;
  /** Where the Stripe SDK sends requests (api.stripe.com unless STRIPE_API_URL points at stripe-mock or a proxy). */
  stripeApi: StripeApiTarget;
  webhookToleranceSeconds: number;
  stripeTimeoutMs: number;
  /** Where Stripe Checkout sends a voice caller after paying; `{ORDER_ID}` is replaced. */
  checkoutSuccessUrl: string | null;
  /** How long a card payment link stays payable (Checkout's expires_at); then the unpaid order is cancelled. */
  paymentExpiryMinutes: number;
  /** Refund requests before a failing refund is shown to staff as needing a person. */
  refundMaxAttempts: number;
  /** The wait after the first failed refund request; each next wait is 3 times longer (at most 12 h). */
  refundRetryDelayMs: number;
  /** How often each API process looks for refunds that are due. */
  refundSweepMs: number;
}

/** Outside development a refund schedule must ride out an ordinary provider incident before it pages a person. */
const MIN_REFUND_SCHEDULE_MS = 3600 * 1000;

export function parseApiUrl(url: string): StripeApiTarget {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http' : 'https';
  return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function defaultDriverFor<T extends string>(stage: Stage, mock: T, real: T): T {
  return stage === 'development' ? mock : real;
}

export const paymentsConfig = defineSection<PaymentsConfig>({
  key: 'payments',
  schema: PaymentsEnv,
  build: (env, stage) => ({
    driver: (blankToUndefined(env.PAYMENTS_DRIVER) as PaymentsDriver | undefined) ?? defaultDriverFor(stage, 'mock', 'stripe'),
    stripeSecretKey: blankToUndefined(env.STRIPE_SECRET_KEY) ?? '',
    stripeWebhookSecret: blankToUndefined(env.STRIPE_WEBHOOK_SECRET) ?? '',
    stripeApi: parseApiUrl(blankToUndefined(env.STRIPE_API_URL) ?? 'https://api.stripe.com'),
    webhookToleranceSeconds: parseIntOr(env.STRIPE_WEBHOOK_TOLERANCE_SECONDS, 300),
    stripeTimeoutMs: parseIntOr(env.STRIPE_TIMEOUT_MS, 10000),
    checkoutSuccessUrl: blankToUndefined(env.STRIPE_CHECKOUT_SUCCESS_URL) ?? null,
    paymentExpiryMinutes: parseIntOr(env.PAYMENT_EXPIRY_MINUTES, 30),
    refundMaxAttempts: parseIntOr(env.REFUND_MAX_ATTEMPTS, 8),
    refundRetryDelayMs: parseIntOr(env.REFUND_RETRY_DELAY_MS, 60_000),
    refundSweepMs: parseIntOr(env.REFUND_SWEEP_MS, 15_000),
  }),
  check: (cfg, stage) => {
    const problems: string[] = [];
    const live = /^(sk|rk)_live_/.test(cfg.stripeSecretKey);
    if (stage !== 'development' && cfg.driver === 'mock') {
      problems.push(`PAYMENTS_DRIVER=mock is for development only; ${stage} takes real card payments (PAYMENTS_DRIVER=stripe)`);
    }
    if (cfg.driver === 'stripe') {
      if (!cfg.stripeSecretKey) problems.push('STRIPE_SECRET_KEY is required when PAYMENTS_DRIVER=stripe');
      else if (stage === 'production' && !live) problems.push('STRIPE_SECRET_KEY must be a live key (sk_live_ or rk_live_) in production');
      else if (stage === 'staging' && live)
        problems.push('STRIPE_SECRET_KEY must be a test key (sk_test_ or rk_test_) in staging, never a live key');
      if (stage !== 'development' && !cfg.stripeWebhookSecret) {
        problems.push(`STRIPE_WEBHOOK_SECRET is required in ${stage} (the signing secret of the /webhook/stripe endpoint)`);
      }
    }
    // Stripe refuses a Checkout Session that expires sooner than 30 minutes or later than 24 hours.
    if (!(cfg.paymentExpiryMinutes >= 30 && cfg.paymentExpiryMinutes <= 1440)) {
      problems.push('PAYMENT_EXPIRY_MINUTES must be between 30 and 1440 (Stripe Checkout links last 30 minutes to 24 hours)');
    }
    if (cfg.webhookToleranceSeconds < 1) problems.push('STRIPE_WEBHOOK_TOLERANCE_SECONDS must be at least 1');
    problems.push(...refundProblems(cfg, stage));
    return problems;
  },
});

function refundProblems(cfg: PaymentsConfig, stage: Stage): string[] {
  const problems: string[] = [];
  if (!(cfg.refundMaxAttempts >= 1 && cfg.refundMaxAttempts <= 50)) problems.push('REFUND_MAX_ATTEMPTS must be between 1 and 50');
  if (!(cfg.refundRetryDelayMs >= 10)) problems.push('REFUND_RETRY_DELAY_MS must be at least 10');
  if (!(cfg.refundSweepMs >= 10)) problems.push('REFUND_SWEEP_MS must be at least 10');
  if (stage === 'development' || problems.length > 0) return problems;
  // Tests use a schedule of milliseconds; a deployment doing so would hammer Stripe and give up within seconds.
  if (cfg.refundRetryDelayMs < 1000) problems.push(`REFUND_RETRY_DELAY_MS must be at least 1000 in ${stage}`);
  if (cfg.refundSweepMs < 1000) problems.push(`REFUND_SWEEP_MS must be at least 1000 in ${stage}`);
  const span = retrySchedule({ maxAttempts: cfg.refundMaxAttempts, firstRetryDelayMs: cfg.refundRetryDelayMs }).reduce((a, b) => a + b, 0);
  if (span < MIN_REFUND_SCHEDULE_MS) {
    problems.push(
      `REFUND_MAX_ATTEMPTS=${cfg.refundMaxAttempts} with REFUND_RETRY_DELAY_MS=${cfg.refundRetryDelayMs} gives up after ` +
        `${Math.round(span / 60000)} min; in ${stage} the retries must span at least an hour (the defaults span about 18 h)`,
    );
  }
  return problems;
}
