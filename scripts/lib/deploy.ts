import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import type { CityConfig } from "../../config/city.js";
import { evmVersion } from "../../config/evm.js";
import { SUITE_CONTRACTS } from "../../config/permissions.js";
import { suiteModule } from "../../ignition/modules/Suite.js";
import { getAddress } from "ethers";

import type { DeploymentManifest, ProxyDeployment } from "../../sdk/core/manifest.js";

// keccak256("eip1967.proxy.implementation") - 1
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

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
  const deploymentId = `${connection.networkName}-${chainId}`;
  if (options.reset) rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  const deployed = await connection.ignition.deploy(suiteModule(city), { displayUi: false, deploymentId });
  const contracts: Record<string, string | ProxyDeployment> = {};
  for (const [name, contract] of Object.entries(deployed)) {
    const address = await contract.getAddress();
    if ((SUITE_CONTRACTS as readonly string[]).includes(name)) {
      const implementationWord = await provider.getStorage(address, IMPLEMENTATION_SLOT);
      contracts[name] = { proxy: address, implementation: getAddress(`0x${implementationWord.slice(-40)}`) };
    } else {
      contracts[name] = address;
    }
  }
  return {
    network: connection.networkName,
    chainId: chainId.toString(),
    city: city.city,
    evmVersion: evmVersion(process.env.EVM_VERSION),
    deploymentBlock: startBlock + 1,
    deployedAt: new Date().toISOString(),
    commit: currentCommit(),
    contracts: contracts as DeploymentManifest["contracts"],
  };
}

/** Writes `deployments/<network>.json` atomically enough for a single writer: the whole file at once. */
export function writeManifest(manifest: DeploymentManifest, dir = "deployments"): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${manifest.network}.json`);
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
