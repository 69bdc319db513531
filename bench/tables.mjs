// The benchmark's tables, built from a result file (bench/results/latest.json, written by `npm run bench`): the
// same rows are printed at the end of a run and written into the README by bench/readme-tables.mjs, so the
// README shows exactly what the file holds.

const n = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : (x ?? ''));
const met = (ok) => (ok ? 'yes' : 'NO');

/** "Latest run (...)": what was measured, when, and on what. */
export function benchHeading(r) {
  const m = r.machine;
  return `${r.quick ? 'Quick' : 'Full'} run of ${r.startedAt.slice(0, 10)} (\`npm run bench${r.quick ? ' -- --quick' : ''}\`), ${m.cpus} x ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node.replace(/^v/, '')}`;
}

/** The summary table of `npm run bench`: app against the floor, with the goals from the README. */
export function benchRows(r) {
  const rows = [];
  const i = r.sections.intake;
  if (i) {
    const ratioP50 = Math.round((i.app.p50Ms / Math.max(i.floor.p50Ms, 0.1)) * 100) / 100;
    rows.push(
      {
        measure: `intake orders/s (2xx; ${i.connections} connections, ${i.rounds.app.length} x ${i.seconds} s)`,
        app: n(i.app.okPerSec),
        floor: n(i.floor.okPerSec),
        'app/floor': i.ratioOkPerSec,
        goal: '>= 0.5',
        met: met(i.ratioOkPerSec >= 0.5),
      },
      { measure: 'intake p50 ms', app: i.app.p50Ms, floor: i.floor.p50Ms, 'app/floor': ratioP50 },
      {
        measure: 'intake p99 ms',
        app: i.app.p99Ms,
        floor: i.floor.p99Ms,
        'app/floor': i.ratioP99,
        goal: '<= 3',
        met: met(i.ratioP99 <= 3),
      },
      {
        measure: 'intake errors (non-2xx, connection errors, timeouts)',
        app: n(i.app.errors),
        floor: n(i.floor.errors),
        goal: '0',
        met: met(i.app.errors === 0),
      },
      { measure: 'API peak RSS', app: `${i.apiPeakRssMb} MB` },
    );
  }
  const o = r.sections.options;
  if (o) {
    rows.push({
      measure: `intake orders/s, 3 lines with 5 options in all vs the plain body (2 lines; ${o.rounds.withOptions.length} + ${o.rounds.plain.length} rounds)`,
      app: `${n(o.withOptions.okPerSec)} vs ${n(o.plain.okPerSec)} (${o.ratioOkPerSec}x)`,
      goal: '>= 0.9',
      met: met(o.ratioOkPerSec >= 0.9 && o.withOptions.errors === 0),
    });
    if (o.threeLines) {
      rows.push({
        measure: 'same, vs the same 3 lines without options (what the options cost apart from the third line)',
        app: `${n(o.withOptions.okPerSec)} vs ${n(o.threeLines.okPerSec)} (${o.ratioToThreeLines}x)`,
      });
    }
  }
  const e = r.sections.export;
  if (e) {
    rows.push(
      {
        measure: `export lag after the burst (${n(e.orders)} orders in the day)`,
        app: e.lagSeconds === null ? `not done (${n(e.pending)} pending)` : `${e.lagSeconds} s`,
        goal: '<= 10 s',
        met: met(e.lagSeconds !== null && e.lagSeconds <= 10),
      },
      { measure: 'worker peak RSS', app: `${e.workerPeakRssMb} MB`, goal: '< 300 MB', met: met(e.workerPeakRssMb < 300) },
    );
  }
  const x = r.sections.exportBench;
  if (x?.error) rows.push({ measure: '`bench:export`', app: x.error });
  else if (x) {
    rows.push(
      {
        measure: `\`bench:export\`: batched vs naive append at ${n(x.orders)} rows`,
        app: `${x.speedup}x`,
        goal: '>= 50x',
        met: met(x.speedup >= 50),
      },
      {
        measure: `\`bench:export\`: cost per order at ${n(x.orders)}th vs 100th`,
        app: `${x.growth}x`,
        goal: '<= 1.5x',
        met: met(x.growth <= 1.5),
      },
    );
  }
  for (const v of r.sections.voice ?? []) {
    rows.push({ measure: `${v.name} p50 / p99`, app: `${v.p50Ms} / ${v.p99Ms} ms`, goal: `${v.goal} ms`, met: met(v.ok) });
  }
  for (const b of r.sections.board ?? []) {
    rows.push({
      measure: `order on the staff dashboard's live stream after POST, p50 / p99 (${n(b.orders)} orders ${b.name})`,
      app: `${b.p50Ms} / ${b.p99Ms} ms${b.missed > 0 ? `, ${n(b.missed)} missed` : ''}`,
      goal: 'p99 < 2000 ms, none missed',
      met: met(b.missed === 0 && b.p99Ms !== null && b.p99Ms < 2000),
    });
  }
  const s = r.sections.shutdown;
  for (const stop of s?.stops ?? []) rows.push(shutdownRow(stop, s.timeoutSeconds));
  return rows;
}

