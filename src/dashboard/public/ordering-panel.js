/*
 * The header's pause and busy control: whether new orders are taken (all channels), until when a pause lasts,
 * and the extra minutes every promise gets while the kitchen is busy. Every open board shows the same state: a
 * change made on any replica arrives on the live stream (`ordering` event), and a pause or busy time that runs
 * out is shown as over by this page's own timer, without asking the server.
 */
import { $, api, clock, minutesText, now, toast } from './common.js';

/** The state as the server last said it (GET or PUT /dashboard/api/ordering, or the live stream). */
let known = null;
let expiryTimer = null;

/** The state as it applies now: a pause or busy time past its end reads as none (as the server reads it). */
function effective(stored, at) {
  const paused = stored.paused && (!stored.resumesAt || Date.parse(stored.resumesAt) > at);
  const busy = stored.busyMinutes > 0 && (!stored.busyUntil || Date.parse(stored.busyUntil) > at);
  return {
    paused,
    resumesAt: paused ? stored.resumesAt : null,
    busyMinutes: busy ? stored.busyMinutes : 0,
    busyUntil: busy ? stored.busyUntil : null,
  };
}

/** Draws the header from `state` (as sent by the server) and wakes up when a pause or busy time ends. */
export function showOrdering(state) {
  known = state;
  render();
}

function render() {
  if (!known) return;
  const at = now();
  const s = effective(known, at);
  const box = $('ordering');
  box.hidden = false;
  box.dataset.mode = s.paused ? 'paused' : 'open';

  const status = $('ordering-status');
  status.textContent = s.paused ? (s.resumesAt ? `PAUSED until ${clock(s.resumesAt)}` : 'PAUSED until you resume') : 'Taking orders';
  $('ordering-note').textContent = s.paused
    ? 'New orders are refused on every channel.'
    : s.busyMinutes
      ? 'New orders get later promises.'
      : '';

  const busy = $('busy-status');
  busy.hidden = s.busyMinutes === 0;
  busy.textContent = s.busyMinutes ? `Busy +${minutesText(s.busyMinutes)}${s.busyUntil ? ` until ${clock(s.busyUntil)}` : ''}` : '';

  $('pause-menu').hidden = s.paused;
  $('resume-orders').hidden = !s.paused;
  $('busy-summary').textContent = s.busyMinutes ? 'Change busy time' : 'Busy';
  $('busy-clear').hidden = s.busyMinutes === 0;
  for (const button of document.querySelectorAll('button[data-busy]')) {
    button.setAttribute('aria-pressed', String(Number(button.dataset.busy) === s.busyMinutes && s.busyMinutes > 0));
  }

  clearTimeout(expiryTimer);
  const ends = [s.resumesAt, s.busyUntil].filter(Boolean).map((iso) => Date.parse(iso) - at);
  // A timer past 2^31 ms would fire at once; a day ahead, the page reads the state again by then anyway.
  if (ends.length > 0) expiryTimer = setTimeout(render, Math.min(Math.max(Math.min(...ends), 0) + 250, 86_400_000));
}

export async function loadOrdering() {
  try {
    showOrdering(await api('/dashboard/api/ordering'));
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not read whether orders are paused: ${err.message}`);
  }
}

async function change(body, done) {
  for (const menu of document.querySelectorAll('#ordering details[open]')) menu.open = false;
  try {
    const state = await api('/dashboard/api/ordering', { method: 'PUT', body });
    showOrdering(state);
    toast(done(effective(state, now())), 'ok');
  } catch (err) {
    toast(`Could not change it: ${err.message}`);
  }
}

export function wireOrdering() {
  $('ordering').addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const pause = target.closest('button[data-pause]');
    if (pause) {
      const minutes = Number(pause.dataset.pause);
      const resumesAt = minutes > 0 ? new Date(now() + minutes * 60000).toISOString() : null;
      change({ paused: true, resumesAt }, (s) =>
        s.resumesAt ? `New orders paused until ${clock(s.resumesAt)}.` : 'New orders paused until you resume them.',
      );
      return;
    }
    if (target.closest('#resume-orders')) {
      change({ paused: false }, () => 'Taking orders again.');
      return;
    }
    const busy = target.closest('button[data-busy]');
    if (busy) {
      const minutes = Number(busy.dataset.busy);
      change({ busyMinutes: minutes }, () =>
        minutes ? `Every new promise gets ${minutes} extra minutes.` : 'Promises are back to the usual times.',
      );
    }
  });
  // A menu left open closes when staff tap elsewhere, and only one is open at a time.
  document.addEventListener('click', (e) => {
    for (const menu of document.querySelectorAll('#ordering details[open]')) {
      if (!(e.target instanceof Node) || !menu.contains(e.target)) menu.open = false;
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') for (const menu of document.querySelectorAll('#ordering details[open]')) menu.open = false;
  });
  // Besides the timer at the end of a pause: a tablet that slept through it shows the truth soon after waking.
  setInterval(render, 30000);
}
