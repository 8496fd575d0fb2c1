import { NO_EXPIRY, type CertificateRecord, type CertificateStatusChange } from "../../sdk/index.js";
import { localTime } from "./time.js";

/** A certificate's record and its status history, for people. */
export function printCertificate(r: CertificateRecord, history: CertificateStatusChange[], department: string): void {
  console.log(`${r.certHash}  ${r.status}`);
  if (r.status === "notIssued") return;
  console.log(`type ${r.certType}, issued by ${department} at ${localTime(r.issuedAt)}`);
  const until = r.validUntil >= BigInt(NO_EXPIRY) ? "no expiry" : localTime(r.validUntil);
  console.log(`valid ${localTime(r.validFrom)} to ${until}; status changed ${localTime(r.statusChangedAt)}`);
  if (r.supersededBy !== undefined) console.log(`superseded by ${r.supersededBy}`);
  const last = history.filter((h) => h.change !== "issued").at(-1);
  if (last !== undefined && (r.status === "suspended" || r.status === "revoked")) {
    const reason = last.reason ?? `code ${last.reasonCode}`;
    console.log(`${last.change} at ${localTime(last.timestamp)} by ${last.actor}, reason ${reason}`);
  }
  for (const h of history) {
    const why = h.reason ?? (h.reasonCode === undefined ? "" : `code ${h.reasonCode}`);
    const extra = [why && `reason ${why}`, h.successor && `by ${h.successor}`, h.root && `batch ${h.root}`]
      .filter(Boolean)
      .join(", ");
    console.log(`  ${localTime(h.timestamp)}  ${h.change.padEnd(10)} ${h.actor}${extra === "" ? "" : `  ${extra}`}`);
  }
}
