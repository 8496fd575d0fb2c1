import { decodeBytes32String, encodeBytes32String } from "ethers";

import { ValidationError } from "../errors/base.js";

/** Department codes: 1-31 characters of A-Z, 0-9 and `_`, starting with a letter (fits a bytes32 string). */
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,30}$/;

/** The kinds of party, in the order of the contract's `DepartmentKind` enum. */
export const DEPARTMENT_KINDS = ["government", "court", "bank", "other"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** A department as the directory holds it. */
export interface Department {
  code: string;
  name: string;
  kind: DepartmentKind;
  active: boolean;
  adminRole: bigint;
  officerRole: bigint;
}

/** Encodes a department code for the chain, refusing malformed codes with a {@link ValidationError}. */
export function encodeDepartmentCode(code: string): string {
  if (!DEPARTMENT_CODE_PATTERN.test(code)) {
    throw new ValidationError(
      "department code",
      `${JSON.stringify(code)} must be 1-31 characters of A-Z, 0-9 and _, starting with a letter`,
    );
  }
  return encodeBytes32String(code);
}

/** The readable code of an on-chain bytes32 department code. */
export function decodeDepartmentCode(code: string): string {
  return decodeBytes32String(code);
}

export function departmentKindIndex(kind: DepartmentKind): number {
  const index = DEPARTMENT_KINDS.indexOf(kind);
  if (index < 0)
    throw new ValidationError(
      "department kind",
      `${JSON.stringify(kind)} is not one of ${DEPARTMENT_KINDS.join(", ")}`,
    );
  return index;
}
