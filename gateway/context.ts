import { FetchRequest, JsonRpcProvider, Network } from "ethers";

import type { IndexDatabase } from "../indexer/database.js";
import { IndexedProvider } from "../indexer/provider.js";
import { GovChain } from "../sdk/govchain.js";
import type { DeploymentManifest } from "../sdk/core/manifest.js";

/** What every route reads from: the SDK connected read-only, through the index when there is one. */
export interface GatewayContext {
  gov: GovChain;
  manifest: DeploymentManifest;
  rpcUrl: string;
  /** The index (absent with --no-index): SDK event reads come from it up to its synced block. */
  database?: IndexDatabase;
  provider: JsonRpcProvider;
  /** How long one request to the node may take before the answer is "cannot verify now". */
  rpcTimeoutMs: number;
}

/**
 * Connects the SDK with no key. Chain checks are skipped at start (the gateway must start, and say "cannot verify
 * now", while the node is down); /health reports them. The network is static: ethers would otherwise retry an
 * unreachable node's network detection forever instead of failing the request.
 */
export async function connectGateway(options: {
  rpcUrl: string;
  manifest: DeploymentManifest;
  database?: IndexDatabase;
  rpcTimeoutMs: number;
}): Promise<GatewayContext> {
  const request = new FetchRequest(options.rpcUrl);
  request.timeout = options.rpcTimeoutMs;
  const network = Network.from(BigInt(options.manifest.chainId));
  const provider =
    options.database === undefined
      ? new JsonRpcProvider(request, network, { staticNetwork: network })
      : new IndexedProvider(request, options.database.db, network);
  const gov = await GovChain.connect(provider, options.manifest, { skipChecks: true });
  return { ...options, gov, provider };
}
