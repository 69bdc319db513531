import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { StripeWebhookService, WebhookReceipt } from './stripe-webhook.service.js';

@ApiTags('webhooks')
@Controller('webhook')
// Not rate limited (Stripe retries on its own schedule); a bare @SkipThrottle() skips the app's throttler, named "default".
@SkipThrottle()
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Post('stripe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe events (signed): payment succeeded / failed / canceled, checkout completed, charge refunded' })
  @ApiHeader({ name: 'Stripe-Signature', required: true, description: 'Signed with STRIPE_WEBHOOK_SECRET' })
  @ApiOkResponse({ description: 'Accepted (also for event types this service does not act on, and for redeliveries)' })
  @ApiBadRequestResponse({ description: 'WEBHOOK_SIGNATURE_INVALID: unsigned, badly signed or older than the tolerance' })
  receive(@Req() req: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature?: string): Promise<WebhookReceipt> {
    return this.webhooks.handle(this.webhooks.verify(req.rawBody, signature));
  }
}
