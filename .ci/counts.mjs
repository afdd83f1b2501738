#!/usr/bin/env node
// Prints "N passed, N failed" from a vitest JSON report; exits 1 when the report is missing or no test ran.
import { existsSync, readFileSync } from 'node:fs';

const [file, label = ''] = process.argv.slice(2);
const prefix = label ? `${label}: ` : '';
if (!existsSync(file)) {
  console.log(`${prefix}0 passed, 0 failed`);
  console.error(`${prefix}no test report: the test command failed before vitest ran`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
console.log(`${prefix}${report.numPassedTests} passed, ${report.numFailedTests} failed`);
if (report.numTotalTests === 0) {
  console.error(`${prefix}no test ran`);
  process.exit(1);
}
