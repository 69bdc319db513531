import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '@/common/domain-error.js';
import { ApiErrors, bodyRefusals, databaseUnavailable, domainError } from '@/openapi/api-errors.js';
import { SECURITY } from '@/openapi/openapi-document.js';
import { StripeEventDto, WebhookReceiptDto } from './dto/stripe-event.dto.js';
import { STRIPE_EVENT_EXAMPLES, WEBHOOK_RECEIPT_EXAMPLES } from './dto/stripe-event.examples.js';
import { StripeWebhookService, WebhookReceipt } from './stripe-webhook.service.js';

@ApiTags('payments')
@Controller('webhook')
// Not rate limited (Stripe retries on its own schedule); a bare @SkipThrottle() skips the app's throttler, named "default".
@SkipThrottle()
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Post('stripe')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveStripeEvent',
    summary: 'Stripe events (signed): payment succeeded / failed / canceled, checkout completed, charge refunded',
    description: 'Called by Stripe, not by apps: the endpoint to register in the Stripe Dashboard, signed with STRIPE_WEBHOOK_SECRET.',
    security: [{ [SECURITY.stripeSignature]: [] }],
  })
  @ApiBody({ type: StripeEventDto, examples: STRIPE_EVENT_EXAMPLES })
  @ApiOkResponse({
    description: 'Accepted (also for event types this service does not act on, and for redeliveries)',
    type: WebhookReceiptDto,
    examples: WEBHOOK_RECEIPT_EXAMPLES,
  })
  @ApiErrors(
    domainError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, 'The Stripe-Signature does not match this body, or its timestamp is too old.'),
    domainError(ErrorCode.INVALID_INPUT, 'The body is not a Stripe event (id, type and data.object are required).'),
    bodyRefusals,
    databaseUnavailable,
  )
  receive(@Req() req: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature?: string): Promise<WebhookReceipt> {
    return this.webhooks.handle(this.webhooks.verify(req.rawBody, signature));
  }
}
