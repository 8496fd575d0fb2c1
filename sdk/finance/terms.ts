/**
 * Enterprise identity and SME finance terms, off chain: commitments (no personal data on chain), mandate scopes,
 * outcome commitments, and the "materials no longer asked for" of an account-opening case.
 */
import { AbiCoder, encodeBytes32String, hexlify, isHexString, keccak256, randomBytes } from "ethers";

import { requireCreditCode } from "../identifiers.js";
import { ValidationError } from "../errors/base.js";
import { subjectCommitment } from "../property/title.js";

/**
 * An enterprise's commitment: the suite's subject commitment of its unified social credit code (check character
 * verified first: a typo would make a commitment nobody could ever match again) under a salt the enterprise keeps.
 */
export function enterpriseCommitment(creditCode: string, salt: string): string {
  return subjectCommitment(requireCreditCode(creditCode, "unified social credit code"), salt);
}

/** A mandate scope from action names, against the service's `scopes` table (name → bit). */
export function mandateScope(actions: readonly string[], scopes: Readonly<Record<string, number>>): bigint {
  if (actions.length === 0) throw new ValidationError("scope", "names no action");
  return actions.reduce((acc, name) => acc | mandateAction(name, scopes), 0n);
}

/** The one-bit action code of `name`. */
export function mandateAction(name: string, scopes: Readonly<Record<string, number>>): bigint {
  const bit = scopes[name];
  if (bit === undefined) {
    throw new ValidationError("action", `unknown action ${name} (known: ${Object.keys(scopes).join(", ")})`);
  }
  return 1n << BigInt(bit);
}

/** The action names of a scope bit set. */
export function scopeActions(scope: bigint, scopes: Readonly<Record<string, number>>): string[] {
  return Object.entries(scopes)
    .filter(([, bit]) => (scope >> BigInt(bit)) & 1n)
    .map(([name]) => name);
}

export const LOAN_OUTCOMES = ["REPAID", "DEFAULTED", "RESTRUCTURED", "WRITTEN_OFF"] as const;
export type LoanOutcome = (typeof LOAN_OUTCOMES)[number];

/**
 * The commitment a lender records when it closes a loan: the outcome hidden under a salt, so other lenders learn a
 * default only when it is disclosed to them (with the enterprise's consent or a legal basis) and they check it
 * with {@link outcomeMatches}.
 */
export function outcomeCommitment(
  loanId: bigint,
  outcome: LoanOutcome,
  salt: string = hexlify(randomBytes(32)),
): { commitment: string; salt: string } {
  if (!LOAN_OUTCOMES.includes(outcome)) throw new ValidationError("outcome", `unknown outcome ${String(outcome)}`);
  if (!isHexString(salt, 32)) throw new ValidationError("salt", "must be 32 bytes of hex");
  const commitment = keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "bytes32", "bytes32"], [loanId, encodeBytes32String(outcome), salt]),
  );
  return { commitment, salt };
}

/** Whether a disclosed (outcome, salt) opens the loan's recorded outcome commitment. */
export function outcomeMatches(loanId: bigint, recorded: string, outcome: LoanOutcome, salt: string): boolean {
  return outcomeCommitment(loanId, outcome, salt).commitment === recorded;
}

/** A dataset a case pulls through the exchange and the materials it replaces (services/*.json). */
export interface PulledDataset {
  name: string;
  owner: string;
  replaces: readonly string[];
}

/**
 * What the bank no longer asks for: the materials of every dataset that arrived through a live grant
 * (`live`: dataset names with a live grant to the bank), and what it still asks for.
 */
export function materialsWaived(
  datasets: readonly PulledDataset[],
  live: ReadonlySet<string>,
  stillAsked: readonly string[] = [],
): { waived: string[]; stillAsked: string[] } {
  const waived = datasets.filter((d) => live.has(d.name)).flatMap((d) => d.replaces);
  const missing = datasets.filter((d) => !live.has(d.name)).flatMap((d) => d.replaces);
  return { waived, stillAsked: [...stillAsked, ...missing] };
}
