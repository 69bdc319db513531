import { Body, Controller, HttpCode, Post, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { SECURITY } from '@/openapi/openapi-document.js';
import { ApiErrors, badRequest, bodyRefusals, databaseUnavailable, unauthorized } from '@/openapi/api-errors.js';
import { VapiReplyDto, VapiServerMessageDto } from './dto/vapi-message.dto.js';
import { VAPI_MESSAGE_EXAMPLES, VAPI_REPLY_EXAMPLES } from './dto/vapi-message.examples.js';
import { VapiAuthGuard } from './vapi-auth.guard.js';
import { VapiWebhookService } from './vapi-webhook.service.js';
import { VapiAudio, type VapiReply } from './vapi.types.js';

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
    operationId: 'receiveVapiMessage',
    summary: "Vapi server URL: every server message of Vapi's SDK (assistant-request, tool-calls, status-update, end-of-call-report...)",
    description:
      "Called by Vapi, not by apps. Authenticated with one of Vapi's credentials: `X-Vapi-Secret` (or `Authorization: Bearer`) " +
      'with VAPI_SECRET, or the HMAC pair `x-signature` + `x-timestamp` with VAPI_HMAC_SECRET.',
    security: [
      { [SECURITY.vapiSecret]: [] },
      { [SECURITY.vapiBearer]: [] },
      { [SECURITY.vapiSignature]: [], [SECURITY.vapiTimestamp]: [] },
    ],
  })
  @ApiBody({ type: VapiServerMessageDto, examples: VAPI_MESSAGE_EXAMPLES })
  @ApiExtraModels(VapiReplyDto)
  @ApiOkResponse({
    description: "The answer Vapi's SDK defines for the message type (JSON); for a voice-request, raw PCM audio (none: no voice is ours)",
    content: {
      'application/json': { schema: { $ref: getSchemaPath(VapiReplyDto) }, examples: VAPI_REPLY_EXAMPLES },
      'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: 0 } },
    },
  })
  @ApiErrors(
    badRequest('notAVapiMessage', 'Not a Vapi server message', 'The body must be a Vapi server message: {"message": {"type": ..., ...}}.'),
    bodyRefusals,
    unauthorized('Vapi credentials are missing or wrong (X-Vapi-Secret, or x-signature with a fresh x-timestamp).'),
    databaseUnavailable,
  )
  async handle(@Body() body: unknown): Promise<Exclude<VapiReply, VapiAudio> | StreamableFile> {
    const reply = await this.webhook.handle(body);
    return reply instanceof VapiAudio ? new StreamableFile(reply.pcm, { type: 'application/octet-stream' }) : reply;
  }
}
