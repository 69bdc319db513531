/*
 * The board's clock: which orders wait in the Later lane, the order of cards (oldest promise first), and each
 * card's promised time with its countdown ("in 12 min", "5 min late"). Times count from the server's clock
 * (common.js `now`), so a tablet whose clock is off still moves pre-orders and shows lateness on time.
 */
import { clock, clockParts, el, minutesText, now } from './common.js';

/** Statuses of an order the kitchen has not started: one of these whose start is still ahead waits in Later. */
const NOT_STARTED = ['received', 'confirmed'];
/** A promise this close counts as due soon (amber). */
const SOON_MS = 5 * 60000;
/** An order from before promised times counts as late this long after it was placed (the board's old rule). */
const UNPROMISED_LATE_MINUTES = 20;

/**
 * An order starting sooner than this goes straight to its column: one placed as soon as possible starts the moment
 * it is placed, which on a tablet whose idea of the server's clock is a few hundred milliseconds behind would
 * otherwise flash through Later.
 */
const LATER_MARGIN_MS = 60000;

/** Whether the order waits in the Later lane: not started, and its kitchen start more than a minute ahead. */
export function startsLater(order, at = now()) {
  return NOT_STARTED.includes(order.status) && !!order.prepStartAt && Date.parse(order.prepStartAt) - LATER_MARGIN_MS > at;
}

/** Cards run oldest promise first; an order from before promises by when it was placed. */
export function byPromise(a, b) {
  return promiseMs(a) - promiseMs(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt);
}

function promiseMs(order) {
  return Date.parse(order.promisedAt || order.createdAt);
}

/** When the next order leaves Later (epoch ms), or null. */
export function nextStart(orders, at = now()) {
  let next = null;
  for (const order of orders) {
    if (!startsLater(order, at)) continue;
    const start = Date.parse(order.prepStartAt) - LATER_MARGIN_MS;
    if (next === null || start < next) next = start;
  }
  return next;
}

/** Whether the order still owes its promise: a pickup that is ready has kept it; a delivery keeps it at the door. */
function owes(order) {
  if (order.status === 'completed' || order.status === 'cancelled') return false;
  return !(order.status === 'ready' && order.fulfillment === 'pickup');
}

/**
 * How the card reads the time: `tone` is late, soon, due (on track), later (waits in the Later lane), kept or
 * none, and `text` says it in words, so lateness never rests on colour alone.
 */
export function dueView(order, at = now()) {
  if (!order.promisedAt) {
    const late = owes(order) && at - Date.parse(order.createdAt) >= UNPROMISED_LATE_MINUTES * 60000;
    return { tone: late ? 'late' : 'none', text: late ? 'waiting long' : '' };
  }
  if (startsLater(order, at)) {
    // Each half kept on one line: a narrow lane breaks at the dot, never inside a time.
    return { tone: 'later', text: `${unbroken(`starts ${clock(order.prepStartAt)}`)} · ${unbroken(`for ${clock(order.promisedAt)}`)}` };
  }
  if (!owes(order)) return { tone: 'kept', text: `for ${clock(order.promisedAt)}` };
  const left = Date.parse(order.promisedAt) - at;
  if (left > 0) return { tone: left <= SOON_MS ? 'soon' : 'due', text: `in ${minutesText(Math.ceil(left / 60000))}` };
  const late = Math.floor(-left / 60000);
  return late < 1 ? { tone: 'soon', text: 'due now' } : { tone: 'late', text: `${minutesText(late)} late` };
}

/** The promised time, large, at the right of the card's head. */
export function dueAt(order) {
  if (!order.promisedAt) return null;
  const what = order.fulfillment === 'delivery' ? 'At the door by' : 'Ready by';
  const { time, period } = clockParts(order.promisedAt);
  return el('span', { class: 'due-at', title: `${what} ${clock(order.promisedAt)}` }, [
    time,
    period ? el('small', { class: 'ampm', text: period }) : null,
  ]);
}

/** The countdown under the head ("in 12 min", "5 min late", "starts 18:45 · for 19:30"), kept current by `refreshDue`. */
export function dueLine(order) {
  if (!order.promisedAt) return null;
  const view = dueView(order);
  return el('div', { class: 'due-row' }, [
    el('span', { class: `due due-${view.tone}`, 'data-due-order-id': order.id, 'data-tone': view.tone, text: view.text }),
  ]);
}

/** Rewrites every card's countdown and late mark, and each lane's count of late orders, from `orders` (no request). */
export function refreshDue(orders) {
  const at = now();
  for (const card of document.querySelectorAll('.card[data-order-id]')) {
    const order = orders.get(card.dataset.orderId);
    if (!order) continue;
    const view = dueView(order, at);
    card.classList.toggle('late', view.tone === 'late');
    const node = card.querySelector('[data-due-order-id]');
    if (!node) continue;
    if (node.textContent !== view.text) node.textContent = view.text;
    if (node.dataset.tone !== view.tone) {
      node.className = `due due-${view.tone}`;
      node.dataset.tone = view.tone;
    }
  }
  for (const column of document.querySelectorAll('.column[data-status-group]')) {
    const count = column.querySelector('.late-count');
    if (count) showLateCount(count, column.querySelectorAll('.card.late').length);
  }
}

/** A lane head's "2 late" (hidden at none). */
export function showLateCount(node, late) {
  node.hidden = late === 0;
  node.textContent = `${late} late`;
}

function unbroken(text) {
  return text.replace(/ /g, '\u00a0');
}

export function isLate(order, at = now()) {
  return dueView(order, at).tone === 'late';
}
