import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, encodeBytes32String, isHexString, keccak256, toUtf8Bytes } from "ethers";

import { ValidationError } from "../errors/base.js";

/** The classifications, in the order of the contract's `Classification` enum. */
export const CLASSIFICATIONS = ["public", "internal", "restricted", "confidential"] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export function classificationIndex(classification: Classification): number {
  const index = CLASSIFICATIONS.indexOf(classification);
  if (index < 0)
    throw new ValidationError(
      "classification",
      `${JSON.stringify(classification)} is not one of ${CLASSIFICATIONS.join(", ")}`,
    );
  return index;
}

/** A 32-byte hash given as hex, or a {@link ValidationError} naming the field. */
export function requireHash(field: string, value: string, { allowZero = false } = {}): string {
  if (!isHexString(value, 32)) throw new ValidationError(field, `${JSON.stringify(value)} is not a 32-byte hex value`);
  if (!allowZero && BigInt(value) === 0n) throw new ValidationError(field, "must not be zero");
  return value.toLowerCase();
}

/**
 * A short code (purpose, legal basis, reason) for a bytes32 field: 32-byte hex is taken as is,
 * anything else must be 1-31 bytes of UTF-8 and is stored as a bytes32 string.
 */
export function encodeCode(field: string, value: string): string {
  if (isHexString(value, 32)) return requireHash(field, value);
  if (value.length === 0) throw new ValidationError(field, "must not be empty");
  try {
    return encodeBytes32String(value);
  } catch (error) {
    throw new ValidationError(field, `${JSON.stringify(value)} is longer than 31 bytes; pass a 32-byte hash`, {
      cause: error,
    });
  }
}

/** A dataset id from a stable label (`"PSB/household-register"`): keccak256 of its UTF-8. */
export function datasetId(label: string): string {
  if (label.length === 0) throw new ValidationError("dataset label", "must not be empty");
  return keccak256(toUtf8Bytes(label));
}

/** The scope hash of a set of field names: order and duplicates do not matter. */
export function hashScope(fields: readonly string[]): string {
  if (fields.length === 0) throw new ValidationError("scope", "name at least one field");
  const canonical = [...new Set(fields)].sort();
  return keccak256(AbiCoder.defaultAbiCoder().encode(["string[]"], [canonical]));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

/** keccak256 of a value's canonical JSON (sorted keys): the query or response hash of a receipt. */
export function hashJson(value: unknown): string {
  return keccak256(toUtf8Bytes(canonicalJson(value)));
}

/** One access under a grant, as the grantee's gateway logged it. */
export interface AccessReceipt {
  queryHash: string;
  responseHash: string;
}

/** The leaf encoding of a batch: (grant id, index in the batch, query hash, response hash). */
export const RECEIPT_LEAF_ENCODING = ["uint256", "uint256", "bytes32", "bytes32"] as const;
export type ReceiptLeaf = [grantId: bigint, index: bigint, queryHash: string, responseHash: string];

/** Many receipts under one grant, committed to by a Merkle root (OpenZeppelin's standard tree). */
export class ReceiptBatch {
  private constructor(
    readonly grantId: bigint,
    readonly tree: StandardMerkleTree<ReceiptLeaf>,
  ) {}

  static build(grantId: bigint, receipts: readonly AccessReceipt[]): ReceiptBatch {
    if (receipts.length === 0) throw new ValidationError("receipts", "a batch needs at least one receipt");
    if (receipts.length > 0xffffffff) throw new ValidationError("receipts", "a batch holds at most 2^32-1 receipts");
    const leaves = receipts.map((r, i): ReceiptLeaf => [
      grantId,
      BigInt(i),
      requireHash(`receipts[${i}].queryHash`, r.queryHash),
      requireHash(`receipts[${i}].responseHash`, r.responseHash),
    ]);
    return new ReceiptBatch(grantId, StandardMerkleTree.of(leaves, [...RECEIPT_LEAF_ENCODING]));
  }

  get root(): string {
    return this.tree.root;
  }

  get count(): number {
    return this.tree.length;
  }

  /** The proof that receipt `index` is in the batch. */
  proof(index: number): string[] {
    return this.tree.getProof(index);
  }

  /** Whether `receipt` is leaf `index` of the batch whose root was recorded for `grantId`. */
  static verify(root: string, grantId: bigint, index: number, receipt: AccessReceipt, proof: string[]): boolean {
    return StandardMerkleTree.verify(
      root,
      [...RECEIPT_LEAF_ENCODING],
      [grantId, BigInt(index), receipt.queryHash.toLowerCase(), receipt.responseHash.toLowerCase()],
      proof,
    );
  }
}
