import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import type { CityConfig } from "../../config/city.js";
import { evmVersion } from "../../config/evm.js";
import { SUITE_CONTRACTS } from "../../config/permissions.js";
import { suiteModule } from "../../ignition/modules/Suite.js";
import { implementationOf } from "./proxy.js";
import type { DeploymentManifest, ProxyDeployment } from "../../sdk/core/manifest.js";

function currentCommit(): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Deploys (or resumes deploying) the suite with Hardhat Ignition and returns its manifest.
 * On a persistent network Ignition's journal makes a re-run continue where it stopped.
 */
export async function deploySuite(
  connection: NetworkConnection,
  city: CityConfig,
  options: { reset?: boolean } = {},
): Promise<DeploymentManifest> {
  const provider = connection.ethers.provider;
  const startBlock = await provider.getBlockNumber();
  const { chainId } = await provider.getNetwork();
  // One Ignition journal per network and chain: a re-run resumes it, `reset` starts over
  // (needed after restarting a development node, whose fresh chain reuses the chain id).
  const deploymentId = process.env.GOVCHAIN_DEPLOYMENT_ID ?? `${connection.networkName}-${chainId}`;
  if (options.reset) rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  const deployed = await connection.ignition.deploy(suiteModule(city), { displayUi: false, deploymentId });
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
    !options.reset &&
    previous?.chainId === chainId.toString() &&
    previous.contracts.GovAccessManager === contracts.GovAccessManager;
  return {
    network: connection.networkName,
    chainId: chainId.toString(),
    city: city.city,
    evmVersion: evmVersion(process.env.EVM_VERSION),
    deploymentBlock: resumed ? previous.deploymentBlock : startBlock + 1,
    deployedAt: resumed ? previous.deployedAt : new Date().toISOString(),
    commit: currentCommit(),
    contracts: contracts as DeploymentManifest["contracts"],
  };
}

function previousManifest(network: string): DeploymentManifest | undefined {
  const file = path.join(deploymentsDir(), `${network}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DeploymentManifest) : undefined;
}

/** Where manifests go: `deployments/`, or GOVCHAIN_DEPLOYMENTS_DIR. */
export function deploymentsDir(): string {
  return process.env.GOVCHAIN_DEPLOYMENTS_DIR ?? "deployments";
}

/** Writes `<deployments>/<network>.json` in one write, only once the deployment is complete. */
export function writeManifest(manifest: DeploymentManifest, dir = deploymentsDir()): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${manifest.network}.json`);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
