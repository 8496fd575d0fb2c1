/**
 * `govchain cert issue-batch`: many certificates under one Merkle root, with salts that are never
 * lost. The batch folder is the batch's journal:
 *   documents.jsonl  every salted document, one per line (the durable copy, fsynced before sending)
 *   batch.json       the index (rows, hashes, subjects' ids and salts) and the batch's state
 *   NNN-<hash>.json  one document per row for its holder, with its proof once issued
 * A batch that stopped anywhere is finished by `--resume <folder>`, which asks the chain first and
 * never salts anything again.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { Signer } from "ethers";

import {
  createDocument,
  documentHash,
  GovChainError,
  ValidationError,
  type CertificateDocument,
  type FieldValue,
  type GovChain,
  type IssuedCertificate,
} from "../sdk/index.js";
import { govchain, type GlobalOptions } from "./context.js";
import { jsonText, replaceFile, writeFilesInBulk, writeNewFile } from "./durable.js";
import { certainlyNotSent, subjectRef } from "./input.js";
import { print } from "./output.js";
import { progress, stage, yieldToEventLoop } from "./progress.js";

export const BATCH_INDEX = "batch.json";
export const BATCH_JOURNAL = "documents.jsonl";

/** Where a batch stands: nothing sent yet, a transaction sent (it may or may not be mined), on chain. */
export type BatchState = "prepared" | "sent" | "issued";

export interface BatchEntry {
  row: number;
  file: string;
  certHash: string;
  subject: { commitment: string; id?: string; salt?: string };
}

export interface BatchIndex {
  certType: string;
  issuer: string;
  validFrom: number;
  validUntil: number;
  count: number;
  /** The account that sends the batch: `--resume` signs with it unless told otherwise. */
  sender: string;
  state: BatchState;
  root?: string;
  transaction?: string;
  certificates: BatchEntry[];
}

export interface BatchRow {
  subject: string;
  fields: Record<string, FieldValue>;
}

type Window = { issuer: string; validFrom: number; validUntil: number };

/** Rows between two yields to the event loop: long enough to stay fast, short enough for sockets and bars. */
const CHUNK = 500;

/** Builds, writes, sends and confirms a new batch in `out`. */
export async function issueNewBatch(
  out: GlobalOptions,
  file: string,
  rows: BatchRow[],
  certType: string,
  folder: string,
  window: (gov: GovChain) => Promise<Window>,
): Promise<void> {
  if (existsSync(path.join(folder, BATCH_INDEX)) || existsSync(path.join(folder, BATCH_JOURNAL))) {
    throw new ValidationError(
      "--out",
      `${folder} already holds a batch; pick a new folder, or finish that one with --resume ${folder}`,
    );
  }
  const { gov } = await govchain(out, true);
  const validity = await window(gov);

  const building = progress(out, "building documents", rows.length);
  const subjects: BatchEntry["subject"][] = [];
  const documents: CertificateDocument[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % CHUNK === 0) await yieldToEventLoop();
    try {
      const subject = subjectRef(rows[i].subject);
      subjects.push(subject);
      documents.push(createDocument({ certType, subject: subject.commitment, fields: rows[i].fields, ...validity }));
    } catch (error) {
      building.stop();
      throw new ValidationError(`row ${i + 1}`, `${file}: ${(error as Error).message}`, { cause: error });
    }
    building.increment();
  }
  building.stop();

  const hashes = documents.map(documentHash);
  const width = String(documents.length).length;
  const index: BatchIndex = {
    certType,
    ...validity,
    count: documents.length,
    sender: await (gov.runner as Signer).getAddress(),
    state: "prepared",
    certificates: documents.map((_, i) => ({
      row: i + 1,
      file: `${String(i + 1).padStart(width, "0")}-${hashes[i].slice(2, 12)}.json`,
      certHash: hashes[i],
      subject: subjects[i],
    })),
  };

  // The salts exist nowhere else: every document is on disk (fsynced) before the batch is sent.
  const created = !existsSync(folder);
  mkdirSync(folder, { recursive: true });
  await writeBatchFiles(out, folder, index, documents);

  const sending = stage(out, "sending the batch");
  let tx;
  try {
    tx = await gov.certificates.issueBatch(documents);
    sending.done(tx.hash);
  } catch (error) {
    if (certainlyNotSent(error)) {
      // Refused at the node's pre-flight: nothing can be on chain, and no holder has these salts.
      if (created) rmSync(folder, { recursive: true, force: true });
      else
        for (const name of [BATCH_INDEX, BATCH_JOURNAL, ...index.certificates.map((e) => e.file)]) {
          rmSync(path.join(folder, name), { force: true });
        }
      throw error;
    }
    throw await explain(gov, folder, index, documents, error);
  }
  await confirm(out, gov, folder, index, tx);
}

