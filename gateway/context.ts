import { FetchRequest, JsonRpcProvider, Network, type JsonRpcPayload, type JsonRpcResult } from "ethers";

import type { IndexDatabase } from "../indexer/database.js";
import { IndexedProvider } from "../indexer/provider.js";
import { withRetries, type RetryPolicy } from "../sdk/core/transport.js";
import type { DeploymentManifest } from "../sdk/core/manifest.js";
import { GovChain } from "../sdk/govchain.js";

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
 * Reads are retried on a transient failure (the SDK's one rule, sdk/core/transport.ts), but briefly: a node that
 * closed an idle keep-alive socket must not turn into a 503, and a node that is really gone must turn into one
 * within a second, not after the SDK's ten-second patience.
 */
const GATEWAY_RETRY: Partial<RetryPolicy> = { attempts: 3, backoffMs: 50, maxBackoffMs: 200 };

const retried = (send: () => Promise<JsonRpcResult[]>) => withRetries(send, { policy: GATEWAY_RETRY });

class RetryingIndexedProvider extends IndexedProvider {
  override _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    return retried(() => super._send(payload));
  }
}

class RetryingProvider extends JsonRpcProvider {
  override _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    return retried(() => super._send(payload));
  }
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
      ? new RetryingProvider(request, network, { staticNetwork: network })
      : new RetryingIndexedProvider(request, options.database.db, network);
  const gov = await GovChain.connect(provider, options.manifest, { skipChecks: true });
  return { ...options, gov, provider };
}
