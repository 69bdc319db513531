import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What Vapi sends to the server URL (`ServerMessage*` in Vapi's server SDK), as far as this service reads it: the
 * documentation of `POST /webhook/vapi`. Vapi sends more fields than these; they are accepted and ignored. Every
 * message the SDK types must fit this schema (test/voice-conformance.e2e-spec.ts sends each one through the typed
 * client generated from it). The handler reads the body as `unknown` and checks every field on use (vapi.types.ts).
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

/** Arguments as an object or a JSON string (a fresh object each time: the decorators keep what they get). */
const argumentsOneOf = () => ({ oneOf: [{ type: 'object', additionalProperties: true }, { type: 'string' }] });

export class VapiFunctionCallDto {
  @ApiProperty({ example: 'placeOrder', description: 'One of the tools in src/voice/assistant/tool-definitions.ts' }) name: string;
  @ApiPropertyOptional({ ...argumentsOneOf(), description: "The arguments, as a JSON string (Vapi's SDK) or an object (Vapi's examples)" })
  arguments?: Record<string, unknown> | string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The arguments, in older senders' })
  parameters?: Record<string, unknown>;
}

/**
 * One tool call: `{id, type, function: {name, arguments}}` as Vapi's SDK types it, or flattened to
 * `{id, name, parameters}` as Vapi's server-events page shows it.
 */
export class VapiToolCallDto {
  @ApiProperty({ example: 'call_Xk3pQ9vLm2RtY7wZa1BcD4eF', description: 'Echoed as toolCallId in the result' }) id: string;
  @ApiPropertyOptional({ example: 'function' }) type?: string;
  @ApiPropertyOptional({ type: VapiFunctionCallDto, description: 'The call, in the shape of the SDK' }) function?: VapiFunctionCallDto;
  @ApiPropertyOptional({ example: 'getMenu', description: 'The tool name, in the flattened shape' }) name?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { category: 'Pizzas' },
    description: 'The arguments, in the flattened shape',
  })
  parameters?: Record<string, unknown>;
  @ApiPropertyOptional({ ...argumentsOneOf(), description: 'The arguments, in the flattened shape of older senders' })
  arguments?: Record<string, unknown> | string;
}

/** An entry of the SDK's `toolWithToolCallList`: the tool that runs (as the assistant defines it) and its call. */
export class VapiToolWithToolCallDto {
  @ApiPropertyOptional({ example: 'function' }) type?: string;
  @ApiProperty({ type: VapiToolCallDto }) toolCall: VapiToolCallDto;
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
  @ApiPropertyOptional({
    example: 'tool-calls',
    description:
      "Every server message type of Vapi's SDK is answered: assistant-request (the assistant), tool-calls (the results), " +
      'status-update and end-of-call-report (stored, then acknowledged with {}), handoff-destination-request, ' +
      'transfer-destination-request, knowledge-base-request, call.endpointing.request and campaign.predial (the answer ' +
      "each one expects), voice-request (no audio); any other type is acknowledged with {}. Vapi's SDK leaves the type " +
      'optional on tool-calls alone: a message with a tool call list and no type is a tool-calls; any other message ' +
      'without a type is refused (400).',
  })
  type?: string;
  @ApiPropertyOptional({ example: 1767225600123, description: 'Milliseconds since the epoch' }) timestamp?: number;
  @ApiPropertyOptional({ type: VapiCallDto }) call?: VapiCallDto;
  @ApiPropertyOptional({ type: VapiCustomerDto }) customer?: VapiCustomerDto;
  @ApiPropertyOptional({
    type: [VapiToolCallDto],
    description: 'tool-calls: the calls to run, in order (the first 20; any beyond are answered with a request to call again)',
  })
  toolCallList?: VapiToolCallDto[];
  @ApiPropertyOptional({ type: [VapiToolCallDto], description: 'tool-calls: an alias of toolCallList, read when toolCallList is absent' })
  toolCalls?: VapiToolCallDto[];
  @ApiPropertyOptional({
    type: [VapiToolWithToolCallDto],
    description: 'tool-calls: the same calls with their tools; their toolCall is read when neither list above is there',
  })
  toolWithToolCallList?: VapiToolWithToolCallDto[];
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

/**
 * The answer, typed in the code as the SDK's response to each message (`ServerMessageResponse*`, vapi.types.ts):
 * `{assistant}` (or `{error}`) to assistant-request, `{results}` to tool-calls, the fields below to the other
 * requests, `{}` to everything else.
 */
export class VapiReplyDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "assistant-request: a transient assistant (Vapi's CreateAssistantDto: model with the system prompt and the tools, " +
      'among them transferCall and endCall; voice, firstMessage, server, serverMessages)',
  })
  assistant?: Record<string, unknown>;
  @ApiPropertyOptional({
    description:
      'Why it is not done: assistant-request (spoken to the caller when no assistant can be built), tool-calls (the tool ' +
      'calls could not be read), handoff-destination-request (refused), transfer-destination-request (no RESTAURANT_PHONE)',
  })
  error?: string;
  @ApiPropertyOptional({ type: [VapiToolCallResultDto], description: 'tool-calls: one result per call, in order' })
  results?: VapiToolCallResultDto[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "transfer-destination-request: Vapi's TransferDestinationNumber for RESTAURANT_PHONE ({type: number, number, message}); " +
      'handoff-destination-request: none ({}), with error',
  })
  destination?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'knowledge-base-request: none (the prompt carries what the assistant knows)',
  })
  documents?: Record<string, unknown>[];
  @ApiPropertyOptional({ example: 0.5, description: 'call.endpointing.request: seconds of silence before the caller has finished' })
  timeoutSeconds?: number;
  @ApiPropertyOptional({ example: false, description: 'campaign.predial: always false, this server places no outbound calls' })
  eligible?: boolean;
}
