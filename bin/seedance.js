#!/usr/bin/env node
import { main, processIo } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), processIo());
// Once the result is out, end now: after an HTTP request Node's exit otherwise lingers ~70 ms with nothing left
// to do (measured in `npm run bench`). Flush both streams first so a pipe reader gets every byte.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit();
