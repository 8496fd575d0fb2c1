/**
 * `npm run bench`: gas per operation on the in-process chain, our contracts deployed as the
 * README recommends (UUPS proxies, permissions, Beijing's departments). Writes
 * bench/results.json and prints a table. Not part of `npm test`.
 */
import { writeFileSync } from "node:fs";

import { network } from "hardhat";

import { deployStaffedSuite } from "../test/helpers/suite.js";
import { accessBench } from "./modules/access.js";
import { certificatesBench } from "./modules/certificates.js";
import { workflowBench } from "./modules/workflow.js";
import { exchangeBench } from "./modules/exchange.js";
import { propertyBench } from "./modules/property.js";
import type { BenchResults, ModuleBench } from "./types.js";

/** Each module's measurements run on a fresh deployment so they cannot disturb each other. */
const MODULES: Record<string, ModuleBench> = {
  access: accessBench,
  certificates: certificatesBench,
  workflow: workflowBench,
  exchange: exchangeBench,
  property: propertyBench,
};

const results: BenchResults = { gas: {}, peers: {}, scale: {}, throughput: {} };
for (const [name, bench] of Object.entries(MODULES)) {
  const connection = await network.create();
  const suite = await deployStaffedSuite(connection);
  console.log(`bench: ${name}`);
  const partial = await bench({ connection, suite });
  for (const section of ["gas", "peers", "scale", "throughput"] as const) {
    Object.assign(results[section], partial[section] ?? {});
  }
}

const file = new URL("./results.json", import.meta.url);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
for (const section of ["gas", "peers", "scale", "throughput"] as const) {
  if (Object.keys(results[section]).length === 0) continue;
  console.log(`\n${section}`);
  console.table(Object.fromEntries(Object.entries(results[section]).map(([k, v]) => [k, { value: v }])));
}
console.log(`\nwritten: bench/results.json`);
