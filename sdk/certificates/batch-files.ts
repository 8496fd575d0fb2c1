import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";

import { ValidationError } from "../errors/base.js";
import type { PreparedBatch } from "./batch.js";
import type { CertificatesClient } from "./client.js";
import type { IssuedCertificate } from "./document.js";

/**
 * The folder of a Merkle batch: one JSON file per document (with its proof), `documents.json`
 * (every document, as one JSON array in row order) and `batch.json` (the index).
 *
 * Durability at batch scale: an fsync per file costs about 4 ms here, 400 s for 100,000
 * documents. So the salts are made durable through ONE file: `documents.json` is written and
 * fsynced, then `batch.json`, then the per-document files (plain writes, the same text), then the
 * folder itself is fsynced so every name in it survives a crash. After a crash the per-document
 * files can be rebuilt from `documents.json`; nothing is ever deleted here.
 */
export interface BatchFolder {
  dir: string;
  /** `batch.json`. */
  index: string;
  /** `documents.json`: every document with its proof, as one JSON array in row order (fsynced). */
  bundle: string;
  /** One file per document, in row order. */
  files: string[];
}

export interface WriteBatchFolderOptions {
  /** Fields of `batch.json` besides the batch's own (type, issuer, window, root, count). */
  index?: Record<string, unknown>;
  /** Extra fields of each row's entry in `batch.json` (e.g. the holder's subject id and salt), in row order. */
  entries?: readonly Record<string, unknown>[];
  /** Called as per-document files are written. */
  onProgress?: (written: number, total: number) => void;
}

export const BATCH_INDEX = "batch.json";
export const BATCH_BUNDLE = "documents.json";

const jsonText = (value: unknown) =>
  `${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

/** Writes `text` to `file` and fsyncs it before returning. */
function writeDurably(file: string, text: string): void {
  const bytes = Buffer.from(text);
  const fd = openSync(file, "w");
  try {
    // write(2) may write less than asked (a large batch's bundle is hundreds of MB): loop until all is down.
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

/** Where a batch stands, as `batch.json` records it: files written, transaction sent, or confirmed. */
export type BatchState = { state: "written" } | { state: "sent" | "confirmed"; transaction: string };

function indexContent(
  batch: PreparedBatch,
  names: readonly string[],
  options: Pick<WriteBatchFolderOptions, "index" | "entries">,
  state: BatchState,
) {
  return {
    certType: batch.certType,
    issuer: batch.issuer,
    validFrom: batch.validFrom,
    validUntil: batch.validUntil,
    root: batch.root,
    count: batch.certificates.length,
    ...state,
    ...options.index,
    certificates: batch.certificates.map((c, i) => ({
      row: i + 1,
      file: names[i],
      certHash: c.proof.certHash,
      ...options.entries?.[i],
    })),
  };
}

/** The per-document file names: row number (zero-padded) and the start of the certificate hash. */
export function batchFileNames(batch: PreparedBatch): string[] {
  const width = String(batch.certificates.length).length;
  return batch.certificates.map(
    (c, i) => `${String(i + 1).padStart(width, "0")}-${c.proof.certHash.slice(2, 12)}.json`,
  );
}

/**
 * Writes a prepared batch's folder before anything is sent (see {@link BatchFolder}). Refuses a
 * folder that already holds a `batch.json`.
 */
export async function writeBatchFolder(
  dir: string,
  batch: PreparedBatch,
  options: WriteBatchFolderOptions = {},
): Promise<BatchFolder> {
  const index = path.join(dir, BATCH_INDEX);
  if (existsSync(index)) throw new ValidationError("folder", `${index} already exists; pick a new folder`);
  mkdirSync(dir, { recursive: true });
  const names = batchFileNames(batch);
  const texts = batch.certificates.map(jsonText);
  const bundle = path.join(dir, BATCH_BUNDLE);
  // The same texts as the per-document files, as one JSON array (each document serialised once).
  writeDurably(bundle, `[\n${texts.join(",\n")}]\n`);
  writeDurably(index, jsonText(indexContent(batch, names, options, { state: "written" })));
  // Plain writes a few at a time: the event loop stays free for the node connection and progress.
  let next = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < names.length) {
        const i = next++;
        await writeFile(path.join(dir, names[i]), texts[i]);
        options.onProgress?.(++written, names.length);
      }
    }),
  );
  syncFolder(dir);
  return { dir, index, bundle, files: names.map((n) => path.join(dir, n)) };
}

/**
 * A Merkle batch end to end, the one path the CLI's `cert issue-batch` and the bench both run:
 * the issuance checked as a call (a refusal leaves no file behind), the folder written (salts
 * durable) before anything is sent, then the transaction sent and its
 * hash recorded in `batch.json` (state "sent") before waiting, then "confirmed".
 */
export async function issueBatchToFolder(
  client: CertificatesClient,
  batch: PreparedBatch,
  dir: string,
  options: WriteBatchFolderOptions & { onStage?: (stage: BatchState["state"]) => void } = {},
): Promise<{ root: string; certificates: IssuedCertificate[]; transaction: string; folder: BatchFolder }> {
  await client.checkIssueBatch(batch);
  const folder = await writeBatchFolder(dir, batch, options);
  options.onStage?.("written");
  const names = folder.files.map((f) => path.basename(f));
  const tx = await client.issueBatch(batch);
  rewriteBatchIndex(folder, indexContent(batch, names, options, { state: "sent", transaction: tx.hash }));
  options.onStage?.("sent");
  const { root, certificates } = await tx.wait();
  rewriteBatchIndex(folder, indexContent(batch, names, options, { state: "confirmed", transaction: tx.hash }));
  options.onStage?.("confirmed");
  return { root, certificates, transaction: tx.hash, folder };
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
