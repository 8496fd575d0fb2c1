import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import type { CityConfig, GovernanceProfile } from "../../config/city.js";
import { evmVersion } from "../../config/evm.js";
import { SUITE_CONTRACTS } from "../../config/permissions.js";
import { DEVELOPMENT_STAFF_FILE, loadStaffFile, type StaffFile } from "../../config/staff.js";
import { councilOf, handoverModule, type CouncilAdmins } from "../../ignition/modules/Governance.js";
import { suiteModule } from "../../ignition/modules/Suite.js";
import { ValidationError } from "../../sdk/errors/base.js";
import { GovChainError } from "../../sdk/index.js";
import { ignitionDeployConfig, checkFixedGasPrice, watchForStall } from "./chain-settings.js";
import { ensureBuiltFor } from "./evm-target.js";
import { journalDir, staleJournalReason } from "./journal.js";
import { deploymentsDir } from "../../cli/paths.js";
import { implementationOf } from "./proxy.js";
import { deployProgress, type ProgressSink } from "./deploy-progress.js";
import { deployWithListener } from "./ignition-listener.js";

export { deploymentsDir };
import type { DeploymentManifest, ProxyDeployment } from "../../sdk/core/manifest.js";

function currentCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

export interface DeployOptions {
  /** Forget this network's Ignition journal and deploy afresh. */
  reset?: boolean;
  /** Which council takes over: `development` (one member, no delays) unless the network is `private`. */
  governance?: GovernanceProfile;
  /** The council members' first admins (a staff file); default: config/staff.development.json for development. */
  staff?: StaffFile;
  /**
   * false: stop before the handover, the deployer keeping ADMIN, OPERATOR and UPGRADER. Only module tests use it
   * (to exercise module rules from the operator's seat); `govchain deploy` and the demo always hand over.
   */
  handover?: boolean;
  /** A journal whose contracts are not on this chain: refuse (the default) or start afresh. */
  staleJournal?: "refuse" | "reset";
  /** Where progress goes (see deploy-progress.ts); none by default (tests, `--json`). */
  progress?: ProgressSink;
}

/** The profile a network gets by default: the city's council on `private`, the development council elsewhere. */
export function defaultGovernanceProfile(networkName: string): GovernanceProfile {
  const chosen = process.env.GOVCHAIN_GOVERNANCE;
  if (chosen === "city" || chosen === "development") return chosen;
  if (chosen !== undefined && chosen !== "") {
    throw new ValidationError("GOVCHAIN_GOVERNANCE", `must be "city" or "development" (got "${chosen}")`);
  }
  return networkName === "private" ? "city" : "development";
}

