import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { NetworkError } from "../../sdk/index.js";

/** The environment variable hardhat.config.ts reads each JSON-RPC network's URL from. */
const URL_VARIABLES: Record<string, string> = { localhost: "LOCALHOST_RPC_URL", private: "PRIVATE_RPC_URL" };

/** The URL a Hardhat HTTP network points at, or undefined when it cannot be resolved (unset variable). */
async function networkUrl(hre: HardhatRuntimeEnvironment, network: string): Promise<string | undefined> {
  const config = hre.config.networks[network];
  if (config?.type !== "http") return undefined;
  try {
    return await config.url.get();
  } catch {
    return undefined;
  }
}

/** The innermost message of an error chain (e.g. "Connection to http://… was refused"), on one line. */
function innermost(error: unknown): string {
  let e = error as { cause?: unknown; message?: string } | undefined;
  while (e?.cause !== undefined && e.cause !== null) e = e.cause as typeof e;
  return String(e?.message ?? e).split("\n")[0];
}

/**
 * "cannot reach http://127.0.0.1:8545 (network localhost; set with --network or GOVCHAIN_NETWORK /
 * LOCALHOST_RPC_URL): …": what was tried and which setting to change.
 */
export async function unreachable(hre: HardhatRuntimeEnvironment, network: string, cause: unknown) {
  const url = await networkUrl(hre, network);
  const variable = URL_VARIABLES[network];
  const settings = `set with --network or GOVCHAIN_NETWORK${variable === undefined ? "" : ` / ${variable}`}`;
  return new NetworkError(
    `cannot reach ${url ?? `network "${network}"`} (network ${network}; ${settings}): ${innermost(cause)}`,
    { cause },
  );
}
