/**
 * `npm run bench`: gas per operation on the in-process chain (our contracts deployed as the
 * README recommends: UUPS proxies, permissions, Beijing's departments) next to OpenAttestation's
 * DocumentStore and EAS on the same chain; cost at scale; then throughput against a real
 * `hardhat node` over HTTP. Writes bench/results.json, prints tables and the comparison with the
 * committed bench/baseline.json. Not part of `npm test`. See bench/README.md.
 *
 * Environment: BENCH_ONLY=gas|node (one half), BENCH_MODULES=a,b (only these gas modules), BENCH_UPDATE_BASELINE=1 (write the baseline),
 * BENCH_STRICT=1 (exit 1 when gas rose against the baseline or a scale pair differs by > 2%).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { network } from "hardhat";

import { deployStaffedSuite } from "../test/helpers/suite.js";
import { compareWithBaseline, scaleChecks, writeBaseline } from "./baseline.js";
import { accessBench } from "./modules/access.js";
import { certificatesBench } from "./modules/certificates.js";
import { workflowBench } from "./modules/workflow.js";
import { exchangeBench } from "./modules/exchange.js";
import { propertyBench } from "./modules/property.js";
import { logisticsBench } from "./modules/logistics.js";
import { oneStopBench } from "./modules/onestop.js";
import { estateBench } from "./modules/estate.js";
import { financeBench } from "./modules/finance.js";
import { billsBench } from "./modules/bills.js";
import { indexerBench } from "./modules/indexer.js";
import { nodeThroughput } from "./node/throughput.js";
import type { BenchResults, ModuleBench } from "./types.js";
import { gatewayThroughput } from "./modules/gateway.js";

/**
 * Each module's measurements run on a fresh deployment so they cannot disturb each other.
 * A new module registers here; its `scale` pairs `<op>.first` / `<op>.10000th`
 * are checked against each other automatically (see scaleChecks).
 */
const MODULES: Record<string, ModuleBench> = {
  access: accessBench,
  certificates: certificatesBench,
  workflow: workflowBench,
  exchange: exchangeBench,
  property: propertyBench,
  logistics: logisticsBench,
  onestop: oneStopBench,
  estate: estateBench,
  finance: financeBench,
  bills: billsBench,
  indexer: indexerBench,
};

const SECTIONS = ["gas", "peers", "scale", "throughput"] as const;
const only = process.env.BENCH_ONLY;
const began = Date.now();
const elapsed = () => `${((Date.now() - began) / 1000).toFixed(0)} s`;

const results: BenchResults = { gas: {}, peers: {}, scale: {}, throughput: {} };
const merge = (partial: Partial<BenchResults>) => {
  for (const section of SECTIONS) Object.assign(results[section], partial[section] ?? {});
};

/** BENCH_MODULES=workflow,property: only these gas modules (quick runs; committed figures run all). */
const selected = process.env.BENCH_MODULES?.split(",").map((m) => m.trim());
if (only === undefined || only === "gas") {
  for (const [name, bench] of Object.entries(MODULES)) {
    if (selected !== undefined && !selected.includes(name)) continue;
    const connection = await network.create();
    const suite = await deployStaffedSuite(connection);
    console.log(`bench: ${name} (in-process chain) [${elapsed()}]`);
    merge(await bench({ connection, suite }));
    await connection.close();
  }
}
if (only === undefined || only === "node") {
  console.log(`bench: throughput (hardhat node over HTTP) [${elapsed()}]`);
  merge(await nodeThroughput(network));
  merge(await gatewayThroughput(network));
}

const file = new URL("./results.json", import.meta.url);
if (only !== undefined && existsSync(file)) {
  // A partial run (BENCH_ONLY) keeps the other half's figures from the last full run.
  const previous = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  for (const section of SECTIONS) results[section] = { ...previous[section], ...results[section] };
}
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
for (const section of SECTIONS) {
  if (Object.keys(results[section]).length === 0) continue;
  console.log(`\n${section}`);
  console.table(Object.fromEntries(Object.entries(results[section]).map(([k, v]) => [k, { value: v }])));
}

if (results.gas["certificates.issue"] !== undefined) {
  const { gas, peers } = results;
  const or = (v: number | undefined) => v ?? "-";
  console.log("\ncertificates side by side with peers (gas, same chain, same run)");
  console.table([
    {
      operation: "issue one certificate",
      govchain: gas["certificates.issue"],
      "OA DocumentStore": or(peers["OpenAttestation.issue"]),
      EAS: or(peers["EAS.attest"]),
    },
    {
      operation: "revoke one certificate",
      govchain: gas["certificates.revoke"],
      "OA DocumentStore": or(peers["OpenAttestation.revoke"]),
      EAS: or(peers["EAS.revoke"]),
    },
    {
      // OpenAttestation batches are Merkle roots too: issuing one costs one issue(root).
      operation: "issue 10,000 under one Merkle root",
      govchain: gas["certificates.issueBatch10000"],
      "OA DocumentStore": or(peers["OpenAttestation.issue"]),
      EAS: "-",
    },
  ]);
}

const scale = scaleChecks(results);
if (scale.length > 0) {
  console.log("\ncost at scale (goal: the 10,000th within 2% of the first)");
  console.table(scale);
}
const comparison = compareWithBaseline(results);
console.log(`\n${comparison.summary}`);
if (comparison.rows.length > 0) console.table(comparison.rows);

if (process.env.BENCH_UPDATE_BASELINE === "1") console.log(`baseline written: ${writeBaseline(results)}`);
console.log(`\nwritten: bench/results.json (${elapsed()} in all)`);
if (process.env.BENCH_STRICT === "1" && (comparison.regressions > 0 || scale.some((s) => !s.within2pct))) {
  process.exitCode = 1;
}
