/*
 * Staff order board: the board, refunds needing a person, export, the live stream and the page's wiring. An
 * order's detail is detail-panel.js, how its state reads order-labels.js, the Menu tab menu-panel.js, the header's
 * pause and busy control ordering-panel.js, missed phone calls missed-calls.js, and the board's clock (lanes, order of cards, countdowns)
 * board-time.js; what panels share is in common.js.
 */
import { loadAccounts, wireAccountsPanel } from './accounts-panel.js';
import { byPromise, dueAt, dueLine, isLate, nextStart, refreshDue, startsLater } from './board-time.js';
import { $, ago, age, api, clock, dateTime, el, isOwner, money, now, present, state, toast } from './common.js';
import { closeDetail, openDetail } from './detail-panel.js';
import { loadMenu, optionsLine, wireMenuPanel } from './menu-panel.js';
import { loadMissedCalls, refreshMissedCalls, wireMissedCalls } from './missed-calls.js';
import { CHANNEL_LABEL, customerText, paymentText, REFUND_LABEL, refundTag, renderActions, STATUS_LABEL } from './order-labels.js';
import { loadOrdering, showOrdering, wireOrdering } from './ordering-panel.js';

/** Highlight of a newly arrived order, in milliseconds. */
const FRESH_MS = 120000;
/** The lane left of New: orders not started whose kitchen start is still ahead (pre-orders). */
const LATER = 'later';
const LATER_STATUSES = ['received', 'confirmed'];

// ---------------------------------------------------------------- board

function currentQuery() {
  const f = state.filters;
  const params = new URLSearchParams({ status: f.status, date: f.date || 'any' });
  if (f.channel) params.set('channel', f.channel);
  if (f.q.trim()) params.set('q', f.q.trim());
  return params.toString();
}

async function loadBoard() {
  try {
    const board = await api(`/dashboard/api/orders?${currentQuery()}`);
    state.statuses = board.statuses;
    state.orders = new Map(board.orders.map((o) => [o.id, o]));
    renderBoard();
    const note = $('board-note');
    const today = state.session.today;
    const parts = [];
    if (state.filters.date && state.filters.date !== today) parts.push(`Showing ${state.filters.date}, not today.`);
    if (!state.filters.date) parts.push('Showing every day (most recent 100).');
    if (board.truncated) parts.push('Only the newest orders are shown; narrow the filters to see the rest.');
    note.hidden = parts.length === 0;
    note.textContent = parts.join(' ');
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not load orders: ${err.message}`);
  }
}

function matchesFilters(order) {
  const f = state.filters;
  if (f.date && order.businessDate !== f.date) return false;
  if (!state.statuses.includes(order.status)) return false;
  if (f.channel && order.channel !== f.channel) return false;
  return true;
}

/** The board's lanes: Later first when it shows a status that can wait there, then one per status. */
function lanes() {
  return state.statuses.some((s) => LATER_STATUSES.includes(s)) ? [LATER, ...state.statuses] : state.statuses;
}

/** A lane's orders, oldest promise first (the next to be due on top). */
function laneOrders(lane, at) {
  const orders = [...state.orders.values()];
  const inLane = lane === LATER ? orders.filter((o) => startsLater(o, at)) : orders.filter((o) => o.status === lane && !startsLater(o, at));
  return inLane.sort(byPromise);
}

/** Ids of the orders drawn in Later, to notice the ones whose start has come. */
let drawnLater = new Set();
let startTimer = null;

function renderBoard() {
  const at = now();
  const board = $('board');
  board.replaceChildren();
  const shown = lanes();
  board.dataset.columns = String(shown.length);
  const byLane = new Map(shown.map((lane) => [lane, laneOrders(lane, at)]));
  noticeStarts(new Set((byLane.get(LATER) || []).map((o) => o.id)));
  let total = 0;
  const counts = {};
  for (const lane of shown) {
    const orders = byLane.get(lane);
    counts[lane] = orders.length;
    total += orders.length;
    const late = lane === LATER ? 0 : orders.filter((o) => isLate(o, at)).length;
    const column = el(
      'section',
      { class: `column col-${lane}${orders.length ? '' : ' empty-lane'}`, id: `col-${lane}`, 'data-status-group': lane },
      [
        el('h2', { class: 'column-head' }, [
          el('span', { text: lane === LATER ? 'Later' : STATUS_LABEL[lane] }),
          lane === LATER ? null : el('span', { class: 'late-count', text: `${late} late`, hidden: late === 0 }),
          el('span', { class: 'count', text: String(orders.length), 'aria-label': `${orders.length} orders` }),
        ]),
        el(
          'div',
          { class: 'cards' },
          orders.length
            ? orders.map(renderCard)
            : el('p', { class: 'empty', text: lane === LATER ? 'No pre-orders waiting' : 'No orders' }),
        ),
      ],
    );
    board.append(column);
  }
  $('summary').replaceChildren(
    ...shown.map((lane) =>
      el('a', { href: `#col-${lane}`, class: `sum sum-${lane}` }, [
        el('span', { text: lane === LATER ? 'Later' : STATUS_LABEL[lane] }),
        el('b', { text: String(counts[lane]) }),
      ]),
    ),
  );
  board.classList.toggle('is-empty', total === 0);
  scheduleNextStart(at);
}

