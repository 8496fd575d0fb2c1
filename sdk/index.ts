/**
 * govchain SDK: typed clients for the suite's contracts.
 *
 * Everything an agency calls goes through a client; every failure surfaces as a
 * {@link GovChainError} subclass with a readable message and the original error as `cause`.
 */
export { AccessClient, type AccessAddresses, type DepartmentEvent, type ScheduledOperation } from "./access/client.js";
export { ParticipantsClient, type Accreditation, type AccreditationEvent } from "./access/participants.js";
export {
  decodeDepartmentCode,
  DEPARTMENT_CODE_PATTERN,
  DEPARTMENT_KINDS,
  encodeDepartmentCode,
  type Department,
  type DepartmentKind,
} from "./access/departments.js";
export {
  CERTIFICATE_STATUSES,
  CertificatesClient,
  REASON_CODES,
  type CertificateRecord,
  type ChunkOptions,
  STATUS_CHUNK,
  VIEW_CHUNK,
  type CertificateRef,
  type CertificateStatus,
  type CertificateTypeInfo,
  type CertificateTypeInput,
  type CheckResult,
  type ReasonName,
  type SignedIssueRequest,
  type VerificationCheck,
  type VerificationResult,
} from "./certificates/client.js";
export { prepareBatch, type PreparedBatch } from "./certificates/batch.js";
export {
  BATCH_JOURNAL,
  BATCH_INDEX,
  batchFileNames,
  issueBatchToFolder,
  rewriteBatchIndex,
  writeBatchFolder,
  type BatchFolder,
  type BatchState,
  type WriteBatchFolderOptions,
} from "./certificates/batch-files.js";
export {
  batchLeaf,
  canonicalJson,
  commitSubject,
  createDocument,
  disclose,
  documentHash,
  DOCUMENT_VERSION,
  encodeCertificateType,
  fieldHash,
  NO_EXPIRY,
  randomSalt,
  type CertificateDocument,
  type CertificateProof,
  type FieldValue,
  type IssuedCertificate,
  type NewDocument,
  type SaltedField,
} from "./certificates/document.js";
export { GovTransaction } from "./core/transaction.js";
export { DEFAULT_LOGS_MAX_RANGE, isLogRangeError, logsMaxRange, scanBlocks, type LogScanOptions } from "./core/logs.js";
export {
  ExchangeClient,
  REQUEST_STATUSES,
  type AccessRequestInput,
  type ApprovalOutcome,
  type Consent,
  type ConsentInput,
  type Dataset,
  type DatasetInput,
  type ExchangeAddresses,
  type Grant,
  type Request,
  type RequestStatus,
  type SignedConsent,
  type SignedConsentRevocation,
} from "./exchange/client.js";
export { defaultReceiptSecretsFile, ReceiptSecrets } from "./exchange/secrets.js";
export { AUDIT_COLUMNS, auditToCsv, auditToJson, type AuditEntry } from "./exchange/audit.js";
export {
  CLASSIFICATIONS,
  datasetId,
  grantReceiptKey,
  hashJson,
  hashScope,
  keyedHash,
  newReceiptSecret,
  ReceiptBatch,
  RECEIPT_KEY_SALT,
  RECEIPT_LEAF_ENCODING,
  receiptHashes,
  verifyReceipt,
  type AccessReceipt,
  type AccessRecord,
  type GrantKeyContext,
  type Classification,
  type ReceiptLeaf,
} from "./exchange/hashing.js";
export * from "./errors/index.js";
export { AgencySigner, type AgencySignerOptions } from "./core/agency-signer.js";
export {
  DEFAULT_RETRY_POLICY,
  isRepeatableRequest,
  isTransientError,
  RetryingJsonRpcProvider,
  withRetries,
  type RetryingProviderOptions,
  type RetryPolicy,
} from "./core/transport.js";
export { loadManifest, type DeploymentManifest, type ProxyDeployment } from "./core/manifest.js";
export { GovChain, type ConnectOptions } from "./govchain.js";
export {
  WorkflowClient,
  type CaseTimelineEntry,
  type PendingCase,
  type WorkflowCase,
  type WorkflowCaseType,
} from "./workflow/client.js";
export {
  CASE_STATUSES,
  CASE_TYPE_PATTERN,
  decodeCaseType,
  encodeCaseType,
  WORKFLOW_LIMITS,
  type CaseStatus,
  type CaseTypeDefinition,
} from "./workflow/caseTypes.js";
export * from "./property/index.js";
export { ACTION_CLASS_NAMES, PROPOSAL_STATES, type ActionClassName, type ProposalState } from "./governance/classes.js";
export {
  encodeCall,
  GovernanceClient,
  type ClassRule,
  type CouncilMember,
  type GovernanceCall,
  type Proposal,
  type ProposalEvent,
  type ProposalOutcome,
} from "./governance/client.js";
export * from "./identifiers.js";
export * from "./catalogue.js";
export * from "./certificates/status-history.js";
export { blockTimestamps } from "./core/block-times.js";
export * from "./workflow/progress.js";
export * from "./services/index.js";
export * from "./logistics/index.js";
export * from "./onestop/index.js";
export * from "./estate/index.js";
export * from "./finance/index.js";
export {
  BILL_STATES,
  BillsClient,
  type BillClaim,
  type BillRef,
  type BillState,
  type BillsAddresses,
} from "./bills/client.js";
export {
  markBatch,
  readBatchFolder,
  rewriteBatchFiles,
  type BatchIndex,
  type BatchIndexEntry,
} from "./certificates/batch-files.js";
export { buildBatch, THREADS_FROM, type BuildBatchOptions, type BuiltBatch } from "./certificates/batch-build.js";
export type { BatchRow, BatchSpec, BatchSubject } from "./certificates/batch-tasks.js";
export {
  SHARE_PARAM,
  QR_MAX_BYTES,
  encodeShareFragment,
  decodeShareFragment,
  shareLink,
  documentFromLink,
  shareQr,
} from "./certificates/share.js";
export { consentDomain, RECORD_CONSENT_TYPES, REVOKE_CONSENT_TYPES } from "./exchange/consent-types.js";
