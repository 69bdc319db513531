import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { NotFoundError } from '@/common/domain-error.js';
import { CallsService } from './calls.service.js';
import { CallRecordDto } from './dto/call-record.dto.js';

@ApiTags('voice')
@Controller('api/calls')
@UseGuards(AdminAuthGuard)
@ApiBearerAuth()
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Get(':callId')
  @ApiOperation({ summary: 'A phone call (summary, transcript, recording, cost) with the ids of its orders (admin)' })
  @ApiOkResponse({ type: CallRecordDto })
  @ApiNotFoundResponse({ description: 'No call or order with this Vapi call id' })
  async findOne(@Param('callId') callId: string): Promise<CallRecordDto> {
    const call = callId.length <= 100 ? await this.calls.findByCallId(callId) : null;
    if (!call) throw new NotFoundError('Call');
    return call;
  }
}
