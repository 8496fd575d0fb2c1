import { decodeBytes32String } from "ethers";

import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const unit = (value: unknown): string => {
  try {
    return decodeBytes32String(String(value)) || String(value);
  } catch {
    return String(value);
  }
};
const STATUS = ["unknown", "open", "returned", "approved", "rejected", "withdrawn", "expired", "consumed"];
const DEPOSIT = ["none", "held", "released to the seller", "returned to the buyer"];
const UTILITY = ["water", "power", "gas", "heating"];
const AUDIT = ["none", "accepted", "assessed on the reference", "returned"];
const TRANSFER = ["initial registration", "sale", "inheritance", "gift", "court-ordered transfer", "new-build sale"];
const status = (v: unknown) => STATUS[Number(v)] ?? String(v);

export const estateErrors: ErrorCatalogue = {
  EstateNotTransferCase: [
    "invalidArgument",
    (a) => `case ${a.caseId} is not the register's transfer of unit ${unit(a.unit)} to that title`,
  ],
  EstateCaseStatus: ["invalidState", (a) => `case ${a.caseId} is ${status(a.status)}: not possible now`],
  EstateNotBank: ["invalidArgument", (a) => `department ${showBytes32(a.department)} is not a bank`],
  EstateNotSale: [
    "invalidArgument",
    (a) => `deposits supervise sales only, not a ${TRANSFER[Number(a.kind)] ?? String(a.kind)}`,
  ],
  EstateInvalidInput: ["invalidArgument", () => "a band of 1-8 and non-zero hashes are required"],
  EstateDepositExists: ["conflict", (a) => `case ${a.caseId} already has a deposit held by ${showBytes32(a.bank)}`],
  EstateUnknownDeposit: ["notFound", (a) => `case ${a.caseId} has no deposit`],
  EstateDepositAlreadyReleased: [
    "conflict",
    (a) => `the deposit of case ${a.caseId} was already ${DEPOSIT[Number(a.state)] ?? String(a.state)}`,
  ],
  EstateTransferPending: [
    "invalidState",
    (a) =>
      `case ${a.caseId} is ${status(a.status)}: the deposit is released only once the transfer executed ` +
      `(to the seller) or the case was rejected, withdrawn or expired (back to the buyer)`,
  ],
  EstateStepsExist: ["conflict", (a) => `the utility steps of case ${a.caseId} are already open`],
  EstateNoProvider: ["invalidArgument", () => "name at least one utility provider"],
  EstateProviderNotAccredited: [
    "unauthorized",
    (a) => `${a.provider} is not accredited now as a ${UTILITY[Number(a.utility)] ?? String(a.utility)} provider`,
  ],
  EstateUnknownStep: [
    "notFound",
    (a) => `case ${a.caseId} has no ${UTILITY[Number(a.utility)] ?? String(a.utility)} step`,
  ],
  EstateNotStepProvider: [
    "unauthorized",
    (a) =>
      `only ${a.provider} confirms the ${UTILITY[Number(a.utility)] ?? String(a.utility)} step of case ` +
      `${a.caseId}, not ${a.caller}`,
  ],
  EstateStepAlreadyConfirmed: [
    "conflict",
    (a) => `the ${UTILITY[Number(a.utility)] ?? String(a.utility)} step of case ${a.caseId} is already confirmed`,
  ],
  EstateAuditStatus: [
    "invalidState",
    (a) =>
      `case ${a.caseId} is ${status(a.status)}: a "${AUDIT[Number(a.result)] ?? String(a.result)}" audit needs ` +
      `it ${Number(a.result) === 3 ? "returned in the workflow first" : "open"}`,
  ],
  EstateInvalidConfig: ["invalidArgument", () => "a configured address or code is zero"],
  EstateDepositBankActive: [
    "invalidState",
    (a) =>
      `the deposit of case ${a.caseId} is held by ${showBytes32(a.bank)}, which is active: the bank releases it itself`,
  ],
  EstateReleaseCaseMismatch: [
    "invalidArgument",
    (a) => `case ${a.releaseCaseId} is not the deposit release of case ${a.caseId}`,
  ],
};
