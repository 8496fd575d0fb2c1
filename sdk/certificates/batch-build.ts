/**
 * Builds a Merkle batch from rows on a pool of worker threads, one per core: salting, document
 * and leaf hashes, the tree's lower levels and the holders' files run in parallel, and the calling
 * thread stays free for the node connection and progress bars. The result is exactly what
 * {@link prepareBatch} gives for the same documents (same hashes, root and proofs; a unit test
 * compares them); only the salts differ from run to run, as they must.
 *
 * Why threads: at 100,000 documents a batch costs about 800,000 keccak hashes (a subject, three
 * fields and the document per row, two per leaf, one per tree node) and 100,000 file writes; on
 * one thread that was most of the end-to-end time (see NOTES-perf.md for the measurements).
 * Small batches (under {@link THREADS_FROM} rows) run the same tasks on the calling thread:
 * starting workers costs more than it saves there.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import { ValidationError } from "../errors/base.js";
import type { PreparedBatch } from "./batch.js";
import {
  runTask,
  type BatchRow,
  type BatchSpec,
  type BatchSubject,
  type BatchTask,
  type BuildResult,
  type TaskResult,
  type TaskState,
} from "./batch-tasks.js";
import { hashNodes, internalLevels, layoutLeaves, treeReader } from "./merkle.js";

/** Rows per task: large enough that messaging is negligible, small enough to balance threads and show progress. */
const CHUNK = 2_000;
/** Below this many rows a batch is built on the calling thread. */
export const THREADS_FROM = 5_000;
/** Tree levels narrower than this are hashed on the calling thread (a message costs more). */
const SPLIT_LEVEL_FROM = 8_192;

export interface BuildBatchOptions {
  /** Worker threads; default: one per core (`os.availableParallelism()`) from {@link THREADS_FROM} rows, else none. */
  threads?: number;
  /** Tree levels at least this wide are split among the threads (default 8,192; tests lower it). */
  splitLevelFrom?: number;
  /** Rows built so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A built batch, its subjects and journal, with the threads that hold its documents until its files are written. */
export interface BuiltBatch {
  batch: PreparedBatch;
  /** Each row's subject (with the id and salt when the row gave an id). */
  subjects: BatchSubject[];
  /** `documents.jsonl`: one document per line (without proof), row order. */
  journal: string;
  /** Writes each document with its proof to `dir/names[i]` (plain writes, by the threads that built them). */
  writeFiles(dir: string, names: readonly string[], onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Stops the threads (idempotent). */
  close(): Promise<void>;
}

interface Runner {
  run(task: BatchTask): Promise<TaskResult>;
  close(): Promise<void>;
}

/** Runs tasks on the calling thread, yielding to the event loop between them. */
function localRunner(): Runner {
  const state: TaskState = new Map();
  return {
    run: async (task) => {
      await new Promise((resolve) => setImmediate(resolve));
      return runTask(state, task);
    },
    close: async () => {},
  };
}

/** The worker's entry beside this file: .ts in the repository (loaded through tsx, as the CLI is), .js once built. */
function workerEntry(): { url: URL; execArgv: string[] } {
  const ext = path.extname(fileURLToPath(import.meta.url));
  const url = new URL(`./batch-worker${ext}`, import.meta.url);
  const resolve = (import.meta as ImportMeta & { resolve(specifier: string): string }).resolve;
  return { url, execArgv: ext === ".ts" ? ["--import", resolve("tsx")] : [] };
}

/** One worker thread; answers come back in the order tasks were sent. */
function workerRunner(): Runner {
  const { url, execArgv } = workerEntry();
  const worker = new Worker(url, { execArgv });
  const pending: Array<{ resolve(result: TaskResult): void; reject(error: unknown): void }> = [];
  let failure: unknown;
  const failAll = (error: unknown) => {
    failure ??= error;
    for (const p of pending.splice(0)) p.reject(error);
  };
  worker.on("message", (result: TaskResult) => pending.shift()?.resolve(result));
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`a batch worker thread stopped (exit code ${code})`)));
  return {
    run: (task) =>
      new Promise((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        pending.push({ resolve, reject });
        worker.postMessage(task);
      }),
    close: async () => {
      failure ??= new Error("the batch worker threads are closed");
      await worker.terminate();
    },
  };
}

