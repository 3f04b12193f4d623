/** Prints the last vitest run's totals as one plain "N passed, N failed" line, from its JSON report. */
import { readFileSync } from "node:fs";

interface VitestJsonReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const report = JSON.parse(
  readFileSync(new URL("../test-results/vitest.json", import.meta.url), "utf8"),
) as VitestJsonReport;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exitCode = report.numFailedTests === 0 && report.numTotalTests > 0 ? 0 : 1;
