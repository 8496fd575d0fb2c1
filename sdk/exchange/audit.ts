/** One access to a dataset, rebuilt from the exchange's receipt events. */
export interface AuditEntry {
  /** A single receipt, or a batch of `count` receipts under a Merkle `root`. */
  kind: "receipt" | "batch";
  grantId: bigint;
  /** The dataset id (bytes32 hex). */
  dataset: string;
  /** The grantee department's code. */
  grantee: string;
  /** The grant's purpose code. */
  purpose: string;
  queryHash?: string;
  responseHash?: string;
  root?: string;
  count: number;
  /** The account that recorded the receipt (submitter key or grantee officer). */
  submitter: string;
  blockNumber: number;
  /** Unix seconds of the block. */
  timestamp: number;
  transactionHash: string;
  logIndex: number;
  /**
   * Set by a verification against the accesses a gateway logged (CLI `data audit --verify`): VALID when
   * one has the receipt's keyed hashes under the grant key, UNMATCHED when none has, SKIPPED for a batch
   * (prove its receipts with its tree) or a grant whose key the auditor does not hold.
   */
  verified?: "VALID" | "UNMATCHED" | "SKIPPED";
}

export const AUDIT_COLUMNS = [
  "kind",
  "grantId",
  "dataset",
  "grantee",
  "purpose",
  "queryHash",
  "responseHash",
  "root",
  "count",
  "submitter",
  "blockNumber",
  "timestamp",
  "transactionHash",
  "logIndex",
  "verified",
] as const satisfies readonly (keyof AuditEntry)[];

/** The audit trail as JSON (bigints as decimal strings, timestamps also as ISO dates). */
export function auditToJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    entries.map((e) => ({ ...e, grantId: e.grantId.toString(), time: new Date(e.timestamp * 1000).toISOString() })),
    null,
    2,
  );
}

function csvField(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit trail as CSV (RFC 4180: a header row, CRLF line ends, quoted where needed). */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const rows = [AUDIT_COLUMNS.join(",")];
  for (const entry of entries) rows.push(AUDIT_COLUMNS.map((column) => csvField(entry[column])).join(","));
  return `${rows.join("\r\n")}\r\n`;
}
