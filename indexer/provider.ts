import {
  JsonRpcProvider,
  toQuantity,
  type FetchRequest,
  type Networkish,
  type PerformActionFilter,
  type PerformActionRequest,
} from "ethers";
import type { Kysely } from "kysely";

import type { IndexTables } from "./database.js";
import { IndexChainMismatchError, IndexUnavailableError } from "./errors.js";

/** A log in the node's JSON-RPC shape, so that ethers formats it exactly as it formats the node's answer. */
interface RpcLog {
  address: string;
  blockHash: string;
  blockNumber: string;
  data: string;
  logIndex: string;
  removed: false;
  topics: string[];
  transactionHash: string;
  transactionIndex: string;
}

type Perform = (req: PerformActionRequest) => Promise<unknown>;

/**
 * A JSON-RPC provider whose `eth_getLogs` is answered from the index for the blocks it holds and by the node for
 * the newer ones; every other call goes to the node. Give it to `GovChain.connect` (read-only) and every history,
 * audit and pending-work read of the SDK uses the index, decoded by the same code as an event scan.
 *
 * Freshness: each answer first checks that the chain still has the index's last block (one `eth_getBlockByNumber`);
 * when it does not (a reorganisation the indexer has not followed yet) the whole answer comes from the node.
 */
export class IndexedProvider extends JsonRpcProvider {
  constructor(
    url: string | FetchRequest,
    private readonly index: Kysely<IndexTables>,
    network?: Networkish,
  ) {
    super(url, network, { staticNetwork: network !== undefined });
  }

  override async _perform<T = unknown>(req: PerformActionRequest): Promise<T> {
    const perform: Perform = (r) => super._perform(r);
    if (req.method !== "getLogs" || "blockHash" in req.filter) return perform(req) as Promise<T>;
    return (await indexedLogs(this.index, req.filter, perform)) as T;
  }
}

/** Answers a `getLogs` filter from the index up to its synced block and from the node above it. */
export async function indexedLogs(
  db: Kysely<IndexTables>,
  filter: PerformActionFilter,
  perform: Perform,
): Promise<RpcLog[]> {
  const f = filter as {
    address?: string | string[];
    topics?: Array<null | string | string[]>;
    fromBlock?: string | number;
    toBlock?: string | number;
  };
  let meta;
  try {
    meta = await db.selectFrom("index_meta").selectAll().executeTakeFirst();
  } catch (error) {
    throw new IndexUnavailableError(`the index database cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (meta === undefined) return (await perform({ method: "getLogs", filter })) as RpcLog[];
  const synced = Number(meta.synced_block);
  const chainId = BigInt((await perform({ method: "chainId" })) as string | bigint);
  if (chainId.toString() !== meta.chain_id) {
    throw new IndexChainMismatchError(`the index is of chain ${meta.chain_id}, the node serves chain ${chainId}`);
  }
  const head = async () => Number(await perform({ method: "getBlockNumber" }));
  const block = async (tag: string | number | undefined) =>
    tag === undefined || tag === "latest" || tag === "pending" || tag === "safe" || tag === "finalized"
      ? head()
      : tag === "earliest"
        ? 0
        : Number(tag);
  const from = await block(f.fromBlock);
  const to = await block(f.toBlock);
  if (from > synced || meta.synced_hash === "") return (await perform({ method: "getLogs", filter })) as RpcLog[];
  const atCursor = (await perform({
    method: "getBlock",
    blockTag: toQuantity(synced),
    includeTransactions: false,
  })) as { hash?: string } | null;
  if (atCursor?.hash !== meta.synced_hash) return (await perform({ method: "getLogs", filter })) as RpcLog[];

  let query = db
    .selectFrom("logs")
    .selectAll()
    .where("block_number", ">=", from)
    .where("block_number", "<=", Math.min(to, synced));
  const addresses =
    f.address === undefined ? [] : (Array.isArray(f.address) ? f.address : [f.address]).map((a) => a.toLowerCase());
  if (addresses.length > 0) query = query.where("address", "in", addresses);
  const columns = ["topic0", "topic1", "topic2", "topic3"] as const;
  (f.topics ?? []).forEach((topic, i) => {
    if (topic === null || i >= columns.length) return;
    const values = (Array.isArray(topic) ? topic : [topic]).map((t) => t.toLowerCase());
    query = query.where(columns[i], "in", values);
  });
  let rows;
  try {
    rows = await query.orderBy("block_number").orderBy("log_index").execute();
  } catch (error) {
    throw new IndexUnavailableError(`the index database cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const logs: RpcLog[] = rows.map((row) => ({
    address: row.address,
    blockHash: row.block_hash,
    blockNumber: toQuantity(Number(row.block_number)),
    data: row.data,
    logIndex: toQuantity(row.log_index),
    removed: false,
    topics: [row.topic0, row.topic1, row.topic2, row.topic3].filter((t): t is string => t !== null),
    transactionHash: row.transaction_hash,
    transactionIndex: toQuantity(row.transaction_index),
  }));
  if (to <= synced) return logs;
  const newer = (await perform({
    method: "getLogs",
    filter: { ...filter, fromBlock: toQuantity(synced + 1), toBlock: toQuantity(to) },
  })) as RpcLog[];
  return [...logs, ...newer];
}