/** Finishes the batch in `folder`: checks the chain, sends it only if it is not there, writes the proofs. */
export async function resumeBatch(out: GlobalOptions, folder: string): Promise<void> {
  const { index, documents } = readBatch(folder);
  const { gov } = await govchain({ ...out, account: out.account ?? index.sender }, true);
  if (index.state !== "issued") {
    const checking = stage(out, "checking the chain");
    const onChain = await batchOnChain(gov, documents);
    checking.done(onChain.issued ? `issued under root ${onChain.root}` : "not issued");
    if (!onChain.issued) {
      let tx;
      try {
        tx = await gov.certificates.issueBatch(documents);
      } catch (error) {
        if (certainlyNotSent(error)) throw error; // the files stay: they are the batch to resume
        throw await explain(gov, folder, index, documents, error);
      }
      await confirm(out, gov, folder, index, tx);
      return;
    }
    await finish(out, folder, { ...index, root: onChain.root }, withProofs(documents));
  }
  const final = readBatch(folder).index;
  print(out, { ...summaryOf(final), out: folder, index: path.join(folder, BATCH_INDEX), resumed: true }, () =>
    console.log(
      `batch of ${final.count} ${final.certType} is issued under root ${final.root}; documents and batch.json in ${folder}`,
    ),
  );
}

async function writeBatchFiles(
  out: GlobalOptions,
  folder: string,
  index: BatchIndex,
  documents: CertificateDocument[],
): Promise<void> {
  const writing = progress(out, "writing documents", documents.length);
  writeNewFile(path.join(folder, BATCH_JOURNAL), documents.map((d) => JSON.stringify(d)).join("\n") + "\n");
  writeNewFile(path.join(folder, BATCH_INDEX), jsonText(index));
  for (let start = 0; start < documents.length; start += CHUNK * 4) {
    const end = Math.min(documents.length, start + CHUNK * 4);
    writeFilesInBulk(
      folder,
      documents.slice(start, end).map((d, k) => [index.certificates[start + k].file, jsonText(d)] as [string, string]),
    );
    writing.increment(end - start);
    await yieldToEventLoop();
  }
  writing.stop();
}

/** Records the transaction, waits for it, writes the proofs; explains the state on any failure. */
async function confirm(
  out: GlobalOptions,
  gov: GovChain,
  folder: string,
  index: BatchIndex,
  tx: Awaited<ReturnType<GovChain["certificates"]["issueBatch"]>>,
): Promise<void> {
  const sent = { ...index, state: "sent" as const, transaction: tx.hash };
  replaceFile(path.join(folder, BATCH_INDEX), jsonText(sent));
  const waiting = stage(out, "waiting for the block");
  let issued;
  try {
    issued = await tx.wait();
  } catch (error) {
    throw await explain(gov, folder, sent, readBatch(folder).documents, error);
  }
  waiting.done(`root ${issued.root}`);
  await finish(out, folder, { ...sent, root: issued.root }, issued.certificates);
  print(out, { ...summaryOf(readBatch(folder).index), out: folder, index: path.join(folder, BATCH_INDEX) }, () =>
    console.log(
      `issued ${issued.certificates.length} ${index.certType} under root ${issued.root}; documents and batch.json in ${folder}`,
    ),
  );
}

/** Writes each holder's document with its proof, then marks the batch issued. */
async function finish(out: GlobalOptions, folder: string, index: BatchIndex, issued: IssuedCertificate[]) {
  const proofs = progress(out, "adding proofs", issued.length);
  for (let start = 0; start < issued.length; start += CHUNK * 4) {
    const end = Math.min(issued.length, start + CHUNK * 4);
    writeFilesInBulk(
      folder,
      issued.slice(start, end).map((c, k) => [index.certificates[start + k].file, jsonText(c)] as [string, string]),
    );
    proofs.increment(end - start);
    await yieldToEventLoop();
  }
  proofs.stop();
  replaceFile(path.join(folder, BATCH_INDEX), jsonText({ ...index, state: "issued" }));
}