/**
 * A pre-order that left Later because its start came (not moved on by staff, not cancelled) joins its column like a
 * new order: highlighted, with the chime. Whatever redraws the board first (the start's timer, the tick, a live
 * event) notices it.
 */
function noticeStarts(laterNow) {
  const started = [...drawnLater].filter((id) => !laterNow.has(id) && LATER_STATUSES.includes(state.orders.get(id)?.status));
  drawnLater = laterNow;
  for (const id of started) state.fresh.set(id, Date.now());
  if (started.length > 0) chime();
}

/** Wakes up when the next pre-order's kitchen start comes, to move it out of Later at once. */
function scheduleNextStart(at) {
  clearTimeout(startTimer);
  const next = nextStart(state.orders.values(), at);
  // Beyond a day, the 15-second tick will find it; setTimeout cannot wait past 2^31 ms anyway.
  if (next !== null && next - at < 86_400_000) startTimer = setTimeout(tick, next - at + 50);
}

function renderCard(order) {
  const late = isLate(order);
  const later = startsLater(order);
  const fresh = state.fresh.has(order.id);
  const card = el('article', {
    class: `card st-${order.status}${fresh ? ' fresh' : ''}${late ? ' late' : ''}${later ? ' later' : ''}`,
    'data-order-id': order.id,
    tabIndex: 0,
    'aria-label': `Order ${order.orderNumber}, ${later ? 'later' : STATUS_LABEL[order.status]}`,
  });
  card.append(
    ...present([
      el('div', { class: 'card-head', title: `Placed ${dateTime(order.createdAt)}` }, [
        el('span', { class: 'num', text: order.orderNumber }),
        // Orders from before promised times show how long they have waited, as the board always did.
        dueAt(order) || el('span', { class: 'age', 'data-created': order.createdAt, text: age(order.createdAt) }),
      ]),
      dueLine(order),
      el('div', { class: 'tags' }, [
        fresh ? el('span', { class: 'badge-new', text: 'NEW' }) : null,
        order.requestedTime ? el('span', { class: 'tag pre-order', text: 'Pre-order' }) : null,
        el('span', { class: `tag ch-${order.channel}`, text: CHANNEL_LABEL[order.channel] || order.channel }),
        el('span', { class: `tag ful-${order.fulfillment}`, text: order.fulfillment === 'delivery' ? 'Delivery' : 'Pickup' }),
        el('span', { class: `tag pay-${order.paymentStatus}`, text: paymentText(order) }),
        refundTag(order),
      ]),
      el('div', { class: 'who', text: customerText(order) }),
      order.delivery ? el('div', { class: 'addr', text: order.delivery.formattedAddress || order.delivery.address }) : null,
      el(
        'ul',
        { class: 'items' },
        order.items.map((item) =>
          el('li', {}, [
            el('span', { class: 'qty', text: `${item.quantity}×` }),
            el('span', { class: 'item-name', text: item.name }),
            optionsLine(item),
            item.notes ? el('div', { class: 'item-note', text: item.notes }) : null,
          ]),
        ),
      ),
      order.notes ? el('div', { class: 'order-note', text: order.notes }) : null,
      el('div', { class: 'card-foot' }, [el('span', { class: 'total', text: money(order.totalCents, order.currency) })]),
      renderActions(order),
    ]),
  );
  return card;
}

function upsert(order) {
  if (matchesFilters(order)) state.orders.set(order.id, order);
  else state.orders.delete(order.id);
  renderBoard();
}

