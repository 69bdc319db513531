import type { Vapi } from '@vapi-ai/server-sdk';
import { TOOL_NAMES } from '@/voice/assistant/tool-definitions.js';
import type { VapiMessageOf, VapiMessageType, VapiResponses } from '@/voice/vapi.types.js';
import { api, type ApiClient } from './support/api.js';
import { createTestApp, TestApp } from './support/test-app.js';
import { VAPI_TEST_SECRET, VOICE_TEST_ENV } from './support/vapi.js';
import { compilePasted, type PastedValue } from './support/vapi-typecheck.js';

/**
 * Conformance with Vapi's server SDK (`@vapi-ai/server-sdk`): one message of every server message type the SDK
 * defines, each typed by the SDK, sent through the API's typed client (so the document must accept what Vapi
 * sends), answered 200, and the answer compiled with `tsc --strict` as the SDK's response type for that message.
 * A new SDK version that adds a message type or changes a shape breaks the build of this file.
 *
 * How soon the answers come is not asserted here (no timed assertions): `npm run bench` measures the webhook's
 * latency (bench/run.mjs, measureVoice), against Vapi's limit of 7.5 s for assistant-request.
 */

const NOW = '2026-03-06T19:30:00.000Z';
const CALLER = '+12065550142';
const call: Vapi.Call = {
  id: 'conformance-call',
  orgId: 'org-conformance',
  createdAt: NOW,
  updatedAt: NOW,
  type: 'inboundPhoneCall',
  status: 'in-progress',
  customer: { number: CALLER },
};
const common = { timestamp: Date.parse(NOW), call, customer: { number: CALLER } };
const menuCall: Vapi.ToolCall = {
  id: 'call_conformance_menu',
  type: 'function',
  function: { name: 'getMenu', arguments: JSON.stringify({ category: 'Desserts' }) },
};
const chat: Vapi.Chat = { id: 'chat-conformance', orgId: 'org-conformance', createdAt: NOW, updatedAt: NOW };
const session: Vapi.Session = { id: 'session-conformance', orgId: 'org-conformance', createdAt: NOW, updatedAt: NOW };
const conversation: Vapi.OpenAiMessage[] = [
  { role: 'assistant', content: 'Thanks for calling Test Trattoria! Pickup or delivery?' },
  { role: 'user', content: 'Do you have anything gluten free?' },
];

