import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What Vapi sends to the server URL (ServerMessage* in Vapi's own OpenAPI document), as far as this service reads
 * it: the documentation of `POST /webhook/vapi`. Vapi sends more fields than these; they are accepted and ignored.
 * The handler reads the body as `unknown` and checks every field on use (vapi.types.ts).
 */
export class VapiCustomerDto {
  @ApiPropertyOptional({ example: '+12065550142' }) number?: string;
  @ApiPropertyOptional({ example: 'Grace' }) name?: string;
}

export class VapiCallDto {
  @ApiPropertyOptional({ example: '5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10', description: "Vapi's call id (at most 100 characters are kept)" })
  id?: string;
  @ApiPropertyOptional({ example: 'inboundPhoneCall' }) type?: string;
  @ApiPropertyOptional({ example: 'in-progress' }) status?: string;
  @ApiPropertyOptional({ type: VapiCustomerDto }) customer?: VapiCustomerDto;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) endedAt?: string;
  @ApiPropertyOptional({ example: 'customer-ended-call' }) endedReason?: string;
  @ApiPropertyOptional({ example: 0.4125, description: 'USD' }) cost?: number;
}

export class VapiFunctionCallDto {
  @ApiProperty({ example: 'placeOrder', description: 'One of the tools in src/voice/assistant/tool-definitions.ts' }) name: string;
  @ApiPropertyOptional({
    oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }],
    description: 'The arguments, as an object or as a JSON string',
  })
  arguments?: Record<string, unknown> | string;
}

export class VapiToolCallDto {
  @ApiProperty({ example: 'call_Xk3pQ9vLm2RtY7wZa1BcD4eF', description: 'Echoed as toolCallId in the result' }) id: string;
  @ApiPropertyOptional({ example: 'function' }) type?: string;
  @ApiProperty({ type: VapiFunctionCallDto }) function: VapiFunctionCallDto;
}

export class VapiArtifactDto {
  @ApiPropertyOptional({ description: 'AI:/User: lines' }) transcript?: string;
  @ApiPropertyOptional({ example: 'https://storage.vapi.ai/5f1c2a9e-mono.wav' }) recordingUrl?: string;
  @ApiPropertyOptional() stereoRecordingUrl?: string;
}

export class VapiAnalysisDto {
  @ApiPropertyOptional({ example: 'Caller ordered two margheritas for delivery.' }) summary?: string;
}

export class VapiMessageDto {
  @ApiProperty({
    example: 'tool-calls',
    description:
      'assistant-request (answered with the assistant), tool-calls (answered with results), status-update and ' +
      'end-of-call-report (stored); any other type is acknowledged with {}',
  })
  type: string;
  @ApiPropertyOptional({ example: 1767225600123, description: 'Milliseconds since the epoch' }) timestamp?: number;
  @ApiPropertyOptional({ type: VapiCallDto }) call?: VapiCallDto;
  @ApiPropertyOptional({ type: VapiCustomerDto }) customer?: VapiCustomerDto;
  @ApiPropertyOptional({ type: [VapiToolCallDto], description: 'tool-calls: the calls to run, in order (at most 20)' })
  toolCallList?: VapiToolCallDto[];
  @ApiPropertyOptional({ example: 'in-progress', description: 'status-update: the call status' }) status?: string;
  @ApiPropertyOptional({ example: 'customer-ended-call' }) endedReason?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) startedAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) endedAt?: string;
  @ApiPropertyOptional({ example: 0.4125, description: 'end-of-call-report: the call cost in USD' }) cost?: number;
  @ApiPropertyOptional({ type: VapiArtifactDto }) artifact?: VapiArtifactDto;
  @ApiPropertyOptional({ type: VapiAnalysisDto }) analysis?: VapiAnalysisDto;
}

export class VapiServerMessageDto {
  @ApiProperty({ type: VapiMessageDto }) message: VapiMessageDto;
}

export class VapiToolCallResultDto {
  @ApiProperty({ example: 'getMenu' }) name: string;
  @ApiProperty({ example: 'call_menu_01' }) toolCallId: string;
  @ApiPropertyOptional({ description: 'What the assistant says (success)', example: 'Pizzas: Margherita $14.50.' }) result?: string;
  @ApiPropertyOptional({ description: 'What the assistant says (the tool could not do it)' }) error?: string;
}

/** The answer: `{assistant}` (or `{error}`) to assistant-request, `{results}` to tool-calls, `{}` to everything else. */
export class VapiReplyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "assistant-request: a transient assistant (Vapi's CreateAssistantDTO: model, tools, voice, firstMessage...)",
  })
  assistant?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'assistant-request: spoken to the caller instead when no assistant can be built' })
  error?: string;
  @ApiPropertyOptional({ type: [VapiToolCallResultDto], description: 'tool-calls: one result per call, in order' })
  results?: VapiToolCallResultDto[];
}
