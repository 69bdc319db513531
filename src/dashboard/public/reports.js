/*
 * The owner's Reports page: a period (named, or from/to), its totals as tiles, and charts drawn by Chart.js
 * (served by the app: /dashboard/assets/vendor/chart.umd.min.js, the global `Chart`). Figures come from
 * GET /dashboard/api/reports, the same report the admin API and the .xlsx download give.
 */
import { $, api, el, money, state, toast } from './common.js';

const Chart = window.Chart;
const charts = new Map();
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const COLORS = { sales: '#1d4ed8', orders: '#ea580c', voice: '#7c3aed', web: '#1d4ed8', mobile: '#0891b2', bar: '#15803d' };

Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";
Chart.defaults.font.size = 14;
Chart.defaults.color = '#374151';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

/** The period asked for: the page's query string (period, or from/to), kept so a reload shows the same report. */
function currentQuery() {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const key of ['period', 'from', 'to']) if (params.get(key)) query.set(key, params.get(key));
  if (![...query.keys()].length) query.set('period', 'today');
  return query;
}

function show(query) {
  history.replaceState(null, '', `/dashboard/reports?${query}`);
  return load();
}

function draw(id, config) {
  charts.get(id)?.destroy();
  charts.set(id, new Chart($(id), config));
}

function tile(label, value, detail, kind) {
  return el('div', { class: `kpi${kind ? ` kpi-${kind}` : ''}` }, [
    el('div', { class: 'kpi-label', text: label }),
    el('div', { class: 'kpi-value', text: value }),
    detail ? el('div', { class: 'kpi-detail', text: detail }) : null,
  ]);
}

function renderTotals(report) {
  const t = report.totals;
  const cur = report.currency;
  const calls = report.calls;
  $('kpis').replaceChildren(
    tile('Net sales', money(t.netCents, cur), `${money(t.grossCents, cur)} before refunds`, 'main'),
    tile('Orders', String(t.orders), t.cancelledOrders ? `+ ${t.cancelledOrders} cancelled` : 'none cancelled', 'main'),
    tile('Average ticket', money(t.averageTicketCents, cur)),
    tile('Refunds', money(t.refundsCents, cur), null, t.refundsCents ? 'warn' : null),
    tile(
      'Cancelled',
      String(t.cancelledOrders),
      t.cancelledOrders ? `${money(t.cancelledCents, cur)} of orders` : null,
      t.cancelledOrders ? 'warn' : null,
    ),
    tile('Tax', money(t.taxCents, cur)),
    tile('Delivery fees', money(t.deliveryFeeCents, cur)),
    tile('Phone calls', String(calls.calls), calls.calls ? `${calls.withOrder} ordered (${calls.orderPercent}%)` : 'no calls'),
  );
}

function renderSeries(report) {
  const hourly = report.period.granularity === 'hour';
  $('series-title').textContent = hourly ? 'Orders and sales per hour' : 'Orders and sales per day';
  const digits = ['JPY', 'KRW', 'VND', 'CLP'].includes(report.currency) ? 0 : 2;
  draw('chart-series', {
    data: {
      labels: report.series.map((b) => b.label),
      datasets: [
        {
          type: 'bar',
          label: `Sales (${report.currency})`,
          data: report.series.map((b) => b.grossCents / 10 ** digits),
          backgroundColor: COLORS.sales,
          yAxisID: 'sales',
          order: 2,
        },
        {
          type: 'line',
          label: 'Orders',
          data: report.series.map((b) => b.orders),
          borderColor: COLORS.orders,
          backgroundColor: COLORS.orders,
          borderWidth: 3,
          pointRadius: 3,
          yAxisID: 'orders',
          order: 1,
        },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { position: 'top' },
        tooltip: {
          callbacks: {
            label: (c) =>
              c.dataset.yAxisID === 'sales'
                ? `Sales ${money(report.series[c.dataIndex].grossCents, report.currency)}`
                : `${c.parsed.y} orders`,
          },
        },
      },
      scales: {
        sales: { position: 'left', beginAtZero: true, title: { display: true, text: `Sales (${report.currency})` } },
        orders: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          ticks: { precision: 0 },
          title: { display: true, text: 'Orders' },
        },
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
      },
    },
  });
}

function splitTable(id, rows, currency) {
  $(id).replaceChildren(
    el(
      'thead',
      {},
      el('tr', {}, [
        el('th', { text: '' }),
        el('th', { text: 'Orders' }),
        el('th', { text: 'Net sales' }),
        el('th', { text: 'Avg ticket' }),
      ]),
    ),
    el(
      'tbody',
      {},
      rows.map((r) =>
        el('tr', {}, [
          el('th', { scope: 'row', text: r.label }),
          el('td', { text: String(r.orders) }),
          el('td', { text: money(r.netCents, currency) }),
          el('td', { text: r.orders ? money(r.averageTicketCents, currency) : '–' }),
        ]),
      ),
    ),
  );
}

