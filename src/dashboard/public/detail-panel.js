/*
 * An order's detail, in the drawer a card opens (`#order=<id>`): its promise, customer, pickup or delivery, the
 * priced items, payment and refund, the phone call behind it and its history. Drawn again when the order changes.
 */
import { dueView } from './board-time.js';
import { $, ago, api, clock, dateTime, distance, el, money, present, priceDelta, state, toast } from './common.js';
import { optionsLine } from './menu-panel.js';
import { CHANNEL_LABEL, customerText, paymentText, REFUND_LABEL, REFUND_RETRYABLE, renderActions, STATUS_LABEL } from './order-labels.js';

function section(title, children) {
  return el('section', { class: 'detail-section' }, [el('h3', { text: title }), ...children]);
}

function row(label, value) {
  if (value === null || value === undefined || value === '') return null;
  return el('div', { class: 'kv' }, [el('span', { class: 'k', text: label }), el('span', { class: 'v' }, value)]);
}

export async function openDetail(id, pushHash) {
  state.detailId = id;
  if (pushHash !== false && location.hash !== `#order=${id}`) history.replaceState(null, '', `#order=${id}`);
  let detail;
  try {
    detail = await api(`/dashboard/api/orders/${id}`);
  } catch (err) {
    toast(`Could not open the order: ${err.message}`);
    return;
  }
  if (state.detailId !== id) return;
  const o = detail.order;
  // A different order starts at its top; a live refresh of the same one keeps the reader's place.
  const body = $('detail-body');
  const fresh = $('detail').hidden || body.dataset.shown !== id;
  body.dataset.shown = id;
  $('detail-title').textContent = `Order ${o.orderNumber}`;
  body.replaceChildren(
    ...present([
      el('div', { class: 'detail-status', 'data-detail-order-id': o.id }, [
        el('span', { class: `status-pill st-${o.status}`, text: STATUS_LABEL[o.status] }),
        el('span', { class: 'muted', text: `placed ${dateTime(o.createdAt)} · ${ago(o.createdAt)}` }),
        renderActions(o),
      ]),
      section('Customer', [
        row('Name', customerText(o)),
        o.customerPhone ? row('Phone', el('a', { href: `tel:${o.customerPhone}`, text: o.customerPhone })) : null,
        row('Channel', CHANNEL_LABEL[o.channel] || o.channel),
      ]),
      o.promisedAt ? section('Time', timeRows(o)) : null,
      section(
        o.fulfillment === 'delivery' ? 'Delivery' : 'Pickup',
        o.delivery
          ? [
              row('Address', o.delivery.formattedAddress || o.delivery.address),
              o.delivery.formattedAddress && o.delivery.formattedAddress !== o.delivery.address
                ? row('As given', o.delivery.address)
                : null,
              row('Distance', distance(o.delivery.distanceMeters) || 'not measured'),
              row('Zone', o.delivery.zone),
              row('Delivery fee', money(o.deliveryFeeCents, o.currency)),
            ]
          : [el('p', { text: 'Customer collects the order.' })],
      ),
      section('Items', [
        el('table', { class: 'items-table' }, [
          el(
            'tbody',
            {},
            o.items.map((i) =>
              el('tr', {}, [
                el('td', { class: 'qty', text: `${i.quantity}×` }),
                el('td', {}, [
                  el('span', { class: 'item-name', text: i.name }),
                  optionsLine(i),
                  i.options && i.options.some((opt) => opt.priceDeltaCents)
                    ? el('div', {
                        class: 'item-price muted',
                        text: `${money(i.unitPriceCents, o.currency)} each: ${i.options
                          .filter((opt) => opt.priceDeltaCents)
                          .map((opt) => `${opt.name} ${priceDelta(opt.priceDeltaCents, o.currency)}`)
                          .join(', ')}`,
                      })
                    : null,
                  i.notes ? el('div', { class: 'item-note', text: i.notes }) : null,
                ]),
                el('td', { class: 'num-cell', text: money(i.lineTotalCents, o.currency) }),
              ]),
            ),
          ),
          el('tfoot', {}, [
            el('tr', {}, [
              el('td'),
              el('td', { text: 'Subtotal' }),
              el('td', { class: 'num-cell', text: money(o.subtotalCents, o.currency) }),
            ]),
            o.deliveryFeeCents
              ? el('tr', {}, [
                  el('td'),
                  el('td', { text: 'Delivery fee' }),
                  el('td', { class: 'num-cell', text: money(o.deliveryFeeCents, o.currency) }),
                ])
              : null,
            el('tr', {}, [el('td'), el('td', { text: 'Tax' }), el('td', { class: 'num-cell', text: money(o.taxCents, o.currency) })]),
            el('tr', { class: 'grand' }, [
              el('td'),
              el('td', { text: 'Total' }),
              el('td', { class: 'num-cell', text: money(o.totalCents, o.currency) }),
            ]),
          ]),
        ]),
        o.notes ? el('div', { class: 'order-note', text: o.notes }) : null,
      ]),
      section('Payment', [
        row('Status', el('span', { class: `tag pay-${o.paymentStatus}`, text: paymentText(o) })),
        row('Method', o.paymentMethod === 'card' ? 'Card' : 'Cash'),
        o.payment.provider !== 'none' ? row('Provider', o.payment.provider) : null,
        row('Reference', o.payment.reference),
        o.payment.checkoutUrl
          ? row('Payment link', el('a', { href: o.payment.checkoutUrl, target: '_blank', rel: 'noopener noreferrer', text: 'open' }))
          : null,
        o.refundedCents ? row('Refunded', `${money(o.refundedCents, o.currency)} of ${money(o.totalCents, o.currency)}`) : null,
        ...renderRefund(o),
        renderStaffRefund(o),
      ]),
      o.channel === 'voice' || o.voiceCallId ? renderCall(detail) : null,
      section('History', [
        el(
          'ol',
          { class: 'history' },
          (o.history || []).map((h) =>
            el('li', {}, [
              el('span', { class: 'when', text: clock(h.at) }),
              el('span', {
                text:
                  h.kind === 'payment'
                    ? `Payment ${h.from ? `${h.from} → ` : ''}${h.to}`
                    : h.kind === 'refund'
                      ? `Refund ${h.from ? `${h.from} → ` : ''}${h.to}`
                      : h.from
                        ? `${STATUS_LABEL[h.from] || h.from} → ${STATUS_LABEL[h.to] || h.to}`
                        : `Placed (${STATUS_LABEL[h.to] || h.to})`,
              }),
              el('span', { class: 'muted', text: ` by ${h.actor}` }),
              h.note ? el('div', { class: 'muted', text: h.note }) : null,
            ]),
          ),
        ),
      ]),
    ]),
  );
  $('detail').hidden = false;
  $('detail-backdrop').hidden = false;
  if (fresh) body.scrollTop = 0;
}

