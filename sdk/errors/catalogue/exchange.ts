import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const STATUS = ["none", "pending", "endorsed", "approved", "rejected"] as const;
const unix = (value: unknown) => new Date(Number(value) * 1000).toISOString();

export const exchangeErrors: ErrorCatalogue = {
  DataExchangeZeroValue: ["invalidArgument", (a) => `${showBytes32(a.field)} must not be zero`],
  DataExchangeDuplicateDataset: ["conflict", (a) => `dataset ${showBytes32(a.id)} is already in the catalogue`],
  DataExchangeUnknownDataset: ["notFound", (a) => `no dataset ${showBytes32(a.id)} in the catalogue`],
  DataExchangeDatasetRetired: ["invalidState", (a) => `dataset ${showBytes32(a.id)} is retired`],
  DataExchangeInvalidCosigner: [
    "invalidArgument",
    (a) =>
      `co-signing department ${showBytes32(a.cosigner)} is not valid for dataset ${showBytes32(a.id)} ` +
      "(confidential datasets need another registered department; other classifications none)",
  ],
  DataExchangeSelfRequest: [
    "invalidArgument",
    (a) => `department ${showBytes32(a.department)} owns dataset ${showBytes32(a.dataset)} and cannot request it`,
  ],
  DataExchangeInvalidDuration: [
    "invalidArgument",
    (a) => `duration ${String(a.duration)}s must be between 1s and ${String(a.max)}s`,
  ],
  DataExchangeUnknownRequest: ["notFound", (a) => `no request ${String(a.requestId)}`],
  DataExchangeRequestNotPending: [
    "invalidState",
    (a) => `request ${String(a.requestId)} is ${STATUS[Number(a.status)] ?? String(a.status)}`,
  ],
  DataExchangeUnauthorizedApprover: [
    "unauthorized",
    (a) => `${String(a.account)} may not decide request ${String(a.requestId)} (see the dataset's classification rule)`,
  ],
  DataExchangeInvalidExpiry: [
    "invalidArgument",
    (a) => `expiry ${String(a.expiresAt)} is in the past or later than the allowed ${String(a.max)}`,
  ],
  DataExchangeUnknownGrant: ["notFound", (a) => `no grant ${String(a.grantId)}`],
  DataExchangeGrantRevoked: ["invalidState", (a) => `grant ${String(a.grantId)} was revoked`],
  DataExchangeGrantExpired: ["invalidState", (a) => `grant ${String(a.grantId)} expired at ${unix(a.expiredAt)}`],
  DataExchangeUnauthorizedSubmitter: [
    "unauthorized",
    (a) =>
      `${String(a.account)} is neither the submitter key of grant ${String(a.grantId)} nor an officer of its grantee`,
  ],
  DataExchangeEmptyBatch: ["invalidArgument", (a) => `the receipt batch for grant ${String(a.grantId)} is empty`],
  DataExchangeUnknownConsent: ["notFound", (a) => `no consent ${String(a.consentId)}`],
  DataExchangeConsentMismatch: [
    "invalidArgument",
    (a) =>
      `consent ${String(a.consentId)} does not cover dataset ${showBytes32(a.dataset)} for purpose ` +
      `${showBytes32(a.purpose)} (personal datasets need a matching consent)`,
  ],
  DataExchangeConsentRevoked: ["invalidState", (a) => `consent ${String(a.consentId)} was revoked by its subject`],
  DataExchangeConsentExpired: ["invalidState", (a) => `consent ${String(a.consentId)} expired at ${unix(a.expiredAt)}`],
  DataExchangeSignatureExpired: ["invalidState", (a) => `the signature's deadline ${unix(a.deadline)} has passed`],
  DataExchangeInvalidNonce: [
    "conflict",
    (a) =>
      `nonce ${String(a.given)} of ${String(a.signer)} is not the next one (${String(a.expected)}): reused or skipped`,
  ],
  DataExchangeInvalidSignature: [
    "unauthorized",
    (a) => `the signature (by ${String(a.recovered)}) is not the signing key of consent ${String(a.consentId)}`,
  ],
  DataExchangeUnauthorizedAdmin: [
    "unauthorized",
    (a) => `${String(a.account)} is not an active admin of department ${showBytes32(a.department)}`,
  ],
  DataExchangeReceiptLogAlreadySet: [
    "conflict",
    (a) => `the exchange already records receipts in ${String(a.receiptLog)} (set once)`,
  ],
  DataExchangeInvalidReceiptLog: [
    "invalidArgument",
    (a) => `${String(a.receiptLog)} is not a receipt log of this exchange`,
  ],
  ReceiptLogOnlyExchange: [
    "unauthorized",
    (a) => `${String(a.caller)} is not the exchange: only it updates the receipt log`,
  ],
  ReceiptLogZeroExchange: ["invalidArgument", () => "the receipt log's exchange address is zero"],
  DataExchangeZeroSubmitter: [
    "invalidArgument",
    (a) => `the submitter key of grant ${String(a.grantId)} cannot be the zero address`,
  ],
  DataExchangeDepartmentInactive: [
    "invalidState",
    (a) => `department ${showBytes32(a.department)} is deactivated: it can neither act nor receive a grant`,
  ],
  DataExchangeGranteeInactive: [
    "invalidState",
    (a) => `the grantee department of grant ${String(a.grantId)} is deactivated: the grant is not live`,
  ],
  DataExchangeOwnerActive: [
    "invalidState",
    (a) =>
      `the owner department ${showBytes32(a.owner)} of grant ${String(a.grantId)} is active: ` +
      "its officers revoke it (the operator only stands in for a deactivated owner)",
  ],
  DataExchangeClosed: [
    "invalidState",
    (a) => `the exchange ${String(a.exchange)} is closed (emergency stop): no receipts, no live grants`,
  ],
  DataExchangeCosignerIsRequester: [
    "invalidArgument",
    (a) =>
      `department ${showBytes32(a.department)} co-signs dataset ${showBytes32(a.dataset)} and cannot also request it ` +
      "(two departments must decide)",
  ],
  DataExchangeConsentOfOtherDepartment: [
    "invalidArgument",
    (a) =>
      `consent ${String(a.consentId)} was given to ${showBytes32(a.givenTo)}, ` +
      `not to the requesting department ${showBytes32(a.requester)}`,
  ],
  DataExchangeInvalidConsentSignature: [
    "unauthorized",
    (a) => `the consent is not signed by its subject key ${String(a.signer)} (signed by ${String(a.recovered)})`,
  ],
  ReceiptLogExchangeNotListening: [
    "invalidState",
    (a) =>
      `exchange ${String(a.exchange)} is not a department listener of directory ${String(a.directory)}: ` +
      "register it first (the log's department cache depends on it)",
  ],
};