function check(result: TaskResult): TaskResult {
  if ("error" in result) {
    const { row, message } = result.error;
    if (row !== undefined) throw new ValidationError(`row ${row + 1}`, message);
    throw new Error(message);
  }
  return result;
}

/**
 * Builds the batch of `rows` (one type, issuer and validity window: `spec`). Keep the returned
 * threads until the files are written (`writeFiles`), then `close()`.
 */
export async function buildBatch(
  spec: BatchSpec,
  rows: readonly BatchRow[],
  options: BuildBatchOptions = {},
): Promise<BuiltBatch> {
  const n = rows.length;
  if (n === 0) throw new ValidationError("documents", "a batch needs at least one document");
  const threads = Math.max(1, options.threads ?? (n >= THREADS_FROM ? availableParallelism() : 1));
  const runners = Array.from({ length: threads }, () => (threads === 1 ? localRunner() : workerRunner()));
  const close = () => Promise.all(runners.map((r) => r.close())).then(() => undefined);
  try {
    const chunks = Math.ceil(n / CHUNK);
    const owner = new Array<Runner>(chunks);
    const built = new Array<BuildResult>(chunks);
    let next = 0;
    let done = 0;
    await Promise.all(
      runners.map(async (runner) => {
        while (next < chunks) {
          const chunk = next++;
          const first = chunk * CHUNK;
          owner[chunk] = runner;
          built[chunk] = check(
            await runner.run({ op: "build", chunk, first, spec, rows: rows.slice(first, first + CHUNK) as BatchRow[] }),
          ) as BuildResult;
          done += built[chunk].documents.length;
          options.onProgress?.(done, n);
        }
      }),
    );

    const documents = built.flatMap((b) => b.documents);
    const hashes = built.flatMap((b) => b.hashes);
    if (new Set(hashes).size !== n) throw new ValidationError("documents", "the batch holds the same document twice");
    const leaves = new Uint8Array(32 * n);
    built.forEach((b, chunk) => leaves.set(b.leaves, 32 * CHUNK * chunk));

    const layout = layoutLeaves(leaves, n, threads > 1);
    for (const [from, to] of internalLevels(n)) {
      if (threads === 1 || to - from < (options.splitLevelFrom ?? SPLIT_LEVEL_FROM)) {
        hashNodes(layout.nodes, from, to);
        continue;
      }
      const step = Math.ceil((to - from) / threads);
      await Promise.all(
        runners.map(async (runner, k) => {
          const start = from + k * step;
          const end = Math.min(to, start + step);
          if (start < end) check(await runner.run({ op: "nodes", nodes: layout.nodes, from: start, to: end }));
        }),
      );
    }
    const tree = treeReader(layout);
    const root = tree.root;
    const batch: PreparedBatch = {
      certType: spec.certType,
      issuer: spec.issuer,
      validFrom: Number(spec.validFrom),
      validUntil: Number(spec.validUntil),
      root,
      certificates: documents.map((d, i) => ({
        ...d,
        proof: { certHash: hashes[i], root, merkleProof: tree.proof(i) },
      })),
    };

    return {
      batch,
      subjects: built.flatMap((b) => b.subjects),
      journal: built.map((b) => b.journal).join(""),
      async writeFiles(dir, names, onProgress) {
        let written = 0;
        await Promise.all(
          owner.map(async (runner, chunk) => {
            const first = chunk * CHUNK;
            const count = built[chunk].documents.length;
            const result = check(
              await runner.run({
                op: "files",
                chunk,
                dir,
                names: names.slice(first, first + count),
                nodes: layout.nodes,
                positions: layout.treeIndex.slice(first, first + count),
              }),
            ) as { written: number };
            written += result.written;
            onProgress?.(written, n);
          }),
        );
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