/** The promise in the detail: when, how long from now, and for a pre-order when the kitchen starts it. */
function timeRows(o) {
  const when = (iso) => (o.businessDate === state.session.today ? clock(iso) : dateTime(iso));
  const view = dueView(o);
  return [
    row(
      o.fulfillment === 'delivery' ? 'At the door by' : 'Ready by',
      el('span', {}, [el('b', { text: when(o.promisedAt) }), ['due', 'soon', 'late'].includes(view.tone) ? ` · ${view.text}` : '']),
    ),
    o.requestedTime ? row('Pre-order', `the customer asked for ${when(o.requestedTime)}`) : null,
    o.prepStartAt && o.requestedTime ? row('Kitchen starts', when(o.prepStartAt)) : null,
  ];
}

function renderRefund(o) {
  const refund = o.refund;
  if (!refund) return [];
  return [
    row(
      'Refund',
      el('span', { class: `tag refund-${refund.status}`, 'data-refund-status': refund.status, text: REFUND_LABEL[refund.status] }),
    ),
    row('Refund attempts', refund.attempts ? String(refund.attempts) : null),
    refund.status !== 'succeeded' ? row('Last error', refund.lastError) : null,
    row('Next attempt', refund.nextAttemptAt ? `${dateTime(refund.nextAttemptAt)} (${clock(refund.nextAttemptAt)})` : null),
    REFUND_RETRYABLE.includes(refund.status)
      ? el('div', { class: 'actions' }, [
          el('button', {
            type: 'button',
            class: 'act primary refund-retry owner-only',
            'data-refund-order-id': o.id,
            text: 'Retry refund now',
          }),
        ])
      : null,
  ];
}

