/**
 * Why a certificate is in its status: its issuance and every suspension, reinstatement,
 * revocation and supersession, with the reason code, the actor and the block's time, rebuilt
 * from the registry's events.
 */
import type { EventLog, Provider } from "ethers";

import { blockTimestamps } from "../core/block-times.js";
import { toGovChainError } from "../errors/decode.js";
import type { CertificateRef, CertificatesClient, ReasonName } from "./client.js";
import { REASON_CODES } from "./client.js";
import { documentHash, encodeCertificateType, type IssuedCertificate } from "./document.js";

export type CertificateChange = "issued" | "suspended" | "reinstated" | "revoked" | "superseded";

/** One change of a certificate's status. */
export interface CertificateStatusChange {
  change: CertificateChange;
  /** The reason code's name (absent for issuance and supersession, or for a code the SDK does not list). */
  reason?: ReasonName;
  reasonCode?: number;
  actor: string;
  /** For a batch leaf, the batch root the event names (a whole-batch revocation included). */
  root?: string;
  /** The replacing certificate (superseded). */
  successor?: string;
  blockNumber: number;
  /** The block's unix time. */
  timestamp: number;
  transactionHash: string;
}

const REASON_NAMES = Object.fromEntries(Object.entries(REASON_CODES).map(([name, code]) => [code, name])) as Record<
  number,
  ReasonName
>;

const CHANGE_BY_EVENT: Record<string, CertificateChange> = {
  CertificateIssued: "issued",
  BatchIssued: "issued",
  CertificateSuspended: "suspended",
  BatchCertificateSuspended: "suspended",
  CertificateReinstated: "reinstated",
  BatchCertificateReinstated: "reinstated",
  CertificateRevoked: "revoked",
  BatchCertificateRevoked: "revoked",
  BatchRevoked: "revoked",
  CertificateSuperseded: "superseded",
};

/**
 * Every status change of a certificate (or batch leaf, given its document), oldest first, from
 * `fromBlock` (the manifest's `deploymentBlock`).
 */
export async function certificateStatusHistory(
  client: CertificatesClient,
  ref: CertificateRef,
  fromBlock = 0,
): Promise<CertificateStatusChange[]> {
  const c = client.contract;
  const certType = encodeCertificateType(ref.certType);
  const isDocument = "proof" in ref || "fields" in ref;
  const certHash = isDocument ? documentHash(ref as IssuedCertificate) : ref.certHash;
  const root = isDocument ? (ref as IssuedCertificate).proof?.root : undefined;
  const f = c.filters;
  try {
    const queries: Promise<unknown[]>[] = [
      c.queryFilter(f.CertificateIssued(certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.CertificateSuspended(certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.CertificateReinstated(certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.CertificateRevoked(certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.CertificateSuperseded(certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.BatchCertificateSuspended(undefined, certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.BatchCertificateReinstated(undefined, certHash, certType), fromBlock, "latest"),
      c.queryFilter(f.BatchCertificateRevoked(undefined, certHash, certType), fromBlock, "latest"),
    ];
    if (root !== undefined) {
      queries.push(c.queryFilter(f.BatchIssued(root, certType), fromBlock, "latest"));
      queries.push(c.queryFilter(f.BatchRevoked(root, certType), fromBlock, "latest"));
    }
    const logs = ((await Promise.all(queries)).flat() as EventLog[]).sort(
      (a, b) => a.blockNumber - b.blockNumber || a.index - b.index,
    );
    const provider = c.runner?.provider as Provider | undefined;
    const times = await blockTimestamps(
      provider,
      logs.map((l) => l.blockNumber),
    );
    return logs.map((log) => {
      const a = log.args.toObject() as Record<string, unknown>;
      const code = a.reason === undefined ? undefined : Number(a.reason);
      return {
        change: CHANGE_BY_EVENT[log.fragment.name],
        reason: code === undefined ? undefined : REASON_NAMES[code],
        reasonCode: code,
        actor: a.actor as string,
        root: a.root as string | undefined,
        successor: a.successor as string | undefined,
        blockNumber: log.blockNumber,
        timestamp: times.get(log.blockNumber) ?? 0,
        transactionHash: log.transactionHash,
      };
    });
  } catch (error) {
    throw toGovChainError(error, `read the history of ${ref.certType} ${certHash}`);
  }
}
