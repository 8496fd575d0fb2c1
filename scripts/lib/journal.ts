import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

/** Where Ignition keeps the journal of deployment `deploymentId`. */
export function journalDir(deploymentId: string): string {
  return path.join("ignition", "deployments", deploymentId);
}

/**
 * Why the Ignition journal of `deploymentId` belongs to another chain, or undefined when it is
 * absent or matches. A development node restarted with the same chain id (geth `--dev`, anvil,
 * `hardhat node`) starts empty: the journal's contracts have no code there, and resuming it
 * would fail deep inside Ignition.
 */
export async function staleJournalReason(
  connection: NetworkConnection,
  deploymentId: string,
): Promise<string | undefined> {
  const file = path.join(journalDir(deploymentId), "deployed_addresses.json");
  if (!existsSync(file)) return undefined;
  let addresses: Record<string, string>;
  try {
    addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return `${file} is not valid JSON`;
  }
  for (const [future, address] of Object.entries(addresses)) {
    if ((await connection.ethers.provider.getCode(address)) === "0x") {
      return `${future} at ${address}, recorded in ${file}, has no code on this chain (a restarted node, or another chain with the same id)`;
    }
  }
  return undefined;
}
