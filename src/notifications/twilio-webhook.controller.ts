import { Controller, Headers, HttpCode, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@/common/domain-error.js';
import { ApiErrors, bodyRefusals, databaseUnavailable, domainError } from '@/openapi/api-errors.js';
import { SECURITY } from '@/openapi/openapi-document.js';
import { TwilioInboundSmsDto } from './dto/twilio-inbound-sms.dto.js';
import { EMPTY_TWIML, TwilioWebhookService } from './twilio-webhook.service.js';

@ApiTags('texts')
@Controller('webhook')
// Not rate limited: Twilio retries on its own schedule, and the signature keeps everyone else out.
@SkipThrottle()
export class TwilioWebhookController {
  constructor(private readonly webhooks: TwilioWebhookService) {}

  @Post('twilio')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveTwilioInboundSms',
    summary: "Inbound texts (signed): a customer's STOP or START",
    description:
      'Called by Twilio, not by apps: the number\'s "A message comes in" webhook (HTTP POST), signed with TWILIO_AUTH_TOKEN ' +
      'over PUBLIC_BASE_URL/webhook/twilio. STOP and its synonyms stop every text to the number; START opts it back in.',
    security: [{ [SECURITY.twilioSignature]: [] }],
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TwilioInboundSmsDto })
  @ApiProduces('text/xml')
  @ApiOkResponse({
    description: 'Taken (also for texts this service does not act on): empty TwiML, so Twilio sends no reply of ours',
    content: { 'text/xml': { schema: { type: 'string', example: EMPTY_TWIML } } },
  })
  @ApiErrors(
    domainError(ErrorCode.WEBHOOK_SIGNATURE_INVALID, 'The X-Twilio-Signature does not match this request.'),
    bodyRefusals,
    databaseUnavailable,
  )
  async receive(
    @Req() req: RawBodyRequest<FastifyRequest>,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<string> {
    const twiml = await this.webhooks.handle(this.webhooks.verify(req.rawBody, signature));
    // Set here, not with @Header: that would label the JSON error answers XML too.
    void reply.type('text/xml; charset=utf-8');
    return twiml;
  }
}
