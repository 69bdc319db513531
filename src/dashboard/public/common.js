/*
 * What every panel of the staff dashboard shares: the page's state, building DOM nodes, server calls (the session
 * cookie and the CSRF token), toasts, and money and time as staff read them. An ES module, loaded by the browser
 * as it is (no build step, no CDN; CSP script-src 'self').
 */

/** What the page knows: the session, the board's orders and filters, the open order, sound and the live stream. */
export const state = {
  session: null,
  csrf: '',
  orders: new Map(),
  statuses: [],
  filters: { status: 'active', channel: '', date: '', q: '' },
  fresh: new Map(),
  detailId: null,
  sound: localStorage.getItem('dashboard.sound') === 'on',
  audio: null,
  events: null,
  everConnected: false,
  connected: false,
  /** The server's clock minus this tablet's, read at sign-in: promises count down from the server's time. */
  skewMs: 0,
};

/** Now, on the server's clock (epoch ms). */
export const now = () => Date.now() + state.skewMs;

export const $ = (id) => document.getElementById(id);

/** Whether the signed-in account is an owner (refunds, option groups, export, accounts, reports). */
export const isOwner = () => !!state.session && state.session.role === 'owner';
/** Optional parts of a view are written `cond ? node : null`; DOM append would print "null". */
export const present = (nodes) => nodes.filter((n) => n !== null && n !== undefined && n !== false);

/** A DOM node: attributes (class, text, data-*, properties) and children; null children are left out. */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  for (const child of [].concat(children || [])) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// ---------------------------------------------------------------- server calls

export async function api(path, options) {
  const opts = Object.assign({ method: 'GET' }, options || {});
  const headers = { Accept: 'application/json' };
  if (opts.method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method: opts.method,
    headers,
    credentials: 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.status === 401) {
    location.href = '/dashboard/login';
    throw new Error('Signed out');
  }
  const body = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const message = body && body.message ? [].concat(body.message).join(' ') : `Request failed (${res.status})`;
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }
  return body;
}

export function toast(message, kind) {
  const node = el('div', { class: `toast ${kind || 'error'}`, role: 'alert', text: message });
  $('toasts').append(node);
  setTimeout(() => node.remove(), 6000);
}

// ---------------------------------------------------------------- formatting

export function money(cents, currency) {
  const cur = currency || (state.session && state.session.restaurant.currency) || 'USD';
  const digits = ['JPY', 'KRW', 'VND', 'CLP'].includes(cur) ? 0 : 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(cents / 10 ** digits);
}

export function ago(iso) {
  const text = age(iso);
  return text === 'just now' ? text : `${text} ago`;
}

export function age(iso) {
  const minutes = Math.max(0, Math.floor((now() - Date.parse(iso)) / 60000));
  return minutes < 1 ? 'just now' : minutesText(minutes);
}

/** "12 min", "1 h", "1 h 5 min". */
export function minutesText(minutes) {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A time of day on the restaurant's clock, as the tablet's language writes it ("7:30 PM", "19:30"). */
export function clock(iso) {
  return clockFormat().format(new Date(iso));
}

/** The same time in two parts, for a large figure with a small "PM" beside it. */
export function clockParts(iso) {
  const parts = clockFormat().formatToParts(new Date(iso));
  const period = parts.filter((p) => p.type === 'dayPeriod').map((p) => p.value);
  const time = parts.filter((p) => p.type !== 'dayPeriod').map((p) => p.value);
  return { time: time.join('').trim(), period: period.join('') };
}

function clockFormat() {
  const tz = state.session ? state.session.restaurant.timezone : undefined;
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', timeZone: tz });
}

export function dateTime(iso) {
  const tz = state.session ? state.session.restaurant.timezone : undefined;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: tz }).format(new Date(iso));
}

export function distance(meters) {
  if (meters === null || meters === undefined) return null;
  return `${(meters / 1000).toFixed(1)} km (${(meters / 1609.344).toFixed(1)} mi)`;
}

/** "+$5.00" / "−$2.00" / "" (no change): an option's price change as staff read it. */
export function priceDelta(cents, currency) {
  if (!cents) return '';
  return `${cents > 0 ? '+' : '−'}${money(Math.abs(cents), currency)}`;
}