/** One message of each server message type of the SDK: a type it adds is a missing key here, a shape it changes a type error. */
const MESSAGES: { [T in VapiMessageType]: VapiMessageOf<T> } = {
  'assistant-request': { ...common, type: 'assistant-request', call: { ...call, status: 'ringing' } },
  'conversation-update': { ...common, type: 'conversation-update', messagesOpenAIFormatted: conversation },
  'end-of-call-report': {
    ...common,
    type: 'end-of-call-report',
    endedReason: 'assistant-ended-call',
    startedAt: NOW,
    endedAt: '2026-03-06T19:34:10.000Z',
    cost: 0.31,
    call: { ...call, status: 'ended' },
    artifact: {
      transcript: 'AI: Thanks for calling!\nUser: Two tiramisu please.',
      recordingUrl: 'https://storage.vapi.ai/conformance.wav',
    },
    analysis: { summary: 'Caller asked about desserts.' },
  },
  'handoff-destination-request': { ...common, type: 'handoff-destination-request', parameters: { destination: 'manager' } },
  hang: { ...common, type: 'hang' },
  'knowledge-base-request': { ...common, type: 'knowledge-base-request', messagesOpenAIFormatted: conversation },
  'model-output': { ...common, type: 'model-output', output: { content: 'We have a Caprese Salad.' } },
  'phone-call-control': { ...common, type: 'phone-call-control', request: 'hang-up' },
  'speech-update': { ...common, type: 'speech-update', status: 'started', role: 'assistant' },
  'status-update': { ...common, type: 'status-update', status: 'in-progress' },
  'tool-calls': {
    ...common,
    type: 'tool-calls',
    toolCallList: [menuCall],
    toolWithToolCallList: [{ type: 'function', function: { name: 'getMenu' }, toolCall: menuCall }],
  },
  'transfer-destination-request': { ...common, type: 'transfer-destination-request' },
  'transfer-update': { ...common, type: 'transfer-update' },
  transcript: { ...common, type: 'transcript', role: 'user', transcriptType: 'partial', transcript: 'Two tira' },
  'transcript[transcriptType="final"]': {
    ...common,
    type: 'transcript[transcriptType="final"]',
    role: 'user',
    transcriptType: 'final',
    transcript: 'Two tiramisu please.',
  },
  'user-interrupted': { ...common, type: 'user-interrupted' },
  'language-change-detected': { ...common, type: 'language-change-detected', language: 'es' },
  'voice-input': { ...common, type: 'voice-input', input: 'Your total is $17.00.' },
  'assistant.speechStarted': { ...common, type: 'assistant.speechStarted', text: 'Your total is $17.00.' },
  'voice-request': { ...common, type: 'voice-request', text: 'Your total is $17.00.', sampleRate: 24000 },
  'call.endpointing.request': { ...common, type: 'call.endpointing.request', messagesOpenAIFormatted: conversation },
  'chat.created': { ...common, type: 'chat.created', chat },
  'chat.deleted': { ...common, type: 'chat.deleted', chat },
  'session.created': { ...common, type: 'session.created', session },
  'session.updated': { ...common, type: 'session.updated', session },
  'session.deleted': { ...common, type: 'session.deleted', session },
  'call.deleted': { ...common, type: 'call.deleted' },
  'call.delete.failed': { ...common, type: 'call.delete.failed' },
  'call.artifact.upload': { ...common, type: 'call.artifact.upload', artifacts: [{ type: 'end-of-call-report', success: true }] },
  'campaign.predial': {
    ...common,
    type: 'campaign.predial',
    campaignId: 'campaign-conformance',
    contact: { id: 'contact-1', campaignId: 'campaign-conformance', orgId: 'org-conformance', number: CALLER, createdAt: NOW },
  },
};

/** The SDK's name of the response type of each message that has one; the pasted replies are declared with it. */
const RESPONSE_TYPES: { [T in keyof VapiResponses]: `Vapi.ServerMessageResponse${string}` } = {
  'assistant-request': 'Vapi.ServerMessageResponseAssistantRequest',
  'tool-calls': 'Vapi.ServerMessageResponseToolCalls',
  'handoff-destination-request': 'Vapi.ServerMessageResponseHandoffDestinationRequest',
  'knowledge-base-request': 'Vapi.ServerMessageResponseKnowledgeBaseRequest',
  'transfer-destination-request': 'Vapi.ServerMessageResponseTransferDestinationRequest',
  'call.endpointing.request': 'Vapi.ServerMessageResponseCallEndpointingRequest',
  'campaign.predial': 'Vapi.ServerMessageResponseCampaignPredial',
  'voice-request': 'Vapi.ServerMessageResponseVoiceRequest',
};
/** A message without a response type in the SDK is acknowledged: a 2xx with nothing Vapi reads, `{}` here. */
const ACKNOWLEDGEMENT = 'Record<string, never>';

const identifier = (type: string) => `reply_${type.replace(/[^A-Za-z0-9]/g, '_')}`;