/** Minor units per major unit, as common.js `money` counts them. */
function minorPerMajor(currency) {
  return ['JPY', 'KRW', 'VND', 'CLP'].includes(currency) ? 1 : 100;
}

/**
 * A version 4 uuid. crypto.randomUUID exists only on secure pages, and a kitchen tablet may open the board over plain
 * http on the shop's network; getRandomValues works on every page.
 */
function newRequestId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Staff giving part or all of a card payment back, with a reason (POST /dashboard/api/orders/:id/refunds). */
function renderStaffRefund(o) {
  const refundable = o.paymentMethod === 'card' && ['paid', 'partially_refunded'].includes(o.paymentStatus) && !o.refund;
  if (!refundable) return null;
  const left = o.totalCents - (o.refundedCents || 0);
  const amount = el('input', {
    name: 'amount',
    type: 'number',
    min: '0.01',
    step: '0.01',
    inputMode: 'decimal',
    placeholder: `${(left / minorPerMajor(o.currency)).toFixed(o.currency === 'JPY' ? 0 : 2)} (all that is left)`,
    'aria-label': 'Amount to refund',
  });
  const reason = el('input', {
    name: 'reason',
    type: 'text',
    required: true,
    maxLength: 140,
    placeholder: 'Reason',
    'aria-label': 'Reason',
  });
  const button = el('button', { type: 'submit', class: 'act refund-give', text: 'Refund' });
  const form = el('form', { class: 'staff-refund', 'data-refund-form-order-id': o.id }, [amount, reason, button]);
  // One id per refund a person means to give: a double click or a lost answer gives it once; a failed one gets a new id.
  let requestId = newRequestId();
  form.onsubmit = async (e) => {
    e.preventDefault();
    const body = { reason: reason.value.trim(), requestId };
    if (amount.value !== '') body.amountCents = Math.round(Number(amount.value) * minorPerMajor(o.currency));
    button.disabled = true;
    try {
      const after = await api(`/dashboard/api/orders/${o.id}/refunds`, { method: 'POST', body });
      toast(`Refunded ${money(after.refundedCents - (o.refundedCents || 0), o.currency)} of order ${o.orderNumber}`, 'ok');
      openDetail(o.id, false);
    } catch (err) {
      toast(`Refund not made: ${err.message}`);
      requestId = newRequestId();
      button.disabled = false;
    }
  };
  return el('div', { class: 'staff-refund-box owner-only' }, [
    el('h4', { text: `Give money back (up to ${money(left, o.currency)})` }),
    form,
  ]);
}

function renderCall(detail) {
  const call = detail.call;
  if (!call) {
    return section('Phone call', [
      el('p', {
        class: 'muted',
        text: detail.callsConfigured
          ? 'The call record has not arrived yet (it comes when the call ends).'
          : 'Call records are not configured on this server.',
      }),
    ]);
  }
  return section('Phone call', [
    row('Started', call.startedAt ? dateTime(call.startedAt) : null),
    row('Ended', call.endedAt ? `${dateTime(call.endedAt)}${call.endedReason ? ` (${call.endedReason})` : ''}` : null),
    call.summary ? el('p', { class: 'call-summary', text: call.summary }) : null,
    call.recordingUrl
      ? el('p', {}, [
          el('a', {
            href: call.recordingUrl,
            target: '_blank',
            rel: 'noopener noreferrer',
            class: 'button',
            text: 'Listen to the recording',
          }),
        ])
      : null,
    call.transcript
      ? el('details', { class: 'transcript' }, [el('summary', { text: 'Transcript' }), el('pre', { text: call.transcript })])
      : null,
  ]);
}

export function closeDetail() {
  state.detailId = null;
  $('detail').hidden = true;
  $('detail-backdrop').hidden = true;
  if (location.hash.startsWith('#order=')) history.replaceState(null, '', '#board');
}