function summaryOf(index: BatchIndex) {
  const { certType, issuer, validFrom, validUntil, count, root, transaction, state } = index;
  return { root, certType, issuer, validFrom, validUntil, count, transaction, state };
}

/** The batch in `folder`, checked against itself (every document hashes to its index entry). */
export function readBatch(folder: string): { index: BatchIndex; documents: CertificateDocument[] } {
  const indexFile = path.join(folder, BATCH_INDEX);
  const journalFile = path.join(folder, BATCH_JOURNAL);
  for (const f of [indexFile, journalFile]) {
    if (!existsSync(f))
      throw new ValidationError("--resume", `${f} does not exist: ${folder} holds no batch to resume`);
  }
  const index = JSON.parse(readFileSync(indexFile, "utf8")) as BatchIndex;
  const documents = readFileSync(journalFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as CertificateDocument);
  if (documents.length !== index.count || index.certificates.length !== index.count) {
    throw new ValidationError(
      "--resume",
      `${folder}: ${BATCH_JOURNAL} holds ${documents.length} documents, ${BATCH_INDEX} says ${index.count}`,
    );
  }
  documents.forEach((d, i) => {
    if (documentHash(d) !== index.certificates[i].certHash) {
      throw new ValidationError("--resume", `${folder}: document ${i + 1} does not match its hash in ${BATCH_INDEX}`);
    }
  });
  return { index, documents };
}

/** The documents with their inclusion proofs, as the SDK builds them when it sends (the same tree). */
function withProofs(documents: CertificateDocument[]): IssuedCertificate[] {
  const { hashes, tree } = treeOf(documents);
  return documents.map((d, i) => ({
    ...d,
    proof: { certHash: hashes[i], root: tree.root, merkleProof: tree.getProof(i) },
  }));
}

function treeOf(documents: CertificateDocument[]) {
  const hashes = documents.map(documentHash);
  const tree = StandardMerkleTree.of(
    hashes.map((h) => [h]),
    ["bytes32"],
  );
  return { hashes, tree };
}

/** Whether the batch's root is on chain: the status of its first leaf, with its proof. */
async function batchOnChain(
  gov: GovChain,
  documents: CertificateDocument[],
): Promise<{ issued: boolean; root: string }> {
  const { hashes, tree } = treeOf(documents);
  const first = { ...documents[0], proof: { certHash: hashes[0], root: tree.root, merkleProof: tree.getProof(0) } };
  const record = await gov.certificates.record(first);
  return { issued: record.status !== "notIssued", root: tree.root };
}

/**
 * After a failure once the batch may have reached the node: asks the chain whether the root is
 * issued and says, in one line, what state things are in and how to finish.
 */
async function explain(
  gov: GovChain,
  folder: string,
  index: BatchIndex,
  documents: CertificateDocument[],
  error: unknown,
): Promise<GovChainError> {
  const reason = error instanceof GovChainError ? error.shortMessage : String((error as Error)?.message ?? error);
  const resume = `govchain cert issue-batch --resume ${folder}`;
  let state: string;
  try {
    const onChain = await batchOnChain(gov, documents);
    replaceFile(path.join(folder, BATCH_INDEX), jsonText({ ...index, root: onChain.root }));
    state = onChain.issued
      ? `the batch IS issued on chain under root ${onChain.root}; run \`${resume}\` to write the holders' proofs`
      : `the batch is NOT on chain (root ${onChain.root} not issued); documents and salts are kept in ${folder}: run \`${resume}\` to send it`;
  } catch (checkError) {
    state =
      `could not ask the chain whether the batch landed (${(checkError as Error).message.split("\n")[0]}); ` +
      `documents and salts are kept in ${folder}: once the node answers, run \`${resume}\` (it checks before sending)`;
  }
  return new GovChainError(`${reason.split("\n")[0]}; ${state}`, { cause: error });
}
