import {
  JsonRpcProvider,
  Network,
  type JsonRpcApiProviderOptions,
  type JsonRpcPayload,
  type JsonRpcResult,
} from "ethers";

/** JSON-RPC traffic seen by a {@link CountingProvider} since its last `reset()`. */
export interface RpcCounts {
  /** JSON-RPC requests (a JSON-RPC batch of n counts n). */
  requests: number;
  /** HTTP POSTs. */
  http: number;
  byMethod: Record<string, number>;
}

/**
 * An ethers JsonRpcProvider that counts every JSON-RPC request it sends, by method. The network
 * is static (no `eth_chainId` before each call), as an agency process pinned to its chain would
 * configure it; `batchMaxCount: 1` sends each request at once in its own POST (no 10 ms batching
 * stall), so sequential loops are not penalised by ethers' batching; `cacheTimeout: -1` turns off
 * ethers' 250 ms cache of identical requests, which would otherwise hide requests from the count
 * and hand a send-and-wait loop a stale `eth_getTransactionCount` (the second transaction within
 * 250 ms of the first reuses its nonce: "nonce too low").
 */
export class CountingProvider extends JsonRpcProvider {
  #counts: RpcCounts = { requests: 0, http: 0, byMethod: {} };

  constructor(url: string, chainId: bigint, options: JsonRpcApiProviderOptions = {}) {
    super(url, Network.from(chainId), { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1, ...options });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const list = Array.isArray(payload) ? payload : [payload];
    this.#counts.http++;
    this.#counts.requests += list.length;
    for (const p of list) this.#counts.byMethod[p.method] = (this.#counts.byMethod[p.method] ?? 0) + 1;
    // hardhat node closes idle keep-alive sockets; a request sent on one just closed dies with "socket
    // hang up" before the node saw it. Resending the same JSON-RPC payload (for a transaction, the
    // same signed bytes) is safe; the retry is counted as another request.
    for (let attempt = 1; ; attempt++) {
      try {
        return await super._send(payload);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 3 || (code !== "ECONNRESET" && !/socket hang up/.test(String(error)))) throw error;
        this.#counts.http++;
        this.#counts.requests += list.length;
      }
    }
  }

  /** The counts so far, and starts counting from zero. */
  reset(): RpcCounts {
    const counts = this.#counts;
    this.#counts = { requests: 0, http: 0, byMethod: {} };
    return counts;
  }
}
