import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";

import { ValidationError } from "../errors/base.js";
import { prepareBatch, type PreparedBatch } from "./batch.js";
import type { BuiltBatch } from "./batch-build.js";
import { jsonText, type BatchSubject } from "./batch-tasks.js";
import type { CertificatesClient } from "./client.js";
import type { CertificateDocument, IssuedCertificate } from "./document.js";

/**
 * The folder of a Merkle batch, its journal: the one format the CLI's `cert issue-batch` (and its
 * `--resume`) and the bench use.
 *   documents.jsonl  every salted document, one per line, row order (fsynced: the durable copy)
 *   batch.json       the index (rows, hashes, subjects' ids and salts) and the batch's state
 *   NNN-<hash>.json  one document per row for its holder, with its proof
 *
 * A batch's root and proofs depend only on its documents, so every holder's file is written once,
 * with its final proof, before anything is sent (a proof of a batch not yet on chain simply
 * verifies as "not issued").
 *
 * Durability at batch scale: an fsync per file costs about 4 ms here, 400 s for 100,000
 * documents. So the salts are made durable through ONE file: `documents.jsonl` is written and
 * fsynced, then `batch.json`, then the per-document files (plain writes), then the folder itself
 * is fsynced so every name in it survives a crash. The per-document files can always be rebuilt
 * from the journal ({@link rewriteBatchFiles}); nothing is ever deleted here.
 */
export interface BatchFolder {
  dir: string;
  /** `batch.json`. */
  index: string;
  /** `documents.jsonl`. */
  journal: string;
  /** One file per document, in row order. */
  files: string[];
}

export const BATCH_INDEX = "batch.json";
export const BATCH_JOURNAL = "documents.jsonl";

/** Where a batch stands: files written and nothing sent, a transaction sent (mined or not), on chain. */
export type BatchState = "prepared" | "sent" | "issued";

export interface BatchIndexEntry {
  row: number;
  file: string;
  certHash: string;
  /** The holder's commitment, with the id and salt when the batch made it. */
  subject?: BatchSubject;
  [extra: string]: unknown;
}

/** `batch.json`. */
export interface BatchIndex {
  certType: string;
  issuer: string;
  validFrom: number;
  validUntil: number;
  count: number;
  root: string;
  state: BatchState;
  transaction?: string;
  /** The account that sends the batch (the CLI's `--resume` signs with it unless told otherwise). */
  sender?: string;
  certificates: BatchIndexEntry[];
  [extra: string]: unknown;
}

export interface WriteBatchFolderOptions {
  /** Fields of `batch.json` besides the batch's own (e.g. the sender). */
  index?: Record<string, unknown>;
  /** Extra fields of each row's entry in `batch.json`, in row order (a built batch adds each row's subject). */
  entries?: readonly Record<string, unknown>[];
  /** Called as per-document files are written. */
  onProgress?: (written: number, total: number) => void;
}

