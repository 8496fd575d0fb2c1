import { existsSync } from "node:fs";

import { JsonRpcProvider, Network, Wallet, type Signer } from "ethers";

import { GovChain, GovChainError, loadManifest, ValidationError, type DeploymentManifest } from "../sdk/index.js";

/**
 * The CLI without Hardhat: a node's JSON-RPC URL (`--rpc-url` / GOVCHAIN_RPC_URL) and a deployment
 * manifest file (`--manifest` / GOVCHAIN_MANIFEST) instead of a Hardhat network. What the packaged
 * `govchain` bin uses in an agency's own project, where there is no hardhat.config.ts.
 * Writes are signed by GOVCHAIN_PRIVATE_KEY, else by the node's account `--account` (a node that
 * holds keys, such as a development node).
 */
export interface RpcOptions {
  rpcUrl: string;
  manifest?: string;
  account?: string;
}

export function manifestFile(options: { manifest?: string }): DeploymentManifest {
  const file = options.manifest ?? process.env.GOVCHAIN_MANIFEST;
  if (file === undefined) {
    throw new ValidationError(
      "--manifest",
      "give the deployment's manifest file (or GOVCHAIN_MANIFEST) with --rpc-url",
    );
  }
  if (!existsSync(file)) throw new ValidationError("--manifest", `${file} does not exist`);
  return loadManifest(file);
}

/** A provider on a node that answered eth_chainId (ethers would otherwise retry an unreachable URL forever). */
async function reachable(url: string): Promise<JsonRpcProvider> {
  let chainId: string;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    chainId = ((await response.json()) as { result: string }).result;
  } catch (error) {
    throw new GovChainError(`the node at ${url} is unreachable: ${(error as Error).message}`, { cause: error });
  }
  return new JsonRpcProvider(url, undefined, { staticNetwork: Network.from(BigInt(chainId)) });
}

async function signer(provider: JsonRpcProvider, account: string | undefined): Promise<Signer> {
  const key = process.env.GOVCHAIN_PRIVATE_KEY;
  if (key !== undefined && key !== "") {
    if (account !== undefined) throw new ValidationError("--account", "give either --account or GOVCHAIN_PRIVATE_KEY");
    try {
      return new Wallet(key, provider);
    } catch (error) {
      throw new ValidationError("GOVCHAIN_PRIVATE_KEY", "is not a private key", { cause: error });
    }
  }
  const accounts = (await provider.send("eth_accounts", [])) as string[];
  const wanted = account ?? "0";
  const address = /^\d+$/.test(wanted)
    ? accounts[Number(wanted)]
    : accounts.find((a) => a.toLowerCase() === wanted.toLowerCase());
  if (address === undefined) {
    throw new ValidationError(
      "--account",
      accounts.length === 0
        ? "the node holds no accounts: set GOVCHAIN_PRIVATE_KEY to sign"
        : `${wanted} is not one of the node's ${accounts.length} accounts`,
    );
  }
  return provider.getSigner(address);
}

/** Connects the SDK over `options.rpcUrl`: a signer when `write`, the provider alone otherwise. */
export async function connectRpc(options: RpcOptions, write: boolean): Promise<GovChain> {
  const manifest = manifestFile(options);
  const provider = await reachable(options.rpcUrl);
  return GovChain.connect(write ? await signer(provider, options.account) : provider, manifest);
}