async function refreshOrder(id, isNew) {
  try {
    const { order } = await api(`/dashboard/api/orders/${id}`);
    if (isNew && matchesFilters(order)) {
      state.fresh.set(order.id, Date.now());
      chime();
    }
    if (state.filters.q.trim()) await loadBoard();
    else upsert(order);
    if (state.detailId === id) openDetail(id, false);
  } catch (err) {
    if (err.status === 404) {
      state.orders.delete(id);
      renderBoard();
    }
  }
}

const cancelArmed = new Map();

async function moveOrder(button) {
  const holder = button.closest('[data-order-id], [data-detail-order-id]');
  const id = holder.dataset.orderId || holder.dataset.detailOrderId;
  const status = button.dataset.status;
  if (status === 'cancelled' && !cancelArmed.has(button)) {
    // A cancelled order cannot come back: the first tap asks, the second one cancels.
    cancelArmed.set(
      button,
      setTimeout(() => {
        cancelArmed.delete(button);
        button.textContent = 'Cancel';
        button.classList.remove('armed');
      }, 4000),
    );
    button.textContent = 'Tap again to cancel';
    button.classList.add('armed');
    return;
  }
  clearTimeout(cancelArmed.get(button));
  cancelArmed.delete(button);
  button.disabled = true;
  try {
    const order = await api(`/dashboard/api/orders/${id}/status`, { method: 'PATCH', body: { status } });
    state.fresh.delete(id);
    upsert(order);
    if (state.detailId === id) openDetail(id, false);
  } catch (err) {
    toast(err.message);
    await refreshOrder(id, false);
  } finally {
    button.disabled = false;
  }
}

/** Every 15 s, and when a pre-order's start comes: countdowns, late marks, ages, and Later's cards that are due. */
function tick() {
  const at = now();
  if ([...drawnLater].some((id) => state.orders.has(id) && !startsLater(state.orders.get(id), at))) renderBoard();
  tickAges();
  refreshDue(state.orders);
}

function tickAges() {
  const wall = Date.now();
  for (const [id, at] of state.fresh) {
    if (wall - at > FRESH_MS) {
      state.fresh.delete(id);
      const card = document.querySelector(`.card[data-order-id="${id}"]`);
      if (card) {
        card.classList.remove('fresh');
        const badge = card.querySelector('.badge-new');
        if (badge) badge.remove();
      }
    }
  }
  for (const node of document.querySelectorAll('.age[data-created]')) node.textContent = age(node.dataset.created);
}

async function retryRefund(button) {
  button.disabled = true;
  button.textContent = 'Asking the payment provider…';
  const id = button.dataset.refundOrderId;
  try {
    const order = await api(`/dashboard/api/orders/${id}/refund`, { method: 'POST' });
    const status = order.refund ? order.refund.status : null;
    toast(
      status === 'failed' || status === 'retrying'
        ? `Refund of ${order.orderNumber} failed again: ${order.refund.lastError || 'no reason given'}`
        : `Refund of ${order.orderNumber}: ${REFUND_LABEL[status] || 'done'}.`,
      status === 'failed' || status === 'retrying' ? 'error' : 'ok',
    );
    upsert(order);
    loadRefundAlert();
    if (state.detailId === id) openDetail(id, false);
  } catch (err) {
    toast(err.message);
    button.disabled = false;
    button.textContent = 'Retry refund now';
  }
}

// ---------------------------------------------------------------- refunds needing a person

let refundAlertTimer = null;

/** Soon, once: several refund events in a row read the list once. */
function refreshRefundAlert() {
  clearTimeout(refundAlertTimer);
  refundAlertTimer = setTimeout(loadRefundAlert, 250);
}

