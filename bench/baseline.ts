import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import type { BenchResults } from "./types.js";

const BASELINE = new URL("./baseline.json", import.meta.url);
/** Deterministic sections (gas on the in-process chain): compared exactly. Throughput is noisy and is not. */
const COMPARED = ["gas", "peers", "scale"] as const;

export interface ComparisonRow {
  key: string;
  baseline: number | string;
  now: number | string;
  delta: string;
}

/**
 * Every gas figure against the committed baseline: a reviewer sees at once what rose, what fell,
 * what is new and what disappeared. Only `gas` and `scale` (ours) count as regressions;
 * `peers` changes are shown but belong to the peers' packages.
 */
export function compareWithBaseline(results: BenchResults): {
  rows: ComparisonRow[];
  regressions: number;
  summary: string;
} {
  if (!existsSync(BASELINE)) return { rows: [], regressions: 0, summary: "no bench/baseline.json: nothing to compare" };
  const baseline = JSON.parse(readFileSync(BASELINE, "utf8")) as Partial<BenchResults>;
  const rows: ComparisonRow[] = [];
  let regressions = 0;
  let unchanged = 0;
  for (const section of COMPARED) {
    const before = baseline[section] ?? {};
    const after = results[section];
    if (Object.keys(after).length === 0) continue; // section not run (BENCH_ONLY)
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const b = before[key];
      const a = after[key];
      const name = `${section}.${key}`;
      if (b === undefined) rows.push({ key: name, baseline: "-", now: a, delta: "new" });
      else if (a === undefined) rows.push({ key: name, baseline: b, now: "-", delta: "gone" });
      else if (a === b) unchanged++;
      else {
        const pct = ((a - b) / b) * 100;
        const rose = a > b;
        if (rose && section !== "peers") regressions++;
        rows.push({
          key: name,
          baseline: b,
          now: a,
          delta: `${rose ? "+" : ""}${a - b} (${rose ? "+" : ""}${pct.toFixed(2)}%)${rose && section !== "peers" ? "  ROSE" : ""}`,
        });
      }
    }
  }
  const summary =
    `gas vs bench/baseline.json: ${unchanged} unchanged, ${rows.length} changed/new/gone, ` +
    `${regressions} rose${regressions > 0 ? " (explain in the PR, or BENCH_UPDATE_BASELINE=1 if intended)" : ""}`;
  return { rows, regressions, summary };
}

/** Writes the deterministic sections of `results` as the new baseline; returns the path. */
export function writeBaseline(results: BenchResults): string {
  const baseline = Object.fromEntries(COMPARED.map((s) => [s, results[s]]));
  writeFileSync(BASELINE, `${JSON.stringify(baseline, null, 2)}\n`);
  return fileURLToPath(BASELINE);
}

/** Every `<op>.first` / `<op>.10000th` pair in `scale`, with the difference and whether it is within 2%. */
export function scaleChecks(
  results: BenchResults,
): { operation: string; first: number; "10000th": number; delta: string; within2pct: boolean }[] {
  return Object.keys(results.scale)
    .filter((k) => k.endsWith(".first"))
    .map((k) => k.slice(0, -".first".length))
    .filter((op) => results.scale[`${op}.10000th`] !== undefined)
    .map((op) => {
      const first = results.scale[`${op}.first`];
      const last = results.scale[`${op}.10000th`];
      const pct = ((last - first) / first) * 100;
      return {
        operation: op,
        first,
        "10000th": last,
        delta: `${pct >= 0 ? "+" : ""}${pct.toFixed(3)}%`,
        within2pct: Math.abs(pct) <= 2,
      };
    });
}