describe("Vapi server messages: every type of Vapi's SDK, answered as the SDK types the answer", () => {
  let t: TestApp;
  let vapi: ApiClient;
  /** The JSON answer to each message type, as received. */
  const replies = new Map<VapiMessageType, unknown>();

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        ...VOICE_TEST_ENV,
        VAPI_HMAC_SECRET: '',
      },
    });
    vapi = api(t.url, { headers: { 'X-Vapi-Secret': VAPI_TEST_SECRET } });
  });
  afterAll(() => t.close());

  it.each(Object.keys(MESSAGES) as VapiMessageType[])('%s is answered 200', async (type) => {
    // Typed as the SDK's union, as Vapi sends it: the body must fit the document's VapiServerMessageDto.
    const message: Vapi.ServerMessageMessage = MESSAGES[type];
    if (type === 'voice-request') {
      // The SDK: "The expected response is 1-channel 16-bit raw PCM audio", not its { data } schema. No voice is ours: none.
      const { data, response } = await vapi.POST('/webhook/vapi', { body: { message }, parseAs: 'arrayBuffer' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(data instanceof ArrayBuffer ? data.byteLength : 0).toBe(0);
      return;
    }
    const { data, response } = await vapi.POST('/webhook/vapi', { body: { message } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    replies.set(type, data);
  });

  it('answers what each request expects', () => {
    const assistant = replies.get('assistant-request') as VapiResponses['assistant-request'];
    const tools = assistant.assistant?.model?.tools ?? [];
    expect(tools.map((tool) => (tool.type === 'function' ? tool.function?.name : tool.type))).toEqual([
      ...TOOL_NAMES,
      'transferCall',
      'endCall',
    ]);
    expect(replies.get('tool-calls')).toEqual({
      results: [{ name: 'getMenu', toolCallId: 'call_conformance_menu', result: 'Desserts: Tiramisu $8.50, Cannoli $7.00.' }],
    });
    expect(replies.get('handoff-destination-request')).toEqual({ destination: {}, error: 'This assistant does not hand calls off.' });
    expect(replies.get('transfer-destination-request')).toEqual({
      destination: {
        type: 'number',
        number: VOICE_TEST_ENV.RESTAURANT_PHONE,
        message: 'One moment, I am putting you through to the restaurant.',
        description: 'The restaurant, for a caller who asks for a person or needs what the assistant cannot do',
      },
    });
    expect(replies.get('knowledge-base-request')).toEqual({ documents: [] });
    expect(replies.get('call.endpointing.request')).toEqual({ timeoutSeconds: 0.5 });
    expect(replies.get('campaign.predial')).toEqual({ eligible: false });
    const acknowledged = [...replies].filter(([type]) => !(type in RESPONSE_TYPES));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [type, reply] of acknowledged) expect({ type, reply }).toEqual({ type, reply: {} });
  });

  it("every answer, pasted into a file as the SDK's response type, compiles with tsc --strict (and a wrong one does not)", () => {
    const answered = Object.keys(MESSAGES).length - 1; // voice-request is answered with audio
    expect(replies.size).toBe(answered);
    const pasted: PastedValue[] = [...replies].map(([type, value]) => ({
      name: identifier(type),
      type: type in RESPONSE_TYPES ? RESPONSE_TYPES[type as keyof VapiResponses] : ACKNOWLEDGEMENT,
      value,
    }));
    // Positive controls: the assistant as this server sent it before it followed the SDK (the deprecated
    // endCallFunctionEnabled; maxLength in a tool's parameters), and a tool result without its name.
    const before = () => structuredClone(replies.get('assistant-request')) as { assistant: Vapi.CreateAssistantDto };
    const deprecated = before();
    Object.assign(deprecated.assistant, { endCallFunctionEnabled: true });
    const limits = before();
    const getMenu = limits.assistant.model?.tools?.[0];
    if (getMenu?.type !== 'function' || !getMenu.function?.parameters) throw new Error('getMenu is the first tool');
    Object.assign(getMenu.function.parameters.properties.category, { maxLength: 60 });
    pasted.push(
      { name: 'control_deprecated_field', type: RESPONSE_TYPES['assistant-request'], value: deprecated },
      { name: 'control_max_length', type: RESPONSE_TYPES['assistant-request'], value: limits },
      { name: 'control_result_without_name', type: RESPONSE_TYPES['tool-calls'], value: { results: [{ toolCallId: 'x', result: 'y' }] } },
    );
    const problems = compilePasted(pasted);
    expect(problems.filter((p) => !p.name.startsWith('control_'))).toEqual([]);
    expect(problems.map((p) => p.name).sort()).toEqual(['control_deprecated_field', 'control_max_length', 'control_result_without_name']);
    const complaint = (name: string) => problems.find((p) => p.name === name)?.message;
    expect(complaint('control_deprecated_field')).toMatch(/endCallFunctionEnabled.* does not exist in type 'CreateAssistantDto'/);
    expect(complaint('control_max_length')).toMatch(/maxLength.* does not exist in type 'JsonSchema'/);
  });
});
