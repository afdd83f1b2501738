#!/usr/bin/env node
// Prints "N passed, N failed, N skipped" from a vitest JSON report, after one "skipped: <file>: <test>" line per
// skipped test (a conditional skip carries its reason in its name); exits 1 when the report is missing or no test ran.
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [file, label = ''] = process.argv.slice(2);
const prefix = label ? `${label}: ` : '';
if (!existsSync(file)) {
  console.log(`${prefix}0 passed, 0 failed, 0 skipped`);
  console.error(`${prefix}no test report: the test command failed before vitest ran`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = report.testResults.flatMap((f) =>
  f.assertionResults
    .filter((t) => t.status === 'skipped' || t.status === 'pending')
    .map((t) => `${relative(process.cwd(), f.name)}: ${t.fullName}`),
);
for (const line of skipped) console.log(`${prefix}skipped: ${line}`);
console.log(`${prefix}${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped.length} skipped`);
if (report.numTotalTests === 0) {
  console.error(`${prefix}no test ran`);
  process.exit(1);
}