/** Writes `text` to a new `file` and fsyncs it before returning. */
function writeDurably(file: string, text: string, flags = "w"): void {
  const bytes = Buffer.from(text);
  const fd = openSync(file, flags);
  try {
    // write(2) may write less than asked (a large batch's journal is tens of MB): loop until all is down.
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Fsyncs a folder, so that the names created in it survive a crash (a no-op where folders cannot be opened). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; its file system journals names itself.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isBuilt = (source: PreparedBatch | BuiltBatch): source is BuiltBatch => "batch" in source;

/** The per-document file names: row number (zero-padded) and the start of the certificate hash. */
export function batchFileNames(batch: PreparedBatch): string[] {
  const width = String(batch.certificates.length).length;
  return batch.certificates.map(
    (c, i) => `${String(i + 1).padStart(width, "0")}-${c.proof.certHash.slice(2, 12)}.json`,
  );
}

function indexOf(
  batch: PreparedBatch,
  names: readonly string[],
  options: Pick<WriteBatchFolderOptions, "index" | "entries">,
): BatchIndex {
  return {
    certType: batch.certType,
    issuer: batch.issuer,
    validFrom: batch.validFrom,
    validUntil: batch.validUntil,
    count: batch.certificates.length,
    root: batch.root,
    state: "prepared",
    ...options.index,
    certificates: batch.certificates.map((c, i) => ({
      row: i + 1,
      file: names[i],
      certHash: c.proof.certHash,
      ...options.entries?.[i],
    })),
  };
}

/**
 * Writes a batch's folder before anything is sent (see {@link BatchFolder}): a batch built from
 * rows ({@link buildBatch}) is written by its threads; a prepared one here. Refuses a folder that
 * already holds a batch.
 */
export async function writeBatchFolder(
  dir: string,
  source: PreparedBatch | BuiltBatch,
  options: WriteBatchFolderOptions = {},
): Promise<{ folder: BatchFolder; index: BatchIndex }> {
  const written = writeBatchJournal(dir, source, options);
  await written.files();
  return written;
}

/**
 * The durable half of {@link writeBatchFolder}: `documents.jsonl` and `batch.json`, fsynced (the
 * salts are safe once it returns); `files()` then writes the holders' files and fsyncs the folder.
 */
function writeBatchJournal(
  dir: string,
  source: PreparedBatch | BuiltBatch,
  options: WriteBatchFolderOptions,
): { folder: BatchFolder; index: BatchIndex; files(): Promise<void> } {
  const batch = isBuilt(source) ? source.batch : source;
  const indexFile = path.join(dir, BATCH_INDEX);
  const journalFile = path.join(dir, BATCH_JOURNAL);
  for (const file of [indexFile, journalFile]) {
    if (existsSync(file)) throw new ValidationError("folder", `${file} already exists; pick a new folder`);
  }
  mkdirSync(dir, { recursive: true });
  const names = batchFileNames(batch);
  const entries = options.entries ?? (isBuilt(source) ? source.subjects.map((subject) => ({ subject })) : undefined);
  const index = indexOf(batch, names, { ...options, entries });
  const journal = isBuilt(source) ? source.journal : journalOf(batch.certificates);
  writeDurably(journalFile, journal, "wx");
  writeDurably(indexFile, jsonText(index), "wx");
  syncFolder(dir);
  const folder = { dir, index: indexFile, journal: journalFile, files: names.map((n) => path.join(dir, n)) };
  return {
    folder,
    index,
    files: async () => {
      if (isBuilt(source)) await source.writeFiles(dir, names, options.onProgress);
      else await writeFiles(dir, names, batch.certificates, options.onProgress);
      syncFolder(dir);
    },
  };
}

function journalOf(certificates: readonly IssuedCertificate[]): string {
  return `${certificates.map(({ proof: _proof, ...document }) => JSON.stringify(document)).join("\n")}\n`;
}

/** Plain writes a few at a time: the event loop stays free for the node connection and progress. */
async function writeFiles(
  dir: string,
  names: readonly string[],
  certificates: readonly IssuedCertificate[],
  onProgress?: (written: number, total: number) => void,
): Promise<void> {
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < names.length) {
        const i = next++;
        await writeFile(path.join(dir, names[i]), jsonText(certificates[i]));
        onProgress?.(++written, names.length);
      }
    }),
  );
}

/**
 * A Merkle batch end to end, the one path of the CLI's `cert issue-batch` and of the bench: the
 * issuance checked as a call (a refusal leaves no file behind); `documents.jsonl` and `batch.json`
 * written and fsynced (the salts are durable) before anything is sent; then the transaction is
 * sent and its hash recorded in `batch.json` (state "sent") before waiting, then "issued". The
 * holders' files are written while the transaction is sent and mined (they are copies of the
 * journal with proofs that do not depend on the chain, rebuilt by `rewriteBatchFiles` if a crash
 * cuts them short); the batch is "issued" only once they are all on disk. `onStage` hears each
 * state once it is on disk; on any failure the files are finished (or failed) before it throws.
 */
