/*
 * Missed calls: phone callers who hung up (or whose call ended, or where the assistant stalled) without placing an
 * order, with their number to call back. Staff mark one handled once they called back; it then leaves every board
 * (the live stream's `calls.missed` event redraws the list everywhere).
 */
import { $, ago, api, clock, dateTime, el, now, state, toast } from './common.js';

let reloadTimer = null;

/** Soon, once: a burst of call events reads the list once. */
export function refreshMissedCalls() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(loadMissedCalls, 250);
}

export async function loadMissedCalls() {
  try {
    render(await api('/dashboard/api/missed-calls'));
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not read the missed calls: ${err.message}`);
  }
}

/** "+12065550142" as people write it: "(206) 555-0142" for North America, else grouped after the country code. */
export function phoneText(e164) {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  return e164;
}

/** Whether `iso` falls on today's date in the restaurant's time zone (on the server's clock). */
function isToday(iso) {
  const tz = state.session ? state.session.restaurant.timezone : undefined;
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(d);
  return day(new Date(iso)) === day(new Date(now()));
}

function why(call) {
  if (call.askedForPerson) return 'Asked for a person, the transfer did not go through';
  if (!call.ended) return 'The phone assistant got stuck; the caller may have hung up';
  if (call.assistantStalled) return 'Hung up after the phone assistant got stuck, no order';
  return 'Hung up without ordering';
}

function render({ calls }) {
  const panel = $('missed-calls');
  panel.hidden = calls.length === 0;
  $('missed-calls-title').textContent = `Missed calls — please call back (${calls.length})`;
  $('missed-calls-list').replaceChildren(
    ...calls.map((call) =>
      el('li', { class: 'missed-call', 'data-call-id': call.callId }, [
        call.customerPhone
          ? el('a', { class: 'missed-phone', href: `tel:${call.customerPhone}`, text: phoneText(call.customerPhone) })
          : el('span', { class: 'missed-phone withheld', text: 'Number withheld' }),
        el('span', { class: 'missed-when', title: dateTime(call.at) }, [
          el('b', { text: isToday(call.at) ? clock(call.at) : dateTime(call.at) }),
          ` · ${ago(call.at)}`,
        ]),
        el('span', { class: 'missed-why', text: why(call) }),
        el('button', { type: 'button', class: 'missed-handled', 'data-handle-call-id': call.callId, text: 'Called back ✓' }),
        // Under the line, so the button stays beside the number it is for.
        call.summary ? el('span', { class: 'missed-summary', text: call.summary }) : null,
      ]),
    ),
  );
}

async function markHandled(button) {
  button.disabled = true;
  const id = button.dataset.handleCallId;
  try {
    await api(`/dashboard/api/missed-calls/${encodeURIComponent(id)}/handled`, { method: 'POST' });
    const row = button.closest('li');
    const phone = row ? row.querySelector('.missed-phone').textContent : 'the caller';
    toast(`Marked ${phone} as called back.`, 'ok');
    await loadMissedCalls();
  } catch (err) {
    toast(`Could not mark it handled: ${err.message}`);
    button.disabled = false;
  }
}

export function wireMissedCalls() {
  $('missed-calls').addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button[data-handle-call-id]') : null;
    if (button) markHandled(button);
  });
  // "12 min ago" keeps up while the board stays open.
  setInterval(() => {
    if (!$('missed-calls').hidden) loadMissedCalls();
  }, 60000);
}
