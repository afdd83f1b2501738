import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttp } from '../../src/api/client.js';

let server: Server;
let attempts = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    attempts++;
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"boom"}}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const http = (retryBaseMs: number) =>
  createHttp({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey: 'k',
    timeoutMs: 5000,
    userAgent: 'test',
    retryBaseMs,
  });

it('a budget keeps the retry settings: 1 + 4 attempts when they fit', async () => {
  attempts = 0;
  await expect(http(1).get('t', { budgetMs: 5000 })).rejects.toMatchObject({ status: 500 });
  expect(attempts).toBe(5);
});

it('a retry whose backoff would overrun the budget is not made', async () => {
  attempts = 0;
  // Backoff 300 ms then 600 ms: the first fits in 700 ms, the second would end past it.
  await expect(http(300).get('t', { budgetMs: 700 })).rejects.toMatchObject({ status: 500 });
  expect(attempts).toBe(2);
});
