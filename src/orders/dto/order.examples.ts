import type { CreateOrderDto } from './create-order.dto.js';
import type { OrderDto, OrderPageDto, QuoteDto } from './order.dto.js';
import type { UpdateStatusDto } from './order-query.dto.js';

/** Bodies for the OpenAPI document's examples (checked against their schemas by `npm run lint:openapi`). */
export const CREATE_ORDER_EXAMPLE: CreateOrderDto = {
  customerName: 'Grace Hopper',
  customerPhone: '+12065550142',
  channel: 'web',
  fulfillment: 'delivery',
  deliveryAddress: '221 Pine St, Seattle, WA 98101',
  paymentMethod: 'card',
  items: [
    {
      menuItemId: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
      quantity: 2,
      options: ['8c3b2e4a-9d5f-4a7b-8b43-5e6f7a8b9ca2', '9d4c3f5b-0e6a-4b8c-9c54-6f7a8b9cadb3'],
      notes: 'Well done',
    },
  ],
  notes: 'Ring the bell twice',
};

const LINES: QuoteDto['items'] = [
  {
    menuItemId: '3f0c5b8e-2a51-4f55-9d2c-1f1f3c6f8a10',
    name: 'Margherita Pizza',
    unitPriceCents: 2150,
    options: [
      { optionId: '8c3b2e4a-9d5f-4a7b-8b43-5e6f7a8b9ca2', group: 'Size', name: 'Large', priceDeltaCents: 500 },
      { optionId: '9d4c3f5b-0e6a-4b8c-9c54-6f7a8b9cadb3', group: 'Toppings', name: 'Extra cheese', priceDeltaCents: 200 },
    ],
    quantity: 2,
    lineTotalCents: 4300,
    notes: 'Well done',
  },
];

const DELIVERY: NonNullable<QuoteDto['delivery']> = {
  address: '221 Pine St, Seattle, WA 98101',
  formattedAddress: '221 Pine St, Seattle, WA 98101, USA',
  lat: 47.6114,
  lng: -122.3381,
  distanceMeters: 380,
  zone: 'Downtown',
};

export const QUOTE_EXAMPLE: QuoteDto = {
  items: LINES,
  fulfillment: 'delivery',
  delivery: DELIVERY,
  subtotalCents: 4300,
  deliveryFeeCents: 299,
  taxCents: 430,
  totalCents: 5029,
  currency: 'USD',
  requestedTime: null,
  promisedAt: '2026-11-25T10:47:00.000-08:00',
};

/** The create response: a card order carries the PaymentIntent's client secret for the app's payment sheet. */
export const ORDER_EXAMPLE: OrderDto = {
  id: '0d9f4c1a-6b2e-4a57-8c3d-5e7f9a1b2c3d',
  orderNumber: 'A-1042',
  status: 'received',
  paymentStatus: 'pending',
  paymentMethod: 'card',
  channel: 'web',
  fulfillment: 'delivery',
  customerName: 'Grace Hopper',
  customerPhone: '+12065550142',
  delivery: DELIVERY,
  items: LINES,
  notes: 'Ring the bell twice',
  subtotalCents: 4300,
  deliveryFeeCents: 299,
  taxCents: 430,
  totalCents: 5029,
  currency: 'USD',
  refundedCents: 0,
  payment: { provider: 'stripe', reference: 'pi_3QxYz2LkdIwHu7ix0s1BcD4e', clientSecret: 'pi_3QxYz2LkdIwHu7ix0s1BcD4e_secret_Xy9' },
  voiceCallId: null,
  refund: null,
  requestedTime: null,
  promisedAt: '2026-11-25T10:47:00.000-08:00',
  prepStartAt: '2026-11-25T10:02:00.000-08:00',
  businessDate: '2026-11-25',
  nextStatuses: ['confirmed', 'cancelled'],
  createdAt: '2026-11-25T18:02:11.000Z',
  updatedAt: '2026-11-25T18:02:11.000Z',
};

/** An order as read back or moved: paid, confirmed, with its history. */
export const CONFIRMED_ORDER_EXAMPLE: OrderDto = {
  ...ORDER_EXAMPLE,
  status: 'confirmed',
  paymentStatus: 'paid',
  payment: { provider: 'stripe', reference: 'pi_3QxYz2LkdIwHu7ix0s1BcD4e' },
  nextStatuses: ['preparing', 'cancelled'],
  history: [
    { kind: 'status', from: null, to: 'received', actor: 'web', note: null, at: '2026-11-25T18:02:11.000Z' },
    {
      kind: 'payment',
      from: 'pending',
      to: 'paid',
      actor: 'stripe',
      note: 'Stripe: payment succeeded [evt_1QxYz3]',
      at: '2026-11-25T18:02:40.000Z',
    },
    { kind: 'status', from: 'received', to: 'confirmed', actor: 'admin-api', note: null, at: '2026-11-25T18:03:05.000Z' },
  ],
  updatedAt: '2026-11-25T18:03:05.000Z',
};

export const ORDER_PAGE_EXAMPLE: OrderPageDto = {
  items: [CONFIRMED_ORDER_EXAMPLE],
  nextCursor: 'MjAyNi0xMS0yNVQxODowMjoxMS4wMDBafDBkOWY0YzFh',
};

export const UPDATE_STATUS_EXAMPLE: UpdateStatusDto = { status: 'confirmed' };
