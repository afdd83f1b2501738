import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// The README's client configurations, as a user pastes them: valid JSON, each starting `npx -y seedance mcp` with the key.
const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Use from an AI agent (MCP)'), readme.indexOf('## Proven under faults'));

it('Claude Code, Claude Desktop, Cursor and VS Code each get a config that starts the server with the key', () => {
  expect(section).toContain('claude mcp add seedance -e SEEDANCE_API_KEY=sk-... -- npx -y seedance mcp');
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? ''));
  expect(blocks).toHaveLength(3);
  const [desktop, cursor, vscode] = blocks;
  for (const server of [desktop.mcpServers.seedance, cursor.mcpServers.seedance, vscode.servers.seedance]) {
    expect(server.command).toBe('npx');
    expect(server.args.slice(0, 3)).toEqual(['-y', 'seedance', 'mcp']);
    expect(server.env.SEEDANCE_API_KEY).toBeTruthy();
  }
  expect(vscode.servers.seedance.type).toBe('stdio');
  expect(vscode.servers.seedance.env.SEEDANCE_API_KEY).toBe(`\${input:${vscode.inputs[0].id}}`);
  expect(vscode.inputs[0]).toMatchObject({ type: 'promptString', password: true });
  // Every tool has a row.
  const tools = ['create_video', 'wait_for_task', 'get_task', 'download_video', 'cancel_task', 'list_tasks'];
  for (const tool of [...tools, 'estimate_cost', 'list_models']) {
    expect(section).toMatch(new RegExp(`^\\| \`${tool}\` \\|`, 'm'));
  }
});
