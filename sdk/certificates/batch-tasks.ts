/**
 * The work of building and writing a Merkle batch, cut into tasks that run the same in a worker
 * thread (sdk/certificates/batch-worker.ts) or on the calling thread (small batches, no threads):
 *   build  rows → salted documents, their hashes and leaves, the journal lines (one chunk of rows)
 *   nodes  one range of one tree level (the tree is shared bytes, see merkle.ts)
 *   files  each document of a chunk with its final proof, one file each (plain writes)
 * A worker keeps the documents it built, so "files" sends only names and tree positions back to it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { getBytes, hexlify } from "ethers";

import { commitSubject, createDocument, documentHash, type CertificateDocument, type FieldValue } from "./document.js";
import { hashNodes, leafOf } from "./merkle.js";

/** What every document of a batch shares. */
export interface BatchSpec {
  certType: string;
  issuer: string;
  validFrom: number;
  validUntil: number;
}

/** One row of a batch: the holder (an id committed with a fresh salt, or a commitment as is) and the fields. */
export interface BatchRow {
  /** The holder's id (resident ID number, credit code ...): committed here with a fresh salt. */
  subjectId?: string;
  /** Or a subject commitment (bytes32) made elsewhere. */
  subject?: string;
  fields: Record<string, FieldValue>;
}

/** A row's subject as the batch index records it (the salt is the holder's only proof of the id). */
export interface BatchSubject {
  commitment: string;
  id?: string;
  salt?: string;
}

export type BatchTask =
  | { op: "build"; chunk: number; first: number; spec: BatchSpec; rows: BatchRow[] }
  | { op: "nodes"; nodes: Uint8Array; from: number; to: number }
  | { op: "files"; chunk: number; dir: string; names: string[]; nodes: Uint8Array; positions: Int32Array };

export interface BuildResult {
  documents: CertificateDocument[];
  subjects: BatchSubject[];
  hashes: string[];
  /** The leaves (32 bytes each) in row order. */
  leaves: Uint8Array;
  /** The chunk's lines of `documents.jsonl`. */
  journal: string;
}

export type TaskResult =
  BuildResult | { written: number } | { done: true } | { error: { row?: number; message: string } };

/** JSON as a batch's files hold it: indented, bigints as decimal strings, a final newline. */
export const jsonText = (value: unknown) =>
  `${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;

/** The sibling path of tree node `node` (hex, leaf to root), with a per-task cache of internal nodes' hex. */
export function proofAt(nodes: Uint8Array, node: number, hex: Map<number, string>): string[] {
  const hexAt = (i: number) => {
    let h = hex.get(i);
    if (h === undefined) hex.set(i, (h = hexlify(nodes.subarray(32 * i, 32 * i + 32))));
    return h;
  };
  const proof: string[] = [];
  for (let at = node; at > 0; at = (at - 1) >> 1) proof.push(hexAt(at % 2 === 1 ? at + 1 : at - 1));
  return proof;
}

/** The per-thread state: documents built by this thread, by chunk. */
export type TaskState = Map<number, { documents: CertificateDocument[]; hashes: string[] }>;

export function runTask(state: TaskState, task: BatchTask): TaskResult {
  switch (task.op) {
    case "build": {
      const { spec, rows } = task;
      const documents: CertificateDocument[] = [];
      const subjects: BatchSubject[] = [];
      const hashes: string[] = [];
      const leaves = new Uint8Array(32 * rows.length);
      const lines: string[] = [];
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k];
        try {
          const subject: BatchSubject =
            row.subjectId !== undefined
              ? { id: row.subjectId, ...commitSubject(row.subjectId) }
              : { commitment: String(row.subject).toLowerCase() };
          const document = createDocument({ ...spec, subject: subject.commitment, fields: row.fields });
          const hash = documentHash(document);
          documents.push(document);
          subjects.push(subject);
          hashes.push(hash);
          leaves.set(leafOf(getBytes(hash)), 32 * k);
          lines.push(JSON.stringify(document));
        } catch (error) {
          return { error: { row: task.first + k, message: (error as Error).message } };
        }
      }
      state.set(task.chunk, { documents, hashes });
      return { documents, subjects, hashes, leaves, journal: `${lines.join("\n")}\n` };
    }
    case "nodes":
      hashNodes(task.nodes, task.from, task.to);
      return { done: true };
    case "files": {
      const built = state.get(task.chunk);
      if (built === undefined) return { error: { message: `chunk ${task.chunk} was not built by this thread` } };
      const hex = new Map<number, string>();
      const root = proofRoot(task.nodes);
      const { documents, hashes } = built;
      documents.forEach((document, k) => {
        const node = task.positions[k];
        const certificate = {
          ...document,
          proof: {
            certHash: hashes[k],
            root,
            merkleProof: proofAt(task.nodes, node, hex),
          },
        };
        writeFileSync(path.join(task.dir, task.names[k]), jsonText(certificate));
      });
      state.delete(task.chunk);
      return { written: documents.length };
    }
  }
}

const proofRoot = (nodes: Uint8Array) => hexlify(nodes.subarray(0, 32));
