import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HANDLED_STRIPE_EVENTS } from '../stripe-events.js';

/**
 * A Stripe event as Stripe POSTs it (its `Event` object), as far as this service reads it: the documentation of
 * `POST /webhook/stripe`. The handler verifies the signature on the raw bytes and reads the rest on use.
 */
export class StripeEventDataDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The PaymentIntent, Checkout Session or Charge. The order is found by `metadata.orderId` (or `client_reference_id`), ' +
      'else by the object id (or its `payment_intent`) stored as the payment reference.',
  })
  object: Record<string, unknown>;
}

export class StripeEventDto {
  @ApiProperty({ example: 'evt_1QxYz3LkdIwHu7ix2aBcDeFg', description: 'Each event is applied once; redeliveries are acknowledged' })
  id: string;
  @ApiPropertyOptional({ enum: ['event'], example: 'event' }) object?: 'event';
  @ApiProperty({
    example: 'payment_intent.succeeded',
    description: `Acted on: ${HANDLED_STRIPE_EVENTS.join(', ')}. Every other type is acknowledged and ignored.`,
  })
  type: string;
  @ApiPropertyOptional({ example: 1767225600, description: 'Seconds since the epoch' }) created?: number;
  @ApiPropertyOptional({ example: false }) livemode?: boolean;
  @ApiPropertyOptional({ example: '2025-10-29.clover' }) api_version?: string;
  @ApiProperty({ type: StripeEventDataDto }) data: StripeEventDataDto;
}

export class WebhookReceiptDto {
  @ApiProperty({ enum: [true], example: true }) received: true;
  @ApiProperty({ example: 'evt_1QxYz3LkdIwHu7ix2aBcDeFg' }) eventId: string;
  @ApiProperty({
    enum: ['applied', 'unchanged', 'ignored', 'duplicate'],
    description:
      "applied: the order's payment status changed; unchanged: the event came too late to change it; ignored: not an " +
      'event this service acts on, or no matching order; duplicate: a redelivery of an event already handled',
  })
  outcome: 'applied' | 'unchanged' | 'ignored' | 'duplicate';
}