/** The council members' first admins from `staff`, refusing a council that no one could act for. */
export function councilAdmins(city: CityConfig, profile: GovernanceProfile, staff: StaffFile): CouncilAdmins {
  const members = councilOf(city, profile).members.map((m) => m.department);
  const missing = members.filter((code) => (staff.departments[code]?.admins ?? []).length === 0);
  if (missing.length > 0) {
    throw new ValidationError(
      "staff",
      `the ${profile} council's member${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `need at least one admin in the staff file (--staff), or the council could never act`,
    );
  }
  return Object.fromEntries(members.map((code) => [code, staff.departments[code].admins]));
}

/**
 * Deploys (or resumes deploying) the suite with Hardhat Ignition and returns its manifest.
 * On a persistent network Ignition's journal makes a re-run continue where it stopped.
 * The deploy ends with the handover: the council holds ADMIN, OPERATOR and UPGRADER, the deployer nothing.
 */
export async function deploySuite(
  connection: NetworkConnection,
  city: CityConfig,
  options: DeployOptions = {},
): Promise<DeploymentManifest> {
  const governance = options.governance ?? defaultGovernanceProfile(connection.networkName);
  const handover = options.handover ?? true;
  const staffFile =
    process.env.GOVCHAIN_STAFF_FILE || (governance === "development" ? DEVELOPMENT_STAFF_FILE : undefined);
  const staff = options.staff ?? (staffFile === undefined ? undefined : loadStaffFile(staffFile));
  if (handover && staff === undefined) {
    throw new ValidationError(
      "staff",
      `the ${governance} council needs a staff file naming its members' admins (--staff)`,
    );
  }
  const suite = suiteModule(city, governance);
  const module = handover ? handoverModule(city, governance, councilAdmins(city, governance, staff!), suite) : suite;
  const provider = connection.ethers.provider;
  const startBlock = await provider.getBlockNumber();
  const { chainId } = await provider.getNetwork();
  // One Ignition journal per network and chain: a re-run resumes it, `reset` starts over
  // (needed after restarting a development node, whose fresh chain reuses the chain id).
  const deploymentId = process.env.GOVCHAIN_DEPLOYMENT_ID ?? `${connection.networkName}-${chainId}`;
  const reset = await prepareDeploy(connection, deploymentId, options);
  if (reset) rmSync(journalDir(deploymentId), { recursive: true, force: true });
  const config = ignitionDeployConfig(connection.networkName);
  const stopWatch = watchForStall(connection, config.requiredConfirmations);
  const deployed = await (
    options.progress === undefined
      ? connection.ignition.deploy(module, { displayUi: false, deploymentId, config })
      : deployWithListener(connection, module, deploymentId, config, deployProgress(module, options.progress))
  ).finally(stopWatch);
  const contracts: Record<string, string | ProxyDeployment> = {};
  for (const [name, contract] of Object.entries(deployed)) {
    const address = await contract.getAddress();
    if ((SUITE_CONTRACTS as readonly string[]).includes(name)) {
      contracts[name] = { proxy: address, implementation: await implementationOf(provider, address) };
    } else {
      contracts[name] = address;
    }
  }
  // A resumed deployment keeps the block it started at: event scans must begin there.
  const previous = previousManifest(connection.networkName);
  const resumed =
    !reset &&
    previous?.chainId === chainId.toString() &&
    previous.contracts.GovAccessManager === contracts.GovAccessManager;
  return {
    network: connection.networkName,
    chainId: chainId.toString(),
    city: city.city,
    evmVersion: evmVersion(process.env.EVM_VERSION),
    governance: { profile: governance, handedOver: handover },
    deploymentBlock: resumed ? previous.deploymentBlock : startBlock + 1,
    deployedAt: resumed ? previous.deployedAt : new Date().toISOString(),
    commit: currentCommit(),
    contracts: contracts as DeploymentManifest["contracts"],
  };
}

/**
 * Checks before any transaction: the bytecode is built for the EVM target the manifest records,
 * a fixed gas price is payable, and the Ignition journal belongs to this chain. Returns whether
 * to drop the journal.
 */
async function prepareDeploy(
  connection: NetworkConnection,
  deploymentId: string,
  options: DeployOptions,
): Promise<boolean> {
  const { default: hre } = await import("hardhat");
  await ensureBuiltFor(hre, evmVersion(process.env.EVM_VERSION));
  await checkFixedGasPrice(connection);
  if (options.reset) return true;
  // The in-process chain keeps no journal (Ignition deploys there in memory).
  if (connection.networkConfig.type === "edr-simulated") return false;
  const stale = await staleJournalReason(connection, deploymentId);
  if (stale === undefined) return false;
  if (options.staleJournal === "reset") {
    console.error(`deploy: the Ignition journal ${deploymentId} is from another chain: deploying afresh (${stale})`);
    return true;
  }
  throw new GovChainError(
    `the Ignition journal ${journalDir(deploymentId)} is from another chain: ${stale}. ` +
      `Deploy afresh with --reset (or set GOVCHAIN_DEPLOYMENT_ID to keep both).`,
  );
}

function previousManifest(network: string): DeploymentManifest | undefined {
  const file = path.join(deploymentsDir(), `${network}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DeploymentManifest) : undefined;
}

// Kept in cli/paths.ts, which the packaged CLI ships (its governance command records upgrades).
export { writeManifest } from "../../cli/paths.js";
