/**
 * Storage-layout baseline of every suite contract (`storage-layouts/*.json`).
 *   npm run storage:check     compare the built contracts with the baseline (also run by `npm test`)
 *   npm run storage:snapshot  record the built layouts as the new baseline, at a release
 */
import hre from "hardhat";

import { SUITE_CONTRACTS } from "../config/permissions.js";
import { builtLayout, compareLayouts, readBaseline, writeBaseline } from "./lib/storage-layout.js";

const mode = process.env.STORAGE_LAYOUT_MODE === "snapshot" ? "snapshot" : "check";
let failed = false;
for (const name of SUITE_CONTRACTS) {
  const layout = await builtLayout(hre, name);
  if (mode === "snapshot") {
    console.log(`${name}: baseline written to ${writeBaseline(name, layout)}`);
    continue;
  }
  const baseline = readBaseline(name);
  if (baseline === undefined) {
    console.error(`${name}: no baseline; run \`npm run storage:snapshot\` and commit storage-layouts/`);
    failed = true;
    continue;
  }
  const { ok, explain } = compareLayouts(baseline, layout);
  console.log(`${name}: ${ok ? "compatible with the baseline" : `INCOMPATIBLE\n${explain}`}`);
  failed ||= !ok;
}
if (failed) process.exitCode = 1;
