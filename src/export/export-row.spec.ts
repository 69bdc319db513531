import { describeItems, EXPORT_HEADER, ExportOrder, moneyFormat, safeText, toExportRow, wallClock } from './export-row.js';
import { centsToMajor } from '@/common/money.js';

const order: ExportOrder = {
  id: '7b7a3a52-4c1e-4b0e-9d51-1f7f1d0c1a11',
  orderNumber: 'A-1001',
  createdAt: new Date('2025-11-28T03:30:00Z'),
  customerName: 'Grace Hopper',
  customerPhone: '+12065550142',
  channel: 'voice',
  fulfillment: 'delivery',
  deliveryAddress: '221 pine',
  deliveryFormattedAddress: '221 Pine St, Seattle, WA 98101, USA',
  items: [
    { name: 'Margherita', quantity: 2, notes: null },
    { name: 'Tiramisu', quantity: 1, notes: 'extra cocoa' },
  ],
  subtotalCents: 3097,
  deliveryFeeCents: 499,
  taxCents: 317,
  totalCents: 3913,
  currency: 'USD',
  status: 'out_for_delivery',
  paymentStatus: 'paid',
  promisedAt: new Date('2025-11-28T04:15:00Z'),
  refundedCents: 500,
};

describe('export row mapping', () => {
  it('maps an order to one row in header order', () => {
    const row = toExportRow(order, 'America/Los_Angeles');
    expect(row).toHaveLength(EXPORT_HEADER.length);
    expect(Object.fromEntries(EXPORT_HEADER.map((h, i) => [h, row[i]]))).toEqual({
      'Order ID': order.id,
      'Order Number': 'A-1001',
      'Created At': new Date(Date.UTC(2025, 10, 27, 19, 30, 0)),
      Customer: 'Grace Hopper',
      Phone: '+12065550142',
      Channel: 'voice',
      Fulfillment: 'delivery',
      Address: '221 Pine St, Seattle, WA 98101, USA',
      Items: '2 x Margherita; 1 x Tiramisu (extra cocoa)',
      Subtotal: 30.97,
      'Delivery Fee': 4.99,
      Tax: 3.17,
      Total: 39.13,
      Currency: 'USD',
      Status: 'out_for_delivery',
      'Payment Status': 'paid',
      'Promised For': new Date(Date.UTC(2025, 10, 27, 20, 15, 0)),
      Refunded: 5,
    });
  });

  it('leaves Promised For empty for an order placed before promised times', () => {
    expect(toExportRow({ ...order, promisedAt: null }, 'UTC').at(-2)).toBe('');
  });

  it('falls back to the address as given, and to nothing for pickup', () => {
    expect(toExportRow({ ...order, deliveryFormattedAddress: null }, 'UTC')[7]).toBe('221 pine');
    expect(toExportRow({ ...order, fulfillment: 'pickup', deliveryAddress: null, deliveryFormattedAddress: null }, 'UTC')[7]).toBe('');
  });

  it('shows created-at as the restaurant wall clock, across DST', () => {
    expect(wallClock(new Date('2025-07-01T12:00:00Z'), 'America/Los_Angeles')).toEqual(new Date('2025-07-01T05:00:00Z'));
    expect(wallClock(new Date('2025-01-01T12:00:00Z'), 'America/Los_Angeles')).toEqual(new Date('2025-01-01T04:00:00Z'));
    expect(wallClock(new Date('2025-01-01T00:00:00Z'), 'Asia/Tokyo')).toEqual(new Date('2025-01-01T09:00:00Z'));
  });

  it('writes money as major-unit numbers that sum exactly, zero-decimal currencies included', () => {
    expect(centsToMajor(1999, 'USD')).toBe(19.99);
    expect(centsToMajor(1, 'EUR')).toBe(0.01);
    expect(centsToMajor(1500, 'JPY')).toBe(1500);
    expect(moneyFormat('USD')).toBe('0.00');
    expect(moneyFormat('JPY')).toBe('0');
    const row = toExportRow({ ...order, currency: 'JPY', totalCents: 4200 }, 'UTC');
    expect(row[12]).toBe(4200);
    expect(row[13]).toBe('JPY');
  });

  it('never lets customer text start a formula, and drops characters XML forbids', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(safeText(`${start}SUM(A1)`)).toBe(`'${start}SUM(A1)`);
    expect(safeText('Ada = Countess')).toBe('Ada = Countess');
    expect(safeText('Bad\u0000Name\u0007')).toBe('BadName');
    expect(safeText(null)).toBe('');
    const row = toExportRow({ ...order, customerName: '=cmd|"/c calc"!A1', items: [{ name: 'Pizza', quantity: 1, notes: '@x' }] }, 'UTC');
    expect(row[3]).toBe(`'=cmd|"/c calc"!A1`);
    expect(row[8]).toBe('1 x Pizza (@x)');
    // A phone in E.164 is data: kept exactly as stored.
    expect(row[4]).toBe('+12065550142');
    expect(toExportRow({ ...order, customerPhone: '=1+1' }, 'UTC')[4]).toBe(`'=1+1`);
  });

  it('describes items in order with notes', () => {
    expect(describeItems([])).toBe('');
    expect(describeItems(order.items)).toBe('2 x Margherita; 1 x Tiramisu (extra cocoa)');
  });

  it("lists each line's options, as ordered, between the dish and its notes", () => {
    const options = [
      { optionId: 'a', group: 'Size', name: 'Large', priceDeltaCents: 500 },
      { optionId: 'b', group: 'Toppings', name: 'Extra cheese', priceDeltaCents: 200 },
    ];
    expect(
      describeItems([
        { name: 'Margherita Pizza', quantity: 2, notes: 'well done', options },
        { name: 'Tiramisu', quantity: 1, notes: null, options: [] },
      ]),
    ).toBe('2 x Margherita Pizza [Large · Extra cheese] (well done); 1 x Tiramisu');
  });
});