export async function issueBatchToFolder(
  client: CertificatesClient,
  source: PreparedBatch | BuiltBatch,
  dir: string,
  options: WriteBatchFolderOptions & { onStage?: (stage: BatchState, index: BatchIndex) => void } = {},
): Promise<{
  root: string;
  certificates: IssuedCertificate[];
  transaction: string;
  folder: BatchFolder;
  index: BatchIndex;
}> {
  const batch = isBuilt(source) ? source.batch : source;
  await client.checkIssueBatch(batch);
  const { folder, index, files } = writeBatchJournal(dir, source, options);
  options.onStage?.("prepared", index);
  const writing = files();
  writing.catch(() => undefined); // awaited below: a failure is reported there, not as an unhandled rejection
  try {
    const tx = await client.issueBatch(batch);
    const sent = markBatch(folder, index, "sent", tx.hash);
    options.onStage?.("sent", sent);
    const { root, certificates } = await tx.wait();
    await writing;
    const issued = markBatch(folder, sent, "issued", tx.hash);
    options.onStage?.("issued", issued);
    return { root, certificates, transaction: tx.hash, folder, index: issued };
  } catch (error) {
    await writing.catch(() => undefined); // no file is being written once this throws
    throw error;
  }
}

/** Records a batch's new state (and transaction) in its `batch.json`, durably; returns the new index. */
export function markBatch(
  folder: Pick<BatchFolder, "dir" | "index">,
  index: BatchIndex,
  state: BatchState,
  transaction = index.transaction,
): BatchIndex {
  const next = { ...index, state, ...(transaction === undefined ? {} : { transaction }) };
  rewriteBatchIndex(folder, next);
  return next;
}

/**
 * Replaces `batch.json` with `content` durably (written beside, fsynced, renamed over, folder
 * fsynced): a crash leaves the old index or the new one, never half of one.
 */
export function rewriteBatchIndex(folder: Pick<BatchFolder, "dir" | "index">, content: unknown): void {
  const temporary = `${folder.index}.tmp`;
  writeDurably(temporary, jsonText(content));
  renameSync(temporary, folder.index);
  syncFolder(folder.dir);
}

/**
 * The batch in `dir`, checked against itself: every journal line hashes to its index entry, and
 * the documents' tree has the index's root. Returns the batch rebuilt from the journal.
 */
export function readBatchFolder(dir: string): { folder: BatchFolder; index: BatchIndex; batch: PreparedBatch } {
  const indexFile = path.join(dir, BATCH_INDEX);
  const journalFile = path.join(dir, BATCH_JOURNAL);
  for (const f of [indexFile, journalFile]) {
    if (!existsSync(f)) throw new ValidationError("folder", `${f} does not exist: ${dir} holds no batch`);
  }
  const index = JSON.parse(readFileSync(indexFile, "utf8")) as BatchIndex;
  const documents = readFileSync(journalFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CertificateDocument);
  if (documents.length !== index.count || index.certificates.length !== index.count) {
    throw new ValidationError(
      "folder",
      `${dir}: ${BATCH_JOURNAL} holds ${documents.length} documents, ${BATCH_INDEX} says ${index.count}`,
    );
  }
  const batch = prepareBatch(documents);
  batch.certificates.forEach((c, i) => {
    if (c.proof.certHash !== index.certificates[i].certHash) {
      throw new ValidationError("folder", `${dir}: document ${i + 1} does not match its hash in ${BATCH_INDEX}`);
    }
  });
  if (index.root !== undefined && index.root !== batch.root) {
    throw new ValidationError(
      "folder",
      `${dir}: the documents' root ${batch.root} is not ${index.root} in ${BATCH_INDEX}`,
    );
  }
  const folder = {
    dir,
    index: indexFile,
    journal: journalFile,
    files: index.certificates.map((e) => path.join(dir, e.file)),
  };
  return { folder, index, batch };
}

/** Writes every holder's file again from the journal (after a crash left some missing or short), then fsyncs the folder. */
export async function rewriteBatchFiles(
  folder: BatchFolder,
  batch: PreparedBatch,
  onProgress?: (written: number, total: number) => void,
): Promise<void> {
  await writeFiles(
    folder.dir,
    folder.files.map((f) => path.basename(f)),
    batch.certificates,
    onProgress,
  );
  syncFolder(folder.dir);
}
