import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { NotFoundError } from '@/common/domain-error.js';
import { ApiErrors, databaseUnavailable, notFound, rateLimited, unauthorized, undecodablePath } from '@/openapi/api-errors.js';
import { CallsService } from './calls.service.js';
import { CallRecordDto } from './dto/call-record.dto.js';

const CALL_EXAMPLE: CallRecordDto = {
  callId: '5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10',
  status: 'ended',
  endedReason: 'customer-ended-call',
  summary: 'Caller ordered two margheritas for delivery.',
  transcript: 'AI: Thanks for calling, pickup or delivery?\nUser: Delivery, two margheritas.',
  recordingUrl: 'https://storage.vapi.ai/5f1c2a9e-mono.wav',
  cost: 0.4125,
  customerPhone: '+12065550142',
  startedAt: '2026-01-01T00:00:01.000Z',
  endedAt: '2026-01-01T00:05:11.000Z',
  transfer: null,
  orderIds: ['0d9f4c1a-6b2e-4a57-8c3d-5e7f9a1b2c3d'],
};

@ApiTags('voice')
@Controller('api/calls')
@UseGuards(AdminAuthGuard)
@ApiBearerAuth()
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Get(':callId')
  @ApiOperation({
    operationId: 'getCall',
    summary: 'A phone call (summary, transcript, recording, cost) with the ids of its orders (admin)',
  })
  @ApiParam({ name: 'callId', description: "Vapi's call id (an order's voiceCallId)", example: CALL_EXAMPLE.callId })
  @ApiOkResponse({ description: 'The call as Vapi last reported it', type: CallRecordDto, example: CALL_EXAMPLE })
  @ApiErrors(undecodablePath, unauthorized(), notFound('Call'), rateLimited, databaseUnavailable)
  async findOne(@Param('callId') callId: string): Promise<CallRecordDto> {
    const call = callId.length <= 100 ? await this.calls.findByCallId(callId) : null;
    if (!call) throw new NotFoundError('Call');
    return call;
  }
}
