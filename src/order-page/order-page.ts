import { createHash } from 'node:crypto';
import type { OrderDto } from '@/orders/dto/order.dto.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** The page's only style, inline so that the page is one response; allowed by its hash in the CSP, nothing else is. */
const STYLE = `
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f4ef;color:#1d1d1b}
main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem 2rem}
h1{font-size:1.15rem;margin:0 0 .25rem;color:#555}
h2{font-size:1.8rem;margin:0 0 1rem}
.status{display:inline-block;padding:.35rem .8rem;border-radius:999px;font-weight:600;margin:0 0 1rem}
.paid{background:#dff3e4;color:#135c2a}.unpaid{background:#fff2cc;color:#6b4d00}.cancelled{background:#f9dede;color:#7a1616}
.note{margin:0 0 1.25rem}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:.5rem}
td{padding:.6rem .75rem;border-bottom:1px solid #eee;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
.opt{display:block;color:#666;font-size:.9rem}
tr.total td{font-weight:700;border-bottom:0}
`.trim();

/** The Content-Security-Policy of these pages: nothing but the inline style above, no script at all. */
export const ORDER_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

type PaymentShown = { css: string; label: string; note: string };

/** What the customer needs to know about the money, in words. */
function paymentShown(order: OrderDto): PaymentShown {
  if (order.status === 'cancelled') {
    const refund =
      order.paymentStatus === 'refunded'
        ? 'Your payment has been refunded.'
        : order.refund
          ? 'Your payment is being refunded to your card.'
          : 'You have not been charged.';
    return { css: 'cancelled', label: 'Cancelled', note: `This order was cancelled. ${refund}` };
  }
  switch (order.paymentStatus) {
    case 'paid':
      return { css: 'paid', label: 'Paid', note: 'Thank you, your payment went through. We are on it.' };
    case 'refunded':
      return { css: 'paid', label: 'Refunded', note: 'Your payment has been refunded.' };
    case 'unpaid':
      return { css: 'unpaid', label: 'Pay when you collect', note: 'You pay with cash when you get your food.' };
    case 'failed':
      return { css: 'unpaid', label: 'Not paid yet', note: 'The payment did not go through. Please use the link again, or call us.' };
    default:
      return { css: 'unpaid', label: 'Not paid yet', note: 'We have not received your payment yet. It can take a moment to show here.' };
  }
}

function page(restaurant: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(restaurant)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(restaurant)}</h1>
${body}
</main>
</body>
</html>`;
}

/** The order as its customer sees it after Stripe Checkout: number, what they ordered, the total and where it stands. */
export function orderPage(restaurant: string, order: OrderDto): string {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: order.currency });
  const amount = (cents: number) => money.format(cents / 10 ** (money.resolvedOptions().maximumFractionDigits ?? 2));
  const shown = paymentShown(order);
  const lines = order.items
    .map((line) => {
      const options = line.options.map((o) => `<span class="opt">${escapeHtml(o.name)}</span>`).join('');
      const notes = line.notes ? `<span class="opt">${escapeHtml(line.notes)}</span>` : '';
      return `<tr><td>${line.quantity} × ${escapeHtml(line.name)}${options}${notes}</td><td class="n">${amount(line.lineTotalCents)}</td></tr>`;
    })
    .join('\n');
  const extras = [
    order.deliveryFeeCents > 0 ? `<tr><td>Delivery</td><td class="n">${amount(order.deliveryFeeCents)}</td></tr>` : '',
    order.taxCents > 0 ? `<tr><td>Tax</td><td class="n">${amount(order.taxCents)}</td></tr>` : '',
  ].join('');
  return page(
    restaurant,
    `Order ${order.orderNumber}`,
    `<h2>Order ${escapeHtml(order.orderNumber)}</h2>
<p class="status ${shown.css}">${shown.label}</p>
<p class="note">${escapeHtml(shown.note)}</p>
<table>
${lines}
${extras}
<tr class="total"><td>Total</td><td class="n">${amount(order.totalCents)}</td></tr>
</table>`,
  );
}

export function orderNotFoundPage(restaurant: string): string {
  return page(restaurant, 'Order not found', '<h2>Order not found</h2>\n<p class="note">Please check the link, or call us.</p>');
}
