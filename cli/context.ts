import { existsSync } from "node:fs";
import path from "node:path";

import type { Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { unreachable } from "./format/network.js";
import { GovChain, loadManifest, ValidationError, type DeploymentManifest } from "../sdk/index.js";
import { deploymentsDir } from "./paths.js";
import { connectRpc } from "./rpc.js";
import { installRetryingTransport } from "./transport.js";

/** Options every command accepts (commander's global options). */
export interface GlobalOptions {
  network: string;
  json: boolean;
  account?: string;
  manifest?: string;
  /** The council member department an operator action is proposed for (default: the one the account administers). */
  member?: string;
  /** A node's JSON-RPC URL: connect without Hardhat (see rpc.ts); --manifest is then required. */
  rpcUrl?: string;
}

/** A Hardhat network connection for `--network`, with a clear error for unknown or unreachable networks. */
export async function connectNetwork(options: GlobalOptions): Promise<NetworkConnection> {
  const { default: hre } = await import("hardhat");
  if (!(options.network in hre.config.networks)) {
    const known = Object.keys(hre.config.networks).join(", ");
    throw new ValidationError(
      "--network",
      `"${options.network}" is not configured (known: ${known}; "private" needs PRIVATE_RPC_URL in .env)`,
    );
  }
  // Every request of the connection (reads, sends, Ignition's deploy) goes through the SDK's retrying transport.
  installRetryingTransport(hre);
  const connection = await hre.network.create(options.network);
  try {
    await connection.provider.request({ method: "eth_chainId" });
  } catch (error) {
    throw await unreachable(hre, options.network, error);
  }
  return connection;
}

/** The manifest for the network: `--manifest`, else `deployments/<network>.json`. */
export async function manifestFor(options: GlobalOptions): Promise<DeploymentManifest> {
  const file = options.manifest ?? path.join(deploymentsDir(), `${options.network}.json`);
  if (!existsSync(file)) {
    throw new ValidationError(
      "manifest",
      `${file} does not exist: deploy first (govchain deploy --network ${options.network})`,
    );
  }
  return loadManifest(file);
}

/** The signer `--account` names: an index into the network's accounts, or one of their addresses. */
export async function signerFor(connection: NetworkConnection, options: GlobalOptions): Promise<Signer> {
  const signers = await connection.ethers.getSigners();
  if (signers.length === 0)
    throw new ValidationError("--account", `network "${options.network}" has no accounts configured`);
  const wanted = options.account ?? "0";
  const signer = /^\d+$/.test(wanted)
    ? signers[Number(wanted)]
    : signers.find((s) => s.address.toLowerCase() === wanted.toLowerCase());
  if (signer === undefined) {
    throw new ValidationError(
      "--account",
      `${wanted} is not one of the ${signers.length} accounts of network "${options.network}"`,
    );
  }
  return signer;
}

/** The network's fixed gas price (`gasPrice` in hardhat.config.ts, PRIVATE_GAS_PRICE), or undefined for "auto". */
export function fixedGasPrice(connection: NetworkConnection): bigint | undefined {
  const configured = connection.networkConfig.gasPrice;
  return configured === "auto" || configured === undefined ? undefined : BigInt(configured);
}

/** Connects the SDK for a command: a signer when `write`, a provider alone otherwise. */
export async function govchain(
  options: GlobalOptions,
  write: boolean,
): Promise<{ gov: GovChain; connection?: NetworkConnection }> {
  if (options.rpcUrl !== undefined) return { gov: await connectRpc({ ...options, rpcUrl: options.rpcUrl }, write) };
  const connection = await connectNetwork(options);
  const manifest = await manifestFor(options);
  const runner = write ? await signerFor(connection, options) : connection.ethers.provider;
  // The connection's transport already retries transient failures (cli/transport.ts): a second
  // layer of retries in the AgencySigner would multiply the waits of a node that is really gone.
  connected = await GovChain.connect(runner, manifest, {
    agencySigner: { attempts: 1, gasPrice: fixedGasPrice(connection) },
  });
  return { gov: connected, connection };
}

let connected: GovChain | undefined;

/** The suite the command connected to, if it did: a failure's explanation may read the chain (valid codes). */
export function connectedSuite(): GovChain | undefined {
  return connected;
}
