// Figures, the summary table and bench-results.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/**
 * One row of the summary. `check(value, ratio)` returns true/false against the target; without it the row is
 * informational. `status` is derived: pass, FAIL, info; skipped and MISSING rows are made by skipped()/missing().
 * `extra` fields go to bench-results.json only.
 */
export function figure({
  name,
  value,
  unit,
  baseline = null,
  baselineLabel = '',
  ratio = null,
  target = '',
  check,
  extra,
}) {
  const pass = check ? Boolean(check(value, ratio)) : null;
  return {
    ...extra,
    name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    baselineLabel,
    ratio: ratio === null ? null : round(ratio, 3),
    target,
    status: pass === null ? 'info' : pass ? 'pass' : 'FAIL',
  };
}

export function skipped(name, reason) {
  return {
    name,
    value: null,
    unit: '',
    baseline: null,
    baselineLabel: '',
    ratio: null,
    target: '',
    status: 'skipped',
    note: reason,
  };
}

export function missing(name, reason) {
  return { ...skipped(name, reason), status: 'MISSING' };
}

export function machine() {
  const cpuinfo = safeRead('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const hyperfine = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
  const curl = spawnSync('curl', ['--version'], { encoding: 'utf8' });
  return {
    nproc: os.availableParallelism(),
    node: process.version,
    cpu: model.trim(),
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    // Others' work on the machine skews every figure: recorded so a reader can judge a run.
    loadavg: os.loadavg().map((load) => round(load, 2)),
    hyperfine: hyperfine.status === 0 ? hyperfine.stdout.trim() : null,
    curl: curl.status === 0 ? curl.stdout.split('\n')[0].split(' ').slice(0, 2).join(' ') : null,
  };
}

export function printTable(figures, write = (line) => process.stdout.write(`${line}\n`)) {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const rows = figures.map((f) => [
    f.name,
    f.value === null ? '—' : `${f.value} ${f.unit}`.trim(),
    f.baseline === null ? (f.note ?? '—') : `${f.baseline} ${f.unit} (${f.baselineLabel})`,
    f.ratio === null ? '—' : `${f.ratio}×`,
    f.target || '—',
    f.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  write(line(header));
  write(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) write(line(row));
}

export function writeResults(path, results) {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

function safeRead(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function round(value, digits = 1) {
  if (typeof value !== 'number') return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
