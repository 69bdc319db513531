import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { VapiAuthGuard } from './vapi-auth.guard.js';
import { VapiWebhookService } from './vapi-webhook.service.js';

@ApiTags('voice')
@Controller('webhook/vapi')
// Not rate limited (Vapi retries on its own schedule); a bare @SkipThrottle() skips the app's throttler, named 'default'.
@SkipThrottle()
@UseGuards(VapiAuthGuard)
export class VapiWebhookController {
  constructor(private readonly webhook: VapiWebhookService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Vapi server URL: assistant-request, tool-calls, status-update, end-of-call-report (and any other type, acknowledged)',
  })
  @ApiHeader({ name: 'X-Vapi-Secret', required: false, description: 'VAPI_SECRET (or use the HMAC headers)' })
  @ApiHeader({ name: 'x-signature', required: false, description: 'hex HMAC-SHA256 of "{x-timestamp}.{raw body}" with VAPI_HMAC_SECRET' })
  @ApiHeader({ name: 'x-timestamp', required: false, description: 'seconds or milliseconds since the epoch; at most 5 minutes off' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['message'],
      properties: { message: { type: 'object', required: ['type'], properties: { type: { type: 'string', example: 'tool-calls' } } } },
    },
  })
  @ApiOkResponse({
    description: '{assistant} for assistant-request, {results:[{name, toolCallId, result|error}]} for tool-calls, {} otherwise',
  })
  @ApiBadRequestResponse({ description: 'Not a Vapi server message' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong Vapi credentials' })
  handle(@Body() body: unknown): Promise<object> {
    return this.webhook.handle(body);
  }
}
