import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from './context.js';

/** One API request being answered. `record` logs the status in the stats; every reply goes through it. */
export interface Exchange {
  ctx: SandboxContext;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  requestId: string;
  /** Served under /api/v3 (Ark envelopes and X-Request-Id) rather than by the gateway. */
  ark: boolean;
  record(status: number): void;
}

type Headers = Record<string, string | number>;

export function sendJson(ex: Exchange, status: number, body: unknown, headers: Headers = {}): void {
  sendText(ex, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

export function sendText(ex: Exchange, status: number, text: string, headers: Headers): void {
  ex.record(status);
  ex.res.writeHead(status, { 'Content-Length': Buffer.byteLength(text), ...headers });
  ex.res.end(text);
}

/** A create or task read, unless `faults.malformed` garbles it into a 200 that is not the JSON asked for. */
export function sendTaskJson(ex: Exchange, status: number, body: unknown): void {
  const malformed = ex.ctx.faults.malformed;
  if (malformed === 'html') {
    const page =
      '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n';
    sendText(ex, 200, page, { 'Content-Type': 'text/html; charset=utf-8' });
  } else if (malformed === 'json') {
    const text = JSON.stringify(body);
    sendText(ex, 200, text.slice(0, Math.ceil(text.length / 2)), { 'Content-Type': 'application/json; charset=utf-8' });
  } else if (malformed === 'empty') {
    sendText(ex, 200, '', { 'Content-Type': 'application/json; charset=utf-8' });
  } else {
    sendJson(ex, status, body);
  }
}

/** The request body, or null when it is larger than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep reading past the limit (discarding): leaving the loop early would destroy the socket before the 413.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** Go's strconv.ParseBool truthy spellings, which is what the gateway's query flags go through. */
export function queryFlag(url: URL, name: string): boolean {
  return /^(1|t|true)$/i.test(url.searchParams.get(name) ?? '');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when the response can take more data, or is gone. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Resolves once `data` has been handed to the socket (or the response is gone). */
export function flushed(res: ServerResponse, data: Buffer): Promise<void> {
  return new Promise((resolve) => {
    res.once('close', resolve);
    res.write(data, () => {
      res.off('close', resolve);
      resolve();
    });
  });
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; tooLarge: boolean; message: string };

/** Reads and parses a JSON request body (up to 64 MiB, Ark's practical limit for inline base64 media). */
export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const body = await readBody(req, 64 * 1024 * 1024);
  if (body === null) return { ok: false, tooLarge: true, message: 'request body too large' };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { ok: false, tooLarge: false, message: (error as Error).message };
  }
}

export function retryAfterHeader(fault: { retryAfterSec?: number }): Record<string, number> {
  return fault.retryAfterSec === undefined ? {} : { 'Retry-After': fault.retryAfterSec };
}
