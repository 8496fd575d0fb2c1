import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const COLLATERAL = ["none", "a registry mortgage", "a receivable"];

/** Enterprise identity and mandates (EnterpriseMandates), SME lending (LendingRegistry). */
export const financeErrors: ErrorCatalogue = {
  EnterpriseMandatesZeroValue: ["invalidArgument", (a) => `${showBytes32(a.field)} must not be empty or zero`],
  EnterpriseMandatesUnknownEnterprise: [
    "notFound",
    (a) => `no enterprise identity is bound for ${a.enterprise} (MARKET binds it first)`,
  ],
  EnterpriseMandatesEnterpriseRevoked: [
    "conflict",
    (a) => `the enterprise identity ${a.enterprise} was revoked: its representative cannot act`,
  ],
  EnterpriseMandatesSignatureExpired: ["invalidArgument", (a) => `the signature's deadline ${a.deadline} has passed`],
  EnterpriseMandatesInvalidNonce: [
    "conflict",
    (a) => `the signature of ${a.signer} uses nonce ${a.given}, the next is ${a.expected} (a replay, or out of order)`,
  ],
  EnterpriseMandatesInvalidSignature: [
    "unauthorized",
    (a) => `the signature is by ${a.recovered}, not by the enterprise's representative ${a.representative}`,
  ],
  EnterpriseMandatesInvalidExpiry: [
    "invalidArgument",
    (a) => `a mandate must expire in the future (and within the allowed period), not at ${a.expiresAt}`,
  ],
  EnterpriseMandatesUnknownMandate: ["notFound", (a) => `no mandate ${a.mandateId}`],
  EnterpriseMandatesMandateRevoked: ["conflict", (a) => `mandate ${a.mandateId} was revoked`],
  EnterpriseMandatesMandateExpired: ["conflict", (a) => `mandate ${a.mandateId} expired at ${a.expiredAt}`],
  EnterpriseMandatesBindingEnded: [
    "conflict",
    (a) =>
      `mandate ${a.mandateId} was given under binding ${a.epoch}; the enterprise is now bound under ${a.current} (a new representative or a revocation ended it)`,
  ],
  EnterpriseMandatesNotAgent: ["unauthorized", (a) => `${a.account} is not the agent of mandate ${a.mandateId}`],
  EnterpriseMandatesOutOfScope: [
    "unauthorized",
    (a) => `action ${a.action} is outside mandate ${a.mandateId}'s scope (${a.scope})`,
  ],
  EnterpriseMandatesWrongBank: [
    "unauthorized",
    (a) => `mandate ${a.mandateId} is for bank ${showBytes32(a.allowed)}, not ${showBytes32(a.bank)}`,
  ],
  LendingRegistryZeroValue: ["invalidArgument", (a) => `${showBytes32(a.field)} must not be empty or zero`],
  LendingRegistryUnauthorizedLender: [
    "unauthorized",
    (a) => `${a.account} is neither an officer of lender ${showBytes32(a.lender)} nor an accredited lender`,
  ],
  LendingRegistrySignatureExpired: ["invalidArgument", (a) => `the signature's deadline ${a.deadline} has passed`],
  LendingRegistryInvalidNonce: [
    "conflict",
    (a) => `the signature of ${a.signer} uses nonce ${a.given}, the next is ${a.expected} (a replay, or out of order)`,
  ],
  LendingRegistryInvalidSignature: [
    "unauthorized",
    (a) => `the signature is by ${a.recovered}, not by the representative of enterprise ${a.enterprise}`,
  ],
  LendingRegistryInvalidCollateral: [
    "invalidArgument",
    (a) => `${COLLATERAL[Number(a.kind)] ?? `collateral kind ${a.kind}`} ${a.collateral} is not valid collateral`,
  ],
  LendingRegistryUnknownLoan: ["notFound", (a) => `no loan ${a.loanId}`],
  LendingRegistryLoanNotActive: ["conflict", (a) => `loan ${a.loanId} is not active`],
  LendingRegistryNotLoanCollateral: [
    "invalidArgument",
    (a) => `receivable ${a.receivable} is not the collateral agreed for loan ${a.loanId}`,
  ],
  LendingRegistryAlreadyPledged: [
    "conflict",
    (a) => `receivable ${a.receivable} is already pledged to loan ${a.loanId}: it cannot be pledged twice`,
  ],
  LendingRegistryNoDisclosureBasis: [
    "unauthorized",
    (a) =>
      `loan ${a.loanId}'s outcome cannot be disclosed to ${showBytes32(a.recipient)}: no consent of the enterprise and no legal basis on record`,
  ],
  LenderAccessZeroValue: ["invalidArgument", (a) => `${showBytes32(a.field)} must not be empty or zero`],
  LenderAccessWrongConsentTerms: [
    "invalidArgument",
    (a) =>
      `the consent names ${showBytes32(a.department)} for purpose ${a.purpose}: a lender records only a consent to ` +
      `the desk for its own purpose ${a.expectedPurpose}`,
  ],
  LenderAccessNotGrantLender: ["unauthorized", (a) => `grant ${a.grantId} is not a grant to lender ${a.account}`],
};