async function loadRefundAlert() {
  try {
    const { total, orders } = await api('/dashboard/api/refunds');
    const alert = $('refund-alert');
    alert.hidden = total === 0;
    $('refund-alert-title').textContent = `Refund failed — needs attention (${total})`;
    $('refund-alert-list').replaceChildren(
      ...orders.map((o) =>
        el('li', {}, [
          el('a', { href: `#order=${o.id}`, class: 'refund-alert-order', 'data-refund-alert-id': o.id }, [
            el('b', { text: o.orderNumber }),
            ` · ${customerText(o)} · ${money(o.totalCents, o.currency)}`,
          ]),
          o.refund && o.refund.lastError ? el('span', { class: 'muted', text: ` — ${o.refund.lastError}` }) : null,
        ]),
      ),
      ...(total > orders.length ? [el('li', { class: 'muted', text: `and ${total - orders.length} more` })] : []),
    );
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not read the failed refunds: ${err.message}`);
  }
}

// ---------------------------------------------------------------- export

let exportTimer = null;

async function loadExport() {
  try {
    const status = await api('/dashboard/api/exports/status');
    $('export-unconfigured').hidden = status.configured;
    $('export-configured').hidden = !status.configured;
    if (!status.configured) return;
    $('export-waiting').textContent = String(status.waiting);
    $('export-active').textContent = String(status.active);
    $('export-failed').textContent = String(status.failed);
    $('export-failed').classList.toggle('bad', status.failed > 0);
    $('export-oldest').textContent = status.oldestUnexportedChangeAt
      ? `${ago(status.oldestUnexportedChangeAt)} (${clock(status.oldestUnexportedChangeAt)})`
      : 'none: everything is exported';
    $('export-retry').disabled = status.failed === 0;
    $('export-failures').replaceChildren(
      ...(status.recentFailures || []).map((f) =>
        el('li', { text: `${f.businessDate ? `Day ${f.businessDate} · ` : ''}failed ${dateTime(f.failedAt)}: ${f.error}` }),
      ),
    );
  } catch (err) {
    if (err.message !== 'Signed out') toast(`Could not read the export status: ${err.message}`);
  }
}

function updateExportLink() {
  const date = $('export-date').value || state.session.today;
  $('export-link').href = `/dashboard/exports/${date}`;
  $('export-link').setAttribute('download', `orders-${date}.xlsx`);
  $('export-link').textContent = `Download ${date} workbook`;
}

// ---------------------------------------------------------------- live updates and sound

function chime() {
  if (!state.sound || !state.audio) return;
  const ctx = state.audio;
  const t = ctx.currentTime;
  for (const [i, freq] of [880, 1320].entries()) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t + i * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.3, t + i * 0.18 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.35);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t + i * 0.18);
    osc.stop(t + i * 0.18 + 0.4);
  }
}

function renderSound() {
  const button = $('sound-toggle');
  button.textContent = state.sound ? 'Sound on' : 'Sound off';
  button.setAttribute('aria-pressed', String(state.sound));
  button.classList.toggle('on', state.sound);
}

function setLive(connected) {
  state.connected = connected;
  const live = $('live');
  live.textContent = connected ? 'Live' : 'Reconnecting…';
  live.className = `live ${connected ? 'live-on' : 'live-off'}`;
  document.body.classList.toggle('offline', !connected);
}

function connect() {
  if (state.events) state.events.close();
  const events = new EventSource('/dashboard/events');
  state.events = events;
  events.addEventListener('hello', () => {
    const reconnected = state.everConnected;
    state.everConnected = true;
    setLive(true);
    // Anything missed while the stream was down is picked up by reading the board again.
    if (reconnected) {
      loadBoard();
      loadRefundAlert();
      loadMenu();
      loadOrdering();
      loadMissedCalls();
    }
  });
  for (const type of ['order.created', 'order.status', 'order.payment', 'order.refund']) {
    events.addEventListener(type, (e) => {
      const event = JSON.parse(e.data);
      refreshOrder(event.orderId, type === 'order.created');
      if (type === 'order.refund' || type === 'order.payment') refreshRefundAlert();
    });
  }
  // A menu edit here or on another replica: the Menu tab, and the board's reading of the options, follow it.
  events.addEventListener('menu.changed', () => loadMenu());
  // Staff paused orders or set busy time, on this board or any other, on any replica.
  events.addEventListener('ordering', (e) => showOrdering(JSON.parse(e.data).state));
  // A call ended without an order, or staff handled one, on any replica.
  events.addEventListener('calls.missed', () => refreshMissedCalls());
  events.onerror = () => {
    setLive(false);
    if (events.readyState === EventSource.CLOSED) {
      // The server answered with an error (signed out, or restarting behind a proxy): check, then retry.
      setTimeout(async () => {
        try {
          await api('/dashboard/api/session');
        } catch (err) {
          if (err.message === 'Signed out') return;
        }
        if (state.events === events) connect();
      }, 2000);
    }
  };
}

// ---------------------------------------------------------------- navigation and wiring

function showView(view) {
  for (const name of ['board', 'menu', 'export', 'accounts']) {
    $(`view-${name}`).hidden = name !== view;
    document.querySelector(`.tab[data-view="${name}"]`).classList.toggle('active', name === view);
  }
  clearInterval(exportTimer);
  if (view === 'menu') loadMenu();
  if (view === 'accounts') loadAccounts();
  if (view === 'export') {
    loadExport();
    exportTimer = setInterval(loadExport, 10000);
  }
}

function route() {
  const hash = location.hash.replace(/^#/, '');
  if (hash.startsWith('order=')) {
    showView('board');
    openDetail(hash.slice(6), false);
    return;
  }
  const views = isOwner() ? ['menu', 'export', 'accounts'] : ['menu', 'export'];
  showView(views.includes(hash) ? hash : 'board');
}

function readFilters() {
  state.filters = {
    status: $('filter-status').value,
    channel: $('filter-channel').value,
    date: $('filter-date').value,
    q: $('filter-q').value,
  };
}

function wire() {
  document.addEventListener('click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target) return;
    const action = target.closest('button[data-status]');
    if (action) {
      e.stopPropagation();
      moveOrder(action);
      return;
    }
    const jump = target.closest('a.sum');
    if (jump) {
      e.preventDefault();
      const column = document.getElementById(jump.getAttribute('href').slice(1));
      if (column) column.scrollIntoView({ behavior: 'smooth', block: 'start' });
      return;
    }
    const refundRetry = target.closest('button.refund-retry');
    if (refundRetry) {
      e.stopPropagation();
      retryRefund(refundRetry);
      return;
    }
    const card = target.closest('.card[data-order-id]');
    if (card) openDetail(card.dataset.orderId);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.detailId) closeDetail();
    if (e.key === 'Enter' && e.target instanceof Element && e.target.matches('.card[data-order-id]')) openDetail(e.target.dataset.orderId);
  });
  $('detail-close').addEventListener('click', closeDetail);
  $('detail-backdrop').addEventListener('click', closeDetail);
  let debounce = null;
  $('filters').addEventListener('input', (e) => {
    clearTimeout(debounce);
    debounce = setTimeout(
      () => {
        readFilters();
        loadBoard();
      },
      e.target.id === 'filter-q' ? 300 : 0,
    );
  });
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  $('filter-today').addEventListener('click', () => {
    $('filter-date').value = state.session.today;
    readFilters();
    loadBoard();
  });
  $('sound-toggle').addEventListener('click', () => {
    state.sound = !state.sound;
    localStorage.setItem('dashboard.sound', state.sound ? 'on' : 'off');
    if (state.sound && !state.audio && window.AudioContext) state.audio = new AudioContext();
    renderSound();
    chime();
  });
  $('logout').addEventListener('click', async () => {
    try {
      await api('/dashboard/logout', { method: 'POST' });
    } finally {
      location.href = '/dashboard/login';
    }
  });
  $('export-date').addEventListener('input', updateExportLink);
  $('export-retry').addEventListener('click', async () => {
    try {
      const result = await api('/dashboard/api/exports/retry', { method: 'POST' });
      toast(`${result.retried} export job(s) queued again.`, 'ok');
      loadExport();
    } catch (err) {
      toast(err.message);
    }
  });
  window.addEventListener('hashchange', route);
  setInterval(tick, 15000);
  // What sticks under the header (the tablet's jump bar, a column scrolled to) follows its height as it changes.
  const header = document.querySelector('header.top');
  new ResizeObserver(() => document.documentElement.style.setProperty('--header-height', `${header.offsetHeight}px`)).observe(header);
}

async function start() {
  try {
    state.session = await api('/dashboard/api/session');
  } catch {
    return;
  }
  state.csrf = state.session.csrfToken;
  state.skewMs = Date.parse(state.session.serverTime) - Date.now();
  document.title = `Orders · ${state.session.restaurant.name}`;
  $('restaurant-name').textContent = state.session.restaurant.name;
  $('user').textContent = state.session.user;
  // What the account may not do is left out of the page (the server refuses it anyway): see `.owner-only`.
  document.body.dataset.role = state.session.role;
  $('filter-date').value = state.session.today;
  $('export-date').value = state.session.today;
  updateExportLink();
  if (state.sound && window.AudioContext) state.audio = new AudioContext();
  renderSound();
  readFilters();
  wire();
  wireOrdering();
  wireMissedCalls();
  if (isOwner()) wireAccountsPanel();
  wireMenuPanel(() => {
    if (state.statuses.length === 0) return;
    renderBoard();
    if (state.detailId) openDetail(state.detailId, false);
  });
  // The menu first: the board shows each line's single choices (its size...) in capitals.
  await loadMenu();
  await Promise.all([loadBoard(), loadOrdering()]);
  loadRefundAlert();
  loadMissedCalls();
  route();
  connect();
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
