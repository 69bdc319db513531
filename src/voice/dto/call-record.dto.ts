import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The caller was (to be) put through to the restaurant by the assistant's transferCall tool. */
export class CallTransferDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the assistant asked this server where to transfer the caller (transfer-destination-request)',
  })
  requestedAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When Vapi said the call was forwarded (status-update "forwarding", or endedReason assistant-forwarded-call)',
  })
  forwardedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '+12065550100', description: 'The number the caller was put through to' })
  to: string | null;
}

export class CallRecordDto {
  @ApiProperty({ example: '5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10', description: "Vapi's call id" }) callId: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'ended', description: 'Last status Vapi reported' }) status: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'customer-ended-call' }) endedReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Caller ordered two margheritas for delivery.' }) summary: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'AI:/User: lines as Vapi sends them' }) transcript: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://storage.vapi.ai/5f1c2a9e-mono.wav' }) recordingUrl: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 0.4125, description: 'USD' }) cost: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: '+12065550142' }) customerPhone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) startedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) endedAt: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: CallTransferDto,
    description: 'The transfer to the restaurant; null when none was asked for',
  })
  transfer: CallTransferDto | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Orders placed during this call, oldest first' }) orderIds: string[];
}
