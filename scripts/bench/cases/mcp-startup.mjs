// MCP start-up: spawning `seedance mcp` until its answer to tools/list (what an agent waits for before its first
// call), against `seedance --help` run to exit, interleaved, median of N runs each. Raw JSON-RPC lines on stdio, no
// SDK client, so the figure is the server's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bin, run } from '../process.mjs';
import { figure } from '../report.mjs';
import { median } from '../timing.mjs';

const NAME = 'mcp: spawn → tools/list answered';

export const mcpStartup = {
  id: 'mcp-startup',
  names: [NAME],
  async run({ runs, log }) {
    const dir = mkdtempSync(join(tmpdir(), 'seedance-bench-mcp-'));
    // No key, no sandbox: listing the tools sends nothing to an API.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, SEEDANCE_CONFIG_DIR: join(dir, 'config') };
    try {
      const help = [];
      const mcp = [];
      for (let i = 0; i < runs + 2; i++) {
        const helpRun = await run([process.execPath, bin, '--help'], { env, cwd: dir });
        if (helpRun.code !== 0) throw new Error(`seedance --help exited ${helpRun.code}`);
        const mcpMs = await toolsList(env, dir);
        // The first two of each are warm-up (disk cache).
        if (i >= 2) {
          help.push(helpRun.ms);
          mcp.push(mcpMs);
        }
      }
      const base = median(help);
      const value = median(mcp);
      log(`  ${runs} runs each: seedance --help ${base.toFixed(1)} ms, mcp to tools/list ${value.toFixed(1)} ms`);
      return [
        figure({
          name: NAME,
          value,
          unit: 'ms',
          baseline: base,
          baselineLabel: 'seedance --help',
          ratio: value / base,
          extra: { timesMs: mcp.map((ms) => Math.round(ms)), baselineTimesMs: help.map((ms) => Math.round(ms)) },
        }),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** One server: initialize, initialized, tools/list; resolves the ms from spawn to the tools/list answer. */
function toolsList(env, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'mcp'], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let answeredMs = null;
    child.stderr.setEncoding('utf8').on('data', (text) => {
      stderr += text;
    });
    const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line);
      if (message.id === 1) {
        send({ method: 'notifications/initialized' });
        send({ id: 2, method: 'tools/list' });
      } else if (message.id === 2) {
        answeredMs = performance.now() - started;
        if (!(message.result?.tools?.length > 0)) reject(new Error(`tools/list answered ${line.slice(0, 200)}`));
        child.stdin.end();
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (answeredMs !== null && code === 0) resolve(answeredMs);
      else reject(new Error(`seedance mcp exited ${code} before tools/list: ${stderr.trim()}`));
    });
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    });
  });
}
