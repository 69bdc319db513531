import { randomUUID } from 'node:crypto';
import type { ExportOrder } from '@/export/export-row.js';

/** The time zone of the export benchmark's business day. */
export const NAIVE_TZ = 'America/Los_Angeles';

/** The order the naive approach appends (and seeds its workbook with), as the worker would write it. */
export const NAIVE_SAMPLE_ORDER: ExportOrder = {
  id: randomUUID(),
  orderNumber: 'B0000001',
  createdAt: new Date(),
  promisedAt: new Date(Date.now() + 30 * 60_000),
  refundedCents: 0,
  customerName: 'Guest',
  customerPhone: '+12065550142',
  channel: 'web',
  fulfillment: 'pickup',
  deliveryAddress: null,
  deliveryFormattedAddress: null,
  items: [
    { name: 'Margherita', quantity: 1, notes: null },
    { name: 'Tiramisu', quantity: 1, notes: null },
  ],
  subtotalCents: 2598,
  deliveryFeeCents: 0,
  taxCents: 266,
  totalCents: 2864,
  currency: 'USD',
  status: 'received',
  paymentStatus: 'unpaid',
};
