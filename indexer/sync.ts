import type { Block, Log, Provider } from "ethers";
import { sql, type Kysely, type Transaction } from "kysely";

import type { DeploymentManifest } from "../sdk/core/manifest.js";
import { isLogRangeError, logsMaxRange } from "../sdk/core/logs.js";
import type { IndexTables } from "./database.js";
import { IndexChainMismatchError } from "./errors.js";
import { projectedContracts, projectLogs, rebuildProjections } from "./projections.js";

export interface SyncOptions {
  /** The most blocks one `eth_getLogs` covers (GOVCHAIN_LOGS_MAX_RANGE, else 1,000; halved when refused). */
  maxRange?: number;
  /** How many blocks back a reorganisation is followed (rows above the fork are replaced); deeper ones are refused. */
  reorgDepth?: number;
  /** Stop at this block instead of the head. */
  toBlock?: number;
  /** Told after every synced range. */
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  fromBlock: number;
  syncedBlock: number;
  headBlock: number;
  /** Logs written so far in this run. */
  logs: number;
}

export const DEFAULT_REORG_DEPTH = 64;

/** Every address the suite emits events from: proxies, the receipt log, the AccessManager. */
export function suiteAddresses(manifest: DeploymentManifest): string[] {
  return Object.values(manifest.contracts)
    .filter((entry) => entry !== undefined)
    .map((entry) => (typeof entry === "string" ? entry : entry.proxy).toLowerCase());
}

/**
 * Follows the deployment's events into the index, from where it stopped to the head (or `toBlock`).
 *
 * Crash safety: each range's logs, their projections (indexer/projections.ts), the block headers they need and the
 * new cursor are written in ONE database
 * transaction, and rows are keyed by (block, log index): a run killed at any point leaves the index at the end of
 * the last committed range, and the next run continues from there without losing or duplicating a row.
 *
 * Reorganisations: before each range the cursor's block hash is compared with the chain's; when it differs, the
 * index walks back over the blocks it stored to the last one the chain still has, deletes everything above it and
 * continues, as long as the fork is within `reorgDepth` blocks. A deeper fork, another genesis block or another
 * deployment is refused with {@link IndexChainMismatchError} (a development node that was restarted is the usual
 * cause: delete the index folder or pass --reset).
 */
export async function syncIndex(
  db: Kysely<IndexTables>,
  provider: Provider,
  manifest: DeploymentManifest,
  options: SyncOptions = {},
): Promise<SyncProgress> {
  const reorgDepth = options.reorgDepth ?? DEFAULT_REORG_DEPTH;
  await claimIndex(db, provider, manifest);
  const addresses = suiteAddresses(manifest);
  const contracts = projectedContracts(manifest);
  let size = logsMaxRange(options.maxRange);
  const head = options.toBlock ?? (await provider.getBlockNumber());
  let meta = await readMeta(db);
  const progress: SyncProgress = {
    fromBlock: meta.synced_block + 1,
    syncedBlock: meta.synced_block,
    headBlock: head,
    logs: 0,
  };
  while (meta.synced_block < head) {
    await followReorganisation(db, provider, reorgDepth, contracts);
    meta = await readMeta(db);
    const from = meta.synced_block + 1;
    const to = Math.min(head, from + size - 1);
    let logs: Log[];
    try {
      logs = await provider.getLogs({ address: addresses, fromBlock: from, toBlock: to });
    } catch (error) {
      if (!isLogRangeError(error) || to === from) throw error;
      size = Math.max(1, Math.floor((to - from + 1) / 2));
      continue;
    }
    const headers = await fetchBlocks(provider, [...new Set([...logs.map((l) => l.blockNumber), to])]);
    // A block replaced between the two reads: read the range again.
    if (logs.some((log) => headers.get(log.blockNumber)!.hash !== log.blockHash)) continue;
    const last = headers.get(to)!;
    await db.transaction().execute(async (tx) => {
      await insertBlocks(tx, [...headers.values()]);
      await insertLogs(tx, logs);
      // The domain tables, decoded from the same logs in the same transaction: they can never disagree with them.
      await projectLogs(tx, contracts, logs, (block) => headers.get(block)!.timestamp);
      await tx
        .updateTable("index_meta")
        .set({ synced_block: to, synced_hash: last.hash! })
        .where("id", "=", 1)
        .execute();
    });
    meta = { ...meta, synced_block: to, synced_hash: last.hash! };
    progress.syncedBlock = to;
    progress.logs += logs.length;
    options.onProgress?.({ ...progress });
  }
  // The embedded database has no autovacuum: after a backfill its planner would still believe the tables empty
  // and scan them whole (an audit trail of 1,000 rows read 100,000). Fresh statistics make it use the indexes.
  if (progress.logs >= ANALYZE_AFTER_LOGS) await sql`analyze`.execute(db);
  return progress;
}

/** New logs in one run after which the tables' statistics are refreshed. */
const ANALYZE_AFTER_LOGS = 5_000;

