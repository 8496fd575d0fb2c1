import { decodeBytes32String } from "ethers";

import type { ErrorCatalogue } from "./types.js";

const code = (value: unknown): string => {
  try {
    return decodeBytes32String(String(value)) || String(value);
  } catch {
    return String(value);
  }
};
const STATE = ["not locked", "locked", "closed (reimbursed)", "unlocked"];
const STATUS = ["not issued", "active", "suspended", "revoked", "expired", "superseded", "not yet valid"];

/** Accredited issuance (certificates issued by participants) and bill reimbursement. */
export const billErrors: ErrorCatalogue = {
  AccreditedIssuanceUnknownType: [
    "notFound",
    (a) => `certificate type ${code(a.certType)} is not issued by accredited participants`,
  ],
  AccreditedIssuanceRoleMismatch: [
    "invalidArgument",
    (a) =>
      `participant role ${code(a.role)} (department ${code(a.roleDepartment) || "none: not defined"}) cannot issue ` +
      `${code(a.certType)}, which belongs to ${code(a.typeDepartment)}`,
  ],
  AccreditedIssuanceUnknownCertificate: [
    "notFound",
    (a) => `${code(a.certType)} ${String(a.certHash)} was not issued by an accredited participant`,
  ],
  AccreditedIssuanceZeroAddress: ["invalidArgument", () => "a registry address is zero"],
  BillReimbursementUnknownBillType: ["notFound", (a) => `${code(a.certType)} is not a reimbursable bill type`],
  BillReimbursementInvalidBill: [
    "invalidState",
    (a) =>
      `bill ${code(a.certType)} ${String(a.certHash)} is ${STATUS[Number(a.status)] ?? a.status}: it cannot be locked`,
  ],
  BillReimbursementUnavailable: [
    "conflict",
    (a) =>
      `bill ${code(a.certType)} ${String(a.certHash)} is already ${STATE[Number(a.state)]} by ${String(a.reimburser)}`,
  ],
  BillReimbursementNotLocker: [
    "invalidState",
    (a) =>
      `${String(a.account)} does not hold the lock of bill ${code(a.certType)} ${String(a.certHash)} ` +
      `(${STATE[Number(a.state)]}${Number(a.state) === 0 ? "" : ` by ${String(a.reimburser)}`})`,
  ],
  BillReimbursementInvalidInput: ["invalidArgument", () => "no bills were given, or bills and proofs differ in number"],
  BillReimbursementZeroAddress: ["invalidArgument", () => "a registry address is zero"],
};