/** SIGTERM to exit of one process: clean (exit 0) and within SHUTDOWN_TIMEOUT_SECONDS. */
function shutdownRow(stop, timeoutSeconds) {
  const how = stop.code === null || stop.code === undefined ? `killed by ${stop.signal}` : `exit ${stop.code}`;
  const notes = [];
  if (stop.inFlightAtSignal !== undefined) {
    notes.push(
      `${stop.connections} clients at ${n(stop.ordersPerSecBeforeSignal)} orders/s; ${stop.inFlightAtSignal} in flight at the signal, ` +
        `${stop.inFlightAnswered2xx} answered 2xx${stop.inFlightFailed > 0 ? `, ${stop.inFlightFailed} failed (${stop.inFlightErrors.join(', ')})` : ''}` +
        `, ${stop.serverErrors} 5xx`,
    );
  }
  if (stop.streamEndedByServer !== undefined) notes.push(stop.streamEndedByServer ? 'the server ended the stream' : 'the stream was CUT');
  if (stop.pendingAtSignal > 0) notes.push(`${n(stop.pendingAtSignal)} orders still to export`);
  const goals = [`exit 0 within ${timeoutSeconds} s`];
  if (stop.inFlightAtSignal !== undefined) goals.push('all in flight answered, no 5xx');
  if (stop.streamEndedByServer !== undefined) goals.push('stream ended');
  const ok =
    stop.code === 0 &&
    stop.ms <= timeoutSeconds * 1000 &&
    (stop.serverErrors ?? 0) === 0 &&
    (stop.inFlightFailed ?? 0) === 0 &&
    stop.streamEndedByServer !== false;
  return {
    measure: `SIGTERM to exit: ${stop.name}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`,
    app: `${how} after ${stop.ms} ms`,
    goal: goals.join('; '),
    met: met(ok),
  };
}

/** `bench:export`: the batched worker against the naive approach, one row each. */
export function exportBenchRows(x) {
  const N = n(x.orders);
  return [
    {
      approach: `batched worker (${x.batched.writes} workbook writes)`,
      'orders/s': `${n(x.batched.ordersPerSecond)} (orders arriving at ${n(x.producerRate)}/s)`,
      'ms/order @100': x.batched.msPerOrderAt100,
      [`ms/order @${N}`]: x.batched.msPerOrderAtN,
      'peak RSS': `${x.batched.workerPeakRssMb} MB`,
    },
    {
      approach: 'naive append (read, append one row, write back)',
      'orders/s': `${x.naive.ordersPerSecondAtN} (at ${N} rows)`,
      'ms/order @100': x.naive.msPerOrderAt100,
      [`ms/order @${N}`]: n(x.naive.msPerOrderAtN),
      'peak RSS': `${x.naive.peakRssMbAt100} MB @100, ${x.naive.peakRssMbAtN} MB @${N}`,
    },
  ];
}

/** The goals of `bench:export`, with whether this run met them. */
export function exportBenchGoals(x) {
  return [
    { goal: `>= 50x the naive approach at ${n(x.orders)} rows`, measured: `${x.speedup}x`, met: met(x.speedup >= 50) },
    { goal: `the ${n(x.orders)}th order costs <= 1.5x the 100th`, measured: `${x.growth}x`, met: met(x.growth <= 1.5) },
    { goal: 'worker peak RSS < 300 MB', measured: `${x.batched.workerPeakRssMb} MB`, met: met(x.batched.workerPeakRssMb < 300) },
  ];
}

/** A Markdown table (Prettier aligns it when the README is written). */
export function markdownTable(rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => String(v ?? '').replace(/\|/g, '\\|');
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(columns.map(cell)), line(columns.map(() => '---')), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** The same rows as a plain-text table for the terminal. */
export function printTable(title, rows) {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v) => (v === undefined || v === null ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals) => '| ' + vals.map((v, i) => v.padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}`);
  console.log(line(columns));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}
