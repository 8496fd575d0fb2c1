import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import upgradesCore, { type StorageLayout, type ValidationData } from "@openzeppelin/upgrades-core";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

// A CommonJS package: its named exports are only reachable through the default import under ESM.
const { getStorageLayout, getStorageUpgradeReport, getVersion, withValidationDefaults } = upgradesCore;

/** Committed storage layouts of the last released version of each suite contract. */
export const BASELINE_DIR = "storage-layouts";

/**
 * The storage layout (ERC-7201 namespaces included) of `contractName` as last built, from the
 * validation data `@openzeppelin/hardhat-upgrades` writes on every build.
 */
export async function builtLayout(hre: HardhatRuntimeEnvironment, contractName: string): Promise<StorageLayout> {
  const artifact = await hre.artifacts.readArtifact(contractName);
  const file = path.join(hre.config.paths.cache, "validations.json");
  const data = JSON.parse(readFileSync(file, "utf8")) as ValidationData;
  return getStorageLayout(data, getVersion(artifact.bytecode));
}

export function baselinePath(contractName: string): string {
  return path.join(BASELINE_DIR, `${contractName}.json`);
}

export function readBaseline(contractName: string): StorageLayout | undefined {
  const file = baselinePath(contractName);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as StorageLayout) : undefined;
}

export function writeBaseline(contractName: string, layout: StorageLayout): string {
  mkdirSync(BASELINE_DIR, { recursive: true });
  const file = baselinePath(contractName);
  writeFileSync(file, `${JSON.stringify(layout, null, 2)}\n`);
  return file;
}

/** Whether `updated` can replace `original` behind a proxy without corrupting storage; `explain` says why not. */
export function compareLayouts(original: StorageLayout, updated: StorageLayout): { ok: boolean; explain: string } {
  const report = getStorageUpgradeReport(original, updated, withValidationDefaults({ kind: "uups" }));
  return { ok: report.ok, explain: report.explain() };
}