function renderSplits(report) {
  const cur = report.currency;
  splitTable('table-channels', report.byChannel, cur);
  splitTable('table-fulfillment', report.byFulfillment, cur);
  const any = report.byChannel.some((c) => c.orders);
  draw('chart-channels', {
    type: 'doughnut',
    data: {
      labels: report.byChannel.map((c) => c.label),
      datasets: [
        { data: any ? report.byChannel.map((c) => c.orders) : [], backgroundColor: report.byChannel.map((c) => COLORS[c.channel]) },
      ],
    },
    options: { plugins: { legend: { position: 'right' }, tooltip: { callbacks: { label: (c) => `${c.label}: ${c.parsed} orders` } } } },
  });
  const calls = report.calls;
  $('calls').replaceChildren(
    calls.calls
      ? el('p', {}, [
          el('strong', { text: `${calls.calls} calls` }),
          `: ${calls.withOrder} ended in an order (${calls.orderPercent}%)`,
          calls.transferred ? `, ${calls.transferred} put through to the restaurant` : '',
          '.',
        ])
      : el('p', { class: 'muted', text: 'No phone calls in this period.' }),
  );
}

function renderHeat(report) {
  const max = Math.max(0, ...report.busiestHours.flat());
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const hourName = (h) => (h === 0 ? '12a' : h < 12 ? `${h}a` : h === 12 ? '12p' : `${h - 12}p`);
  $('heat').replaceChildren(
    el('thead', {}, el('tr', {}, [el('th', { text: '' }), ...hours.map((h) => el('th', { scope: 'col', text: hourName(h) }))])),
    el(
      'tbody',
      {},
      report.busiestHours.map((row, d) =>
        el('tr', {}, [
          el('th', { scope: 'row', text: WEEKDAYS[d] }),
          ...row.map((n, h) =>
            el('td', {
              class: `heat-${n === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((5 * n) / max))}`,
              title: `${WEEKDAYS[d]} ${hourName(h)}: ${n} orders`,
              text: n ? String(n) : '',
            }),
          ),
        ]),
      ),
    ),
  );
}

function topChart(id, rows, label, currency) {
  draw(id, {
    type: 'bar',
    data: {
      labels: rows.map(label),
      datasets: [{ label: 'Portions', data: rows.map((r) => r.quantity), backgroundColor: COLORS.bar, maxBarThickness: 28 }],
    },
    options: {
      indexAxis: 'y',
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { afterLabel: (c) => `Sales ${money(rows[c.dataIndex].grossCents, currency)}` } },
      },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

async function load() {
  const query = currentQuery();
  for (const b of document.querySelectorAll('[data-period]')) b.classList.toggle('active', b.dataset.period === query.get('period'));
  document.body.dataset.rendered = 'false';
  let report;
  try {
    report = await api(`/dashboard/api/reports?${query}`);
  } catch (err) {
    if (err.message !== 'Signed out') toast(err.message);
    return;
  }
  $('report-title').textContent = report.period.label;
  $('report-note').textContent =
    `Times in ${report.period.timezone}. Orders count on the day they are for; cancelled orders only as cancellations.`;
  $('report-from').value = report.period.from;
  $('report-to').value = report.period.to;
  $('report-download').href = `/dashboard/reports/workbook?${query}`;
  renderTotals(report);
  renderSeries(report);
  renderSplits(report);
  renderHeat(report);
  topChart('chart-dishes', report.topDishes, (d) => d.name, report.currency);
  topChart('chart-options', report.topOptions, (o) => `${o.name} (${o.group})`, report.currency);
  document.body.dataset.rendered = 'true';
}

async function start() {
  try {
    state.session = await api('/dashboard/api/session');
  } catch {
    return;
  }
  $('restaurant-name').textContent = `${state.session.restaurant.name} · Reports`;
  document.title = `Reports · ${state.session.restaurant.name}`;
  $('user').textContent = state.session.user;
  for (const b of document.querySelectorAll('[data-period]'))
    b.addEventListener('click', () => show(new URLSearchParams({ period: b.dataset.period })));
  $('report-range').addEventListener('submit', (event) => {
    event.preventDefault();
    show(new URLSearchParams({ from: $('report-from').value, to: $('report-to').value }));
  });
  await load();
}

start();
