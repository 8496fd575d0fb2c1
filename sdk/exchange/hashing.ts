import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  AbiCoder,
  encodeBytes32String,
  getAddress,
  getBytes,
  hexlify,
  isHexString,
  keccak256,
  toUtf8Bytes,
} from "ethers";

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

/**
 * keccak256 of a value's canonical JSON (sorted keys), for public material (schemas, endpoints).
 * Never for a receipt's query or response: anyone can test a guess against an unkeyed hash (a query
 * keyed by an ID number is reversed in milliseconds). Use {@link receiptHashes} with a grant key.
 */
export function hashJson(value: unknown): string {
  return keccak256(toUtf8Bytes(canonicalJson(value)));
}

// ── keyed receipt hashes ────────────────────────────────────────────────────

/** The HKDF salt of grant receipt keys (a version label: a new scheme gets a new salt). */
export const RECEIPT_KEY_SALT = "govchain/exchange/receipt-key/v1";

/** A new department receipt secret: 32 random bytes as hex. Keep it off chain (see `ReceiptSecrets`). */
export function newReceiptSecret(): string {
  return hexlify(randomBytes(32));
}

/** Where a grant lives: its receipt key is bound to one exchange on one chain. */
export interface GrantKeyContext {
  chainId: bigint;
  /** The DataExchange proxy address. */
  exchange: string;
  grantId: bigint;
}

/**
 * A grant's receipt key: HKDF-SHA256 of the grantee department's secret, bound to the chain, the
 * exchange and the grant. Hand it to an auditor of that grant: it verifies that grant's receipts and
 * reveals nothing of the department's other grants (HKDF outputs are independent).
 */
export function grantReceiptKey(secret: string, context: GrantKeyContext): string {
  const ikm = requireKey("secret", secret);
  const info = `chain ${context.chainId} exchange ${getAddress(context.exchange)} grant ${context.grantId}`;
  return hexlify(new Uint8Array(hkdfSync("sha256", ikm, toUtf8Bytes(RECEIPT_KEY_SALT), toUtf8Bytes(info), 32)));
}

/**
 * HMAC-SHA256 under `key` of a value: raw bytes as they are, anything else as its canonical JSON
 * (sorted keys). Without the key nobody can test a guess against it; with it, anyone can verify.
 */
export function keyedHash(key: string, value: unknown): string {
  const data = value instanceof Uint8Array ? value : toUtf8Bytes(canonicalJson(value));
  return hexlify(new Uint8Array(createHmac("sha256", requireKey("key", key)).update(data).digest()));
}

/** One access as the grantee's gateway saw it (never sent: only its keyed hashes go on chain). */
export interface AccessRecord {
  query: unknown;
  response: unknown;
}

/** The receipt of `access` under a grant key: keyed query and response hashes. */
export function receiptHashes(key: string, access: AccessRecord): AccessReceipt {
  return { queryHash: keyedHash(key, access.query), responseHash: keyedHash(key, access.response) };
}

/** Whether `receipt` (as recorded on chain) is the receipt of `access` under `key` (constant-time compare). */
export function verifyReceipt(key: string, access: AccessRecord, receipt: AccessReceipt): boolean {
  const expected = receiptHashes(key, access);
  const same = (a: string, b: string) =>
    isHexString(b, 32) && timingSafeEqual(Buffer.from(getBytes(a)), Buffer.from(getBytes(b)));
  return same(expected.queryHash, receipt.queryHash) && same(expected.responseHash, receipt.responseHash);
}

function requireKey(field: string, value: string): Uint8Array {
  if (!isHexString(value) || (value.length - 2) / 2 < 16) {
    throw new ValidationError(field, "must be hex of at least 16 bytes (a receipt secret or a grant key)");
  }
  return getBytes(value);
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