/** Records which chain and deployment the index belongs to on first use, and refuses any other afterwards. */
async function claimIndex(db: Kysely<IndexTables>, provider: Provider, manifest: DeploymentManifest): Promise<void> {
  const [network, genesis] = await Promise.all([provider.getNetwork(), provider.getBlock(0)]);
  const chainId = network.chainId.toString();
  const directory = manifest.contracts.DepartmentDirectory.proxy.toLowerCase();
  const meta = await db.selectFrom("index_meta").selectAll().executeTakeFirst();
  if (meta === undefined) {
    if (chainId !== String(manifest.chainId)) {
      throw new IndexChainMismatchError(
        `the node serves chain ${chainId}, the manifest is for chain ${manifest.chainId}`,
      );
    }
    await db
      .insertInto("index_meta")
      .values({
        id: 1,
        chain_id: chainId,
        genesis_hash: genesis!.hash!,
        directory,
        deployment_block: manifest.deploymentBlock,
        synced_block: manifest.deploymentBlock - 1,
        synced_hash: "",
      })
      .execute();
    return;
  }
  if (meta.chain_id !== chainId || meta.genesis_hash !== genesis!.hash || meta.directory !== directory) {
    throw new IndexChainMismatchError(
      `this index was built from chain ${meta.chain_id} (genesis ${meta.genesis_hash.slice(0, 10)}…, directory ${meta.directory}); ` +
        `the node serves chain ${chainId} (genesis ${genesis!.hash!.slice(0, 10)}…) and the manifest's directory is ${directory}: ` +
        `the chain was reset or this is another deployment. Delete the index (or run with --reset) to build it again.`,
    );
  }
}

/**
 * When the chain no longer has the block the index stopped at, drops what the fork replaced. The fork point is the
 * newest stored block the chain still has; stored blocks are those with logs and each range's last block, so the
 * search may look one stored block past the depth (the blocks between are unchanged when the fork is within it).
 */
async function followReorganisation(
  db: Kysely<IndexTables>,
  provider: Provider,
  depth: number,
  contracts: ReturnType<typeof projectedContracts>,
): Promise<void> {
  const meta = await readMeta(db);
  if (meta.synced_hash === "") return;
  const current = await provider.getBlock(meta.synced_block);
  if (current?.hash === meta.synced_hash) return;
  const boundary = meta.synced_block - depth;
  let fork: { number: number; hash: string } | undefined;
  let below = meta.synced_block + 1;
  search: while (fork === undefined) {
    const page = await db
      .selectFrom("blocks")
      .select(["number", "hash"])
      .where("number", "<", below)
      .orderBy("number", "desc")
      .limit(32)
      .execute();
    if (page.length === 0) break;
    for (const block of page) {
      const number = Number(block.number);
      const onChain = await provider.getBlock(number);
      if (onChain?.hash === block.hash) fork = { number, hash: block.hash };
      if (fork !== undefined || number < boundary) break search;
    }
    below = Number(page[page.length - 1].number);
  }
  // No stored block the chain still has: only acceptable when the whole index is within the depth.
  if (fork === undefined && boundary >= meta.deployment_block) {
    throw new IndexChainMismatchError(
      `the chain no longer has block ${meta.synced_block} as indexed and no common block within ${depth} blocks: ` +
        `it was reset (a development node restarted) or reorganised deeper than the index follows. ` +
        `Rebuild the index (--reset) or raise --reorg-depth.`,
    );
  }
  const keep = fork?.number ?? meta.deployment_block - 1;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom("logs").where("block_number", ">", keep).execute();
    await tx.deleteFrom("blocks").where("number", ">", keep).execute();
    // State rows (a certificate's status, a case's stage) may have changed above the fork: replay what remains.
    await rebuildProjections(tx, contracts);
    await tx
      .updateTable("index_meta")
      .set({ synced_block: keep, synced_hash: fork?.hash ?? "" })
      .where("id", "=", 1)
      .execute();
  });
}

async function readMeta(db: Kysely<IndexTables>) {
  const meta = await db.selectFrom("index_meta").selectAll().executeTakeFirstOrThrow();
  return { ...meta, synced_block: Number(meta.synced_block), deployment_block: Number(meta.deployment_block) };
}

/** Block headers by number; ethers batches the concurrent requests into JSON-RPC batches. */
async function fetchBlocks(provider: Provider, numbers: number[]): Promise<Map<number, Block>> {
  const blocks = new Map<number, Block>();
  const CONCURRENCY = 64;
  for (let i = 0; i < numbers.length; i += CONCURRENCY) {
    const slice = numbers.slice(i, i + CONCURRENCY);
    const fetched = await Promise.all(slice.map((n) => provider.getBlock(n)));
    fetched.forEach((block, j) => {
      if (block === null || block.hash === null) throw new Error(`the node has no block ${slice[j]} yet`);
      blocks.set(slice[j], block);
    });
  }
  return blocks;
}

async function insertBlocks(tx: Transaction<IndexTables>, blocks: Block[]): Promise<void> {
  if (blocks.length === 0) return;
  await tx
    .insertInto("blocks")
    .values(blocks.map((b) => ({ number: b.number, hash: b.hash!, parent_hash: b.parentHash, timestamp: b.timestamp })))
    .onConflict((oc) =>
      oc.column("number").doUpdateSet((eb) => ({
        hash: eb.ref("excluded.hash"),
        parent_hash: eb.ref("excluded.parent_hash"),
        timestamp: eb.ref("excluded.timestamp"),
      })),
    )
    .execute();
}

/** Inserts in slices (a statement has at most 65,535 parameters); a row already there is left as it is. */
async function insertLogs(tx: Transaction<IndexTables>, logs: Log[]): Promise<void> {
  const SLICE = 5000;
  for (let i = 0; i < logs.length; i += SLICE) {
    await tx
      .insertInto("logs")
      .values(
        logs.slice(i, i + SLICE).map((log) => ({
          block_number: log.blockNumber,
          log_index: log.index,
          block_hash: log.blockHash,
          transaction_hash: log.transactionHash,
          transaction_index: log.transactionIndex,
          address: log.address.toLowerCase(),
          topic0: log.topics[0] ?? null,
          topic1: log.topics[1] ?? null,
          topic2: log.topics[2] ?? null,
          topic3: log.topics[3] ?? null,
          data: log.data,
        })),
      )
      .onConflict((oc) => oc.columns(["block_number", "log_index"]).doNothing())
      .execute();
  }
}
