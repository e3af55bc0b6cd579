// Prints one closing line, "tests: N passed, N failed", from vitest's JSON report.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
const tail = skipped ? `, ${skipped} skipped` : '';
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${tail}`);
