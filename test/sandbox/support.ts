import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.js';

/** A response body as the tests read it: loosely typed on purpose, the assertions say what is expected. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked by assertions, not by the compiler
export type Json = Record<string, any>;

/** 2026-03-30T08:40:07Z, the product doc's example creation time. */
export const T0 = Date.UTC(2026, 2, 30, 8, 40, 7);
export const RENDER_MS = 10_000;
export const AUTH = { Authorization: 'Bearer sk-test' };

export interface Harness {
  sandbox: Sandbox;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  now(): number;
  /** A request to the API listener with a valid key (override headers to change that). */
  api(path: string, init?: RequestInit): Promise<Response>;
  json<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  /** Creates a task through the gateway (default) or Ark and returns its id. */
  create(prompt?: string, extra?: Record<string, unknown>, via?: 'gateway' | 'ark'): Promise<string>;
}

export function textBody(prompt: string, extra: Record<string, unknown> = {}, model = 'sd2.0') {
  return { model, content: [{ type: 'text', text: prompt }], ...extra };
}

export function post(body: unknown, headers: Record<string, string> = AUTH): RequestInit {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: text };
}

export const GATEWAY_CREATE = '/v1/video/generations';
export const ARK_TASKS = '/api/v3/contents/generations/tasks';

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  let clock = T0;
  const sandbox = await startSandbox({ renderMs: RENDER_MS, now: () => clock, ...options });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.url}${path}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });
  const json = async <T>(path: string, init?: RequestInit) => {
    const res = await api(path, init);
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    sandbox,
    advance: (ms) => {
      clock += ms;
    },
    now: () => clock,
    api,
    json,
    async create(prompt = 'A Christmas bunny flying in the sky', extra = {}, via = 'gateway') {
      const path = via === 'gateway' ? GATEWAY_CREATE : ARK_TASKS;
      const model = via === 'gateway' ? 'sd2.0' : 'doubao-seedance-2-0-260128';
      const { status, body } = await json<{ id: string }>(path, post(textBody(prompt, extra, model)));
      if (status !== 200) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
      return body.id;
    },
  };
}
