/**
 * The order the suite's files start in. Once Vitest has timed a run (its cache in node_modules/.vite)
 * it starts the longest files first; a fresh clone, CI's, has no cache and starts the largest first.
 * Then the files that spend longest in one beforeAll (a second Emulator Suite for `npm run dev`, Optic
 * over the contract) started in the last minute and ran on alone at the end, two cores half idle.
 * These start first, in this order, in their project; every other file keeps Vitest's order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

export const STARTS_FIRST = [
  "scripts/dev.test.ts",
  "functions/test/unit/compatibility.test.ts",
  "web/test/customer.test.ts",
  "web/test/web-app.test.ts",
];

const rankOf = (spec: TestSpecification): number => {
  const rank = STARTS_FIRST.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
  return rank === -1 ? STARTS_FIRST.length : rank;
};

export default class SuiteSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const early = sorted.filter((spec) => rankOf(spec) < STARTS_FIRST.length).sort((a, b) => rankOf(a) - rankOf(b));
    const ordered: TestSpecification[] = [];
    for (const spec of sorted) {
      if (rankOf(spec) < STARTS_FIRST.length) continue;
      // The early files of this project go just before its first other file.
      for (const first of early) if (first.project === spec.project && !ordered.includes(first)) ordered.push(first);
      ordered.push(spec);
    }
    for (const first of early) if (!ordered.includes(first)) ordered.push(first);
    return ordered;
  }
}
