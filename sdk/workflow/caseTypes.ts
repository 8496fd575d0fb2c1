import { decodeBytes32String, encodeBytes32String } from "ethers";

import { ValidationError } from "../errors/base.js";

/** Case type ids: 1-31 characters of A-Z, 0-9 and `_`, starting with a letter (a bytes32 string), e.g. PROPERTY_SALE. */
export const CASE_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,30}$/;

/** The contract's `CaseStatus` enum, in order. `expired` is derived from the deadline at read time. */
export const CASE_STATUSES = [
  "none",
  "open",
  "returned",
  "approved",
  "rejected",
  "withdrawn",
  "expired",
  "consumed",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The limits the contract enforces per case type (bounded gas). */
export const WORKFLOW_LIMITS = { maxDepartments: 16, maxStages: 8, maxQuorum: 3, maxReasonBytes: 256 } as const;

/** Encodes a case type id for the chain, refusing malformed ids with a {@link ValidationError}. */
export function encodeCaseType(id: string): string {
  if (!CASE_TYPE_PATTERN.test(id)) {
    throw new ValidationError(
      "case type",
      `${JSON.stringify(id)} must be 1-31 characters of A-Z, 0-9 and _, starting with a letter`,
    );
  }
  return encodeBytes32String(id);
}

/** The readable id of an on-chain bytes32 case type. */
export function decodeCaseType(id: string): string {
  return decodeBytes32String(id);
}

/** A case type's definition, readable: stages in order, each with its departments and deadline. */
export interface CaseTypeDefinition {
  /** The contract that opens and consumes the cases (absent: officers of `openerDepartment` do). */
  owner?: string;
  /** The department whose officers open, resubmit and withdraw cases (and consume them when there is no owner). */
  openerDepartment?: string;
  stages: {
    /** Seconds the stage may take from its start; 0 = no deadline. */
    durationSeconds: number;
    departments: { code: string; quorum?: number }[];
  }[];
}
