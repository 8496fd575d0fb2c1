import { readFile } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { EvmVersion } from "../../config/evm.js";
import { SUITE_CONTRACTS } from "../../config/permissions.js";
import { GovChainError } from "../../sdk/index.js";

/** The contracts whose bytecode the deploy sends: the suite, its access manager and the proxy. */
const DEPLOYED_ARTIFACTS = [...SUITE_CONTRACTS, "GovAccessManager", "ERC1967Proxy"] as const;

/**
 * The EVM version each deployed artifact was compiled for, read from its build info
 * ("missing" when the artifact or its build info is absent).
 */
export async function builtEvmVersions(hre: HardhatRuntimeEnvironment): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of DEPLOYED_ARTIFACTS) {
    try {
      const { buildInfoId } = await hre.artifacts.readArtifact(name);
      versions[name] = (buildInfoId && (await buildInfoEvmVersion(hre, buildInfoId))) || "missing";
    } catch {
      versions[name] = "missing";
    }
  }
  return versions;
}

// Build infos are immutable (their id hashes the compiler input) and large: read each once per process.
const evmVersionByBuildInfo = new Map<string, string | undefined>();

async function buildInfoEvmVersion(hre: HardhatRuntimeEnvironment, id: string): Promise<string | undefined> {
  if (!evmVersionByBuildInfo.has(id)) {
    const file = await hre.artifacts.getBuildInfoPath(id);
    const buildInfo = file ? (JSON.parse(await readFile(file, "utf8")) as BuildInfo) : undefined;
    evmVersionByBuildInfo.set(id, buildInfo?.input.settings.evmVersion);
  }
  return evmVersionByBuildInfo.get(id);
}

interface BuildInfo {
  input: { settings: { evmVersion?: string } };
}

/** The artifacts not built for `target`, as "Name (version)". */
export function mismatches(versions: Record<string, string>, target: EvmVersion): string[] {
  return Object.entries(versions)
    .filter(([, version]) => version !== target)
    .map(([name, version]) => `${name} (${version})`);
}

/**
 * Makes sure the bytecode about to be deployed was compiled for `target`, the EVM version the
 * manifest records: builds when the artifacts were built for another target (Hardhat's config
 * follows EVM_VERSION, so the build compiles for it), then refuses if they still differ.
 */
export async function ensureBuiltFor(hre: HardhatRuntimeEnvironment, target: EvmVersion): Promise<void> {
  // Artifacts change only through a build: once checked in this process, a target stays checked
  // (test fixtures deploy the suite many times).
  if (checkedTarget === target) return;
  if (mismatches(await builtEvmVersions(hre), target).length === 0) {
    checkedTarget = target;
    return;
  }
  if (hre.config.solidity.profiles.default.compilers.some((c) => c.settings.evmVersion !== target)) {
    throw new GovChainError(
      `EVM_VERSION is ${target} but this Hardhat configuration compiles for another target: ` +
        `run the deploy with the same EVM_VERSION the configuration was loaded with`,
    );
  }
  console.error(`deploy: the built contracts are not for ${target}: building for ${target} first`);
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const left = mismatches(await builtEvmVersions(hre), target);
  if (left.length > 0) {
    throw new GovChainError(
      `refusing to deploy: the manifest would record EVM ${target} but these artifacts were built for another ` +
        `target: ${left.join(", ")}. Build with EVM_VERSION=${target} npx hardhat build, then deploy again.`,
    );
  }
  checkedTarget = target;
}

let checkedTarget: EvmVersion | undefined;
