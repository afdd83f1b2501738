// Fallback peak-RSS probe when /usr/bin/time is absent: runs the built CLI in this process like bin/seedance.js
// does, and writes "<maxRSS KiB> <user s> <system s>" (GNU time's `%M %U %S`) to $BENCH_RSS_FILE on exit.
import { writeFileSync } from 'node:fs';
import { main, processIo } from '../../dist/cli.js';

process.once('exit', () => {
  const usage = process.resourceUsage();
  writeFileSync(
    process.env.BENCH_RSS_FILE,
    `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}\n`,
  );
});
process.exitCode = await main(process.argv.slice(2), processIo());
