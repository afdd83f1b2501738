// 7. Per Node version: `seedance --help` against an empty ESM entry, and `seedance status <id>` against the plainest
// ESM script doing the same GET with node:http: the floors of any ESM CLI and of any Node HTTP client on that
// runtime. Every installed Node it finds: the one running the bench, and those .ci/install-node cached.
// Interleaved (each round runs every command of every version once) so load from elsewhere hits all alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin } from '../process.mjs';
import { figure } from '../report.mjs';
import { withSandbox } from '../sandbox.mjs';
import { median } from '../timing.mjs';

const GET_SCRIPT = `import { get } from 'node:http';

get(process.argv[2], { headers: { authorization: \`Bearer \${process.env.SEEDANCE_API_KEY}\` } }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    body += chunk;
  });
  res.on('end', () => {
    const task = JSON.parse(body);
    process.stdout.write(\`\${task.id} \${task.status}\\n\`);
  });
});
`;

// Targets from issue 17, on Node 24 (the LTS most users run).
const HELP_TARGET = 1.3;
const STATUS_TARGET = 1.25;

/** The Node binaries to measure: [{version, path}], this one first, then the CI cache's, sorted by version. */
export function installedNodes() {
  const nodes = [{ version: process.versions.node, path: process.execPath }];
  const cache = process.env.SEEDANCE_NODE_CACHE || join(homedir(), '.cache', 'seedance-ci');
  const found = existsSync(cache) ? readdirSync(cache).filter((name) => /^node-\d+\.\d+\.\d+$/.test(name)) : [];
  for (const name of found) {
    const path = join(cache, name, 'bin', 'node');
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim();
    if (version && !nodes.some((n) => n.version === version)) nodes.push({ version, path });
  }
  const major = (v) => v.split('.').map(Number);
  return [nodes[0], ...nodes.slice(1).sort((a, b) => major(a.version)[0] - major(b.version)[0])];
}

export const nodeFloors = {
  id: 'floors',
  get names() {
    return installedNodes().flatMap(({ version }) => [`node ${version}: --help`, `node ${version}: status`]);
  },
  async run({ log }) {
    // Four commands on every version, twice with CPU: fewer rounds than the other cases, never under 9.
    // 25: on a VM whose speed drifts by ±15% within minutes, 15 rounds left the medians ±0.02× apart run to run.
    const rounds = Math.max(Number(process.env.BENCH_FLOOR_RUNS) || 25, 9);
    const nodes = installedNodes();
    const dir = mkdtempSync(join(tmpdir(), 'seedance-bench-floors-'));
    const empty = join(dir, 'empty.mjs');
    const get = join(dir, 'get.mjs');
    writeFileSync(empty, '');
    writeFileSync(get, GET_SCRIPT);
    try {
      return await withSandbox(['--render-time', '0'], async (sandbox) => {
        const id = await sandbox.createTask();
        const url = sandbox.statusUrl(id);
        const commands = nodes.flatMap(({ version, path }) => [
          { version, key: 'empty', argv: [path, empty] },
          { version, key: 'help', argv: [path, bin, '--help'] },
          { version, key: 'get', argv: [path, get, url], expect: `${id} ` },
          { version, key: 'status', argv: [path, bin, 'status', id], expect: id },
        ]);
        const times = commands.map(() => []);
        const cpu = commands.map(() => []);
        const cpuFile = join(dir, 'cpu');
        // GNU time, when there, gives each command's user+system CPU (steadier than wall time on a busy machine) in a
        // run of its own: the wrapper's own start would otherwise pad every wall time alike and flatter the ratios.
        const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%U %S', '-o', cpuFile] : null;
        const once = (command, argv) => {
          const started = performance.now();
          const result = spawnSync(argv[0], argv.slice(1), { env: sandbox.env, cwd: sandbox.dir, encoding: 'utf8' });
          const ms = performance.now() - started;
          if (result.status !== 0 || (command.expect && !result.stdout.includes(command.expect))) {
            throw new Error(`node ${command.version} ${command.key}: exit ${result.status}: ${result.stderr.trim()}`);
          }
          return ms;
        };
        for (let round = -2; round < rounds; round++) {
          commands.forEach((command, i) => {
            const ms = once(command, command.argv);
            if (round >= 0) times[i].push(ms);
            if (!timed) return;
            once(command, [...timed, ...command.argv]);
            const [user, system] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
            if (round >= 0) cpu[i].push((user + system) * 1000);
          });
        }
        const medians = {};
        const cpuMedians = {};
        commands.forEach((command, i) => {
          medians[command.version] ??= {};
          medians[command.version][command.key] = median(times[i]);
          cpuMedians[command.version] ??= {};
          // A mean: GNU time counts in 10 ms steps, which a median would keep.
          cpuMedians[command.version][command.key] = timed
            ? cpu[i].reduce((a, b) => a + b, 0) / cpu[i].length
            : Number.NaN;
        });
        log(`  wall time, medians of ${rounds} interleaved runs per command:`);
        for (const line of markdownTable(nodes, medians)) log(`  ${line}`);
        if (timed) {
          log('  user+system CPU, means of the same runs:');
          for (const line of markdownTable(nodes, cpuMedians)) log(`  ${line}`);
        }
        return nodes.flatMap(({ version }) => {
          const m = medians[version];
          const onTarget = version.split('.')[0] === '24';
          return [
            figure({
              name: `node ${version}: --help`,
              value: m.help,
              unit: 'ms',
              baseline: m.empty,
              baselineLabel: 'node empty.mjs',
              ratio: m.help / m.empty,
              target: onTarget ? `≤ ${HELP_TARGET}× empty ESM` : '',
              check: onTarget ? (_, ratio) => ratio <= HELP_TARGET : undefined,
            }),
            figure({
              name: `node ${version}: status`,
              value: m.status,
              unit: 'ms',
              baseline: m.get,
              baselineLabel: 'node:http GET',
              ratio: m.status / m.get,
              target: onTarget ? `≤ ${STATUS_TARGET}× plain GET` : '',
              check: onTarget ? (_, ratio) => ratio <= STATUS_TARGET : undefined,
            }),
          ];
        });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** The table of issue 17: one column per Node version. */
export function markdownTable(nodes, medians) {
  const ms = (value) => `${Math.round(value)} ms`;
  const ratio = (value) => `${value.toFixed(2)}×`;
  const rows = [
    ['`node empty.mjs` (an empty ESM entry)', (m) => ms(m.empty)],
    ['`seedance --help`', (m) => ms(m.help)],
    ['`seedance --help` vs that floor', (m) => ratio(m.help / m.empty)],
    ['a plain ESM node:http GET of the status URL', (m) => ms(m.get)],
    ['`seedance status <id>`', (m) => ms(m.status)],
    ['`seedance status <id>` vs that script', (m) => ratio(m.status / m.get)],
  ];
  return [
    `| | ${nodes.map((n) => `Node ${n.version}`).join(' | ')} |`,
    `|---|${nodes.map(() => '---').join('|')}|`,
    ...rows.map(([label, cell]) => `| ${label} | ${nodes.map((n) => cell(medians[n.version])).join(' | ')} |`),
  ];
}
