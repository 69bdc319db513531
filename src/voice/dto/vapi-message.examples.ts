/** Vapi server messages and our answers for the OpenAPI document (shaped as test/fixtures/vapi). */
const CALL = {
  id: '5f1c2a9e-7d3b-4e11-9a0c-2b8f6d4e9a10',
  type: 'inboundPhoneCall',
  status: 'in-progress',
  customer: { number: '+12065550142' },
};

export const VAPI_MESSAGE_EXAMPLES = {
  assistantRequest: {
    summary: 'assistant-request: a call comes in',
    value: {
      message: { type: 'assistant-request', timestamp: 1767225599000, call: { ...CALL, status: 'ringing' }, customer: CALL.customer },
    },
  },
  toolCalls: {
    summary: 'tool-calls: the assistant places the order',
    value: {
      message: {
        type: 'tool-calls',
        timestamp: 1767225600123,
        call: CALL,
        customer: CALL.customer,
        toolCallList: [
          {
            id: 'call_Xk3pQ9vLm2RtY7wZa1BcD4eF',
            type: 'function',
            function: {
              name: 'placeOrder',
              arguments: {
                customerName: 'Grace',
                fulfillment: 'delivery',
                deliveryAddress: '221 Pine St, Seattle, WA 98101',
                paymentMethod: 'cash',
                items: [{ name: 'margherita pizza', quantity: 2 }],
              },
            },
          },
        ],
      },
    },
  },
  toolCallsFlattened: {
    summary: "tool-calls in the flattened shape of Vapi's server-events page: {id, name, parameters}",
    value: {
      message: {
        type: 'tool-calls',
        timestamp: 1767225600456,
        call: CALL,
        toolCallList: [{ id: 'call_menu_01', name: 'getMenu', parameters: { category: 'Pizzas' } }],
      },
    },
  },
  statusUpdate: {
    summary: 'status-update',
    value: { message: { type: 'status-update', timestamp: 1767225601000, status: 'in-progress', call: CALL } },
  },
  endOfCallReport: {
    summary: 'end-of-call-report: transcript, summary, recording, cost',
    value: {
      message: {
        type: 'end-of-call-report',
        timestamp: 1767225912000,
        endedReason: 'customer-ended-call',
        startedAt: '2026-01-01T00:00:01.000Z',
        endedAt: '2026-01-01T00:05:11.000Z',
        cost: 0.4125,
        call: { ...CALL, status: 'ended' },
        artifact: {
          transcript: 'AI: Thanks for calling, pickup or delivery?\nUser: Delivery, two margheritas.',
          recordingUrl: 'https://storage.vapi.ai/5f1c2a9e-mono.wav',
        },
        analysis: { summary: 'Caller ordered two margheritas for delivery.' },
      },
    },
  },
};

export const VAPI_REPLY_EXAMPLES = {
  assistant: {
    summary: 'assistant-request: the assistant for this call',
    value: {
      assistant: {
        name: "Luigi's Trattoria orders",
        firstMessage: "Thanks for calling Luigi's Trattoria! Would you like to place an order for pickup or delivery?",
        model: {
          provider: 'openai',
          model: 'gpt-4o-mini',
          messages: [{ role: 'system', content: 'You take phone orders...' }],
          tools: [
            { type: 'function', function: { name: 'getMenu', parameters: { type: 'object', properties: {} } } },
            { type: 'transferCall', destinations: [] },
            { type: 'endCall' },
          ],
        },
        voice: { provider: 'vapi', voiceId: 'Elliot' },
      },
    },
  },
  results: {
    summary: 'tool-calls: one result per call',
    value: {
      results: [
        {
          name: 'placeOrder',
          toolCallId: 'call_Xk3pQ9vLm2RtY7wZa1BcD4eF',
          result: 'Your order A 1 0 4 2 is placed: two Margherita Pizzas, total $35.27.',
        },
      ],
    },
  },
  unreadableToolCalls: {
    summary: 'tool-calls whose list cannot be read: the assistant is asked to call again (never a 4xx)',
    value: { results: [], error: 'This tool call could not be read; please call the tool again.' },
  },
  transfer: {
    summary: 'transfer-destination-request: the restaurant (RESTAURANT_PHONE), and what the caller hears meanwhile',
    value: {
      destination: {
        type: 'number',
        number: '+12065550100',
        message: 'One moment, I am putting you through to the restaurant.',
        description: 'The restaurant, for a caller who asks for a person or needs what the assistant cannot do',
      },
    },
  },
  transferRefused: {
    summary: 'transfer-destination-request where RESTAURANT_PHONE is not set (development only)',
    value: { error: 'This line has no restaurant phone to transfer to (RESTAURANT_PHONE is not set).' },
  },
  predial: { summary: 'campaign.predial: this server places no outbound calls', value: { eligible: false } },
  acknowledged: { summary: "status-update, end-of-call-report and any other type without an answer in Vapi's SDK", value: {} },
};
