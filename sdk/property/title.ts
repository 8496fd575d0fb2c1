import { AbiCoder, keccak256, isHexString, toUtf8Bytes, ZeroHash } from "ethers";

import { commitSubject, randomSalt } from "../certificates/document.js";
import { ValidationError } from "../errors/base.js";

/** Mirrors the contract's enums (same order). */
export const OWNERSHIP_KINDS = ["sole", "joint", "byShares"] as const;
export type OwnershipKind = (typeof OWNERSHIP_KINDS)[number];

export const TRANSFER_KINDS = ["initial", "sale", "inheritance", "gift", "courtOrder", "newBuildSale"] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const ENCUMBRANCE_KINDS = ["none", "mortgage", "freeze", "lien", "lease", "easement"] as const;
export type EncumbranceKind = (typeof ENCUMBRANCE_KINDS)[number];

/** Most owners a title may have (the contract's `MAX_OWNERS`). */
export const MAX_OWNERS = 32;
/** Most active mortgages, liens, leases and easements per unit (the contract's `MAX_ENCUMBRANCES`). */
export const MAX_ENCUMBRANCES = 16;
/** Most freezes per unit, in effect and waiting: capacity of their own (the contract's `MAX_FREEZES`). */
export const MAX_FREEZES = 16;
/** Most active encumbrances of one unit one department may hold (the contract's `MAX_PER_HOLDER`). */
export const MAX_PER_HOLDER = 4;
/** Shares are basis points summing to this. */
export const TOTAL_SHARES = 10_000;

/** One owner of a title: a salted commitment (never personal data) and a share in basis points. */
export interface Owner {
  commitment: string;
  share: number;
}

/** A title: how the owners hold the unit, and who they are. */
export interface Title {
  kind: OwnershipKind;
  owners: Owner[];
}

/** The contract's `TitleInput` tuple. */
export interface TitleTuple {
  kind: number;
  owners: string[];
  shares: number[];
}

const coder = AbiCoder.defaultAbiCoder();

/**
 * An owner's commitment: the suite's one subject commitment ({@link commitSubject}), so the same
 * person (identifier + salt) is the same `bytes32` in the register, on certificates and in
 * consents. The identifier (ID card or credit code) and the salt stay off chain.
 */
export function subjectCommitment(identifier: string, salt: string): string {
  if (identifier.length === 0) throw new ValidationError("identifier", "is empty");
  if (!isHexString(salt, 32)) throw new ValidationError("salt", "must be 32 bytes of hex");
  return commitSubject(identifier, salt).commitment;
}

/** A fresh random 32-byte salt for {@link subjectCommitment}. */
export const newSalt = randomSalt;

/**
 * Checks a title the way the contract does (non-zero distinct commitments, non-zero shares
 * summing to 10,000, at most {@link MAX_OWNERS}, kind fitting the count) and returns the
 * contract's tuple with owners sorted ascending, as the contract requires.
 */
export function toTitleTuple(title: Title): TitleTuple {
  const kind = OWNERSHIP_KINDS.indexOf(title.kind);
  if (kind < 0)
    throw new ValidationError(
      "ownership kind",
      `${JSON.stringify(title.kind)} is not one of ${OWNERSHIP_KINDS.join(", ")}`,
    );
  const count = title.owners.length;
  if (count === 0 || count > MAX_OWNERS) {
    throw new ValidationError("owners", `a title has 1 to ${MAX_OWNERS} owners, not ${count}`);
  }
  if ((title.kind === "sole") !== (count === 1)) {
    throw new ValidationError("ownership kind", `${title.kind} does not fit ${count} owner(s)`);
  }
  const sorted = [...title.owners]
    .map((o) => {
      if (!isHexString(o.commitment, 32) || o.commitment === ZeroHash) {
        throw new ValidationError("owner commitment", `${o.commitment} is not a non-zero bytes32`);
      }
      if (!Number.isInteger(o.share) || o.share <= 0 || o.share > TOTAL_SHARES) {
        throw new ValidationError("share", `${o.share} is not a whole number of basis points in 1..${TOTAL_SHARES}`);
      }
      return { commitment: o.commitment.toLowerCase(), share: o.share };
    })
    .sort((a, b) => (BigInt(a.commitment) < BigInt(b.commitment) ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].commitment === sorted[i - 1].commitment) {
      throw new ValidationError("owners", `${sorted[i].commitment} is listed twice`);
    }
  }
  const total = sorted.reduce((sum, o) => sum + o.share, 0);
  if (total !== TOTAL_SHARES) throw new ValidationError("shares", `sum to ${total}, not ${TOTAL_SHARES}`);
  return { kind, owners: sorted.map((o) => o.commitment), shares: sorted.map((o) => o.share) };
}

/** The hash the contract stores a title as: `keccak256(abi.encode(kind, owners, shares))`. */
export function hashTitle(title: Title): string {
  const t = toTitleTuple(title);
  return keccak256(coder.encode(["uint8", "bytes32[]", "uint16[]"], [t.kind, t.owners, t.shares]));
}

/** Equal shares for `n` owners, the remainder going to the first ones (e.g. 3 owners: 3334, 3333, 3333). */
export function equalShares(n: number): number[] {
  const base = Math.floor(TOTAL_SHARES / n);
  return Array.from({ length: n }, (_, i) => base + (i < TOTAL_SHARES - base * n ? 1 : 0));
}

export function transferKindIndex(kind: TransferKind): number {
  const i = TRANSFER_KINDS.indexOf(kind);
  if (i <= 0)
    throw new ValidationError(
      "transfer kind",
      `${JSON.stringify(kind)} is not one of sale, inheritance, gift, courtOrder, newBuildSale`,
    );
  return i;
}

/** Hashes a document's bytes or text (a convenience for application files and court orders). */
export function documentHash(content: string | Uint8Array): string {
  return keccak256(typeof content === "string" ? toUtf8Bytes(content) : content);
}
