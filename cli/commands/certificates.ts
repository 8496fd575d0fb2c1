import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import { isHexString } from "ethers";

import {
  createDocument,
  documentHash,
  issueBatchToFolder,
  prepareBatch,
  NO_EXPIRY,
  REASON_CODES,
  ValidationError,
  type CertificateDocument,
  type CertificateRef,
  type FieldValue,
  type GovChain,
  type IssuedCertificate,
  type ReasonName,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { beforeSending, duration, readJson, readRows, subjectRef, unixTime } from "../input.js";
import { print } from "../output.js";
import { progress } from "../progress.js";

type Globals = () => GlobalOptions;

interface ValidityOptions {
  validFrom?: string;
  validUntil?: string;
  validFor?: string;
}

const REASONS = Object.keys(REASON_CODES).join(", ");

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** The issuing department and validity window of a new certificate of `type`. */
async function issuance(gov: GovChain, type: string, opts: ValidityOptions) {
  const info = await gov.certificates.certificateType(type);
  if (info.department === "") throw new ValidationError("--type", `${type} is not a registered certificate type`);
  const latest = await gov.runner.provider!.getBlock("latest");
  const validFrom = opts.validFrom === undefined ? latest!.timestamp : unixTime("--valid-from", opts.validFrom);
  if (opts.validUntil !== undefined && opts.validFor !== undefined) {
    throw new ValidationError("--valid-until", "give --valid-until or --valid-for, not both");
  }
  const validUntil =
    opts.validUntil !== undefined
      ? unixTime("--valid-until", opts.validUntil)
      : opts.validFor !== undefined
        ? validFrom + duration("--valid-for", opts.validFor)
        : info.maxValiditySeconds === 0n
          ? NO_EXPIRY
          : validFrom + Number(info.maxValiditySeconds);
  return { issuer: info.department, validFrom, validUntil };
}

/** The document fields of a JSON file: an object of JSON values. */
function readFields(file: string): Record<string, FieldValue> {
  const fields = readJson(file, "--fields");
  if (fields === null || typeof fields !== "object" || Array.isArray(fields) || Object.keys(fields).length === 0) {
    throw new ValidationError("--fields", `${file} must hold a JSON object with at least one field`);
  }
  return fields as Record<string, FieldValue>;
}

/**
 * A certificate named by its type and hash (`--type`), or by a document file, which commits to its type
 * (batch leaves carry their root and proof).
 */
function certificateRef(value: string, type: string | undefined): CertificateRef {
  if (isHexString(value, 32)) {
    if (type === undefined) {
      throw new ValidationError("--type", "a certificate is its type and its hash: give --type with a hash");
    }
    return { certType: type, certHash: value };
  }
  const document = readJson(value, "certificate") as CertificateDocument;
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new ValidationError("certificate", `${value} does not hold a certificate document`);
  }
  if (type !== undefined && type !== document.certType) {
    throw new ValidationError("--type", `${value} is a ${document.certType}, not a ${type}`);
  }
  return document.proof?.root !== undefined
    ? (document as IssuedCertificate)
    : { certType: document.certType, certHash: documentHash(document) };
}

function reason(value: string | undefined): ReasonName | number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  if (!(value in REASON_CODES))
    throw new ValidationError("--reason", `${JSON.stringify(value)} is not one of ${REASONS}`);
  return value as ReasonName;
}

function refuseOverwrite(file: string): void {
  if (existsSync(file)) throw new ValidationError("--out", `${file} already exists; it is not overwritten`);
  if (!existsSync(path.dirname(path.resolve(file)))) {
    throw new ValidationError("--out", `the folder of ${file} does not exist`);
  }
}

/** Validates one batch row: a non-empty `subject`, at least one other field, no empty value. */
function batchRow(file: string, row: { row: number; where: string; values: Record<string, unknown> }) {
  const fail = (field: string, message: string) =>
    new ValidationError(`row ${row.row}`, `${file} ${row.where}, field "${field}": ${message}`);
  const { subject, ...fields } = row.values;
  if (typeof subject !== "string" || subject.trim() === "") throw fail("subject", "the holder id is missing");
  if (Object.keys(fields).length === 0) throw fail("(fields)", "a certificate needs at least one field");
  for (const [name, value] of Object.entries(fields)) {
    if (name.trim() === "") throw fail(name, "a field needs a name");
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
      throw fail(name, "is empty");
    }
    if (typeof value === "number" && !Number.isFinite(value)) throw fail(name, "is not a finite number");
  }
  return { subject: subject.trim(), fields: fields as Record<string, FieldValue> };
}

export function certificatesCommand(program: Command, globals: Globals): void {
  const certificates = program
    .command("certificates")
    .alias("cert")
    .description("e-licences and e-certificates: issue, batch-issue, verify, suspend, revoke");

  const validity = (command: Command) =>
    command
      .option("--valid-from <time>", "unix seconds or an ISO date (default: now, by the chain's clock)")
      .option("--valid-until <time>", "unix seconds or an ISO date (default: the type's longest validity, or none)")
      .option("--valid-for <duration>", "instead of --valid-until: 3600, 12h, 30d, ...");

  validity(
    certificates
      .command("issue")
      .description("issue one certificate (an officer of the type's department); writes the salted document")
      .requiredOption("--type <code>", "certificate type, e.g. BUSINESS_LICENCE")
      .requiredOption(
        "--subject <id|commitment>",
        "the holder's id (committed with a fresh salt) or a 32-byte commitment",
      )
      .requiredOption("--fields <file.json>", "a JSON object of the document's fields")
      .requiredOption("--out <file.json>", "where to write the issued document for the holder (never overwritten)"),
  ).action(async (opts: ValidityOptions & { type: string; subject: string; fields: string; out: string }) => {
    const fields = readFields(opts.fields);
    refuseOverwrite(opts.out);
    const { gov } = await govchain(globals(), true);
    const subject = subjectRef(opts.subject);
    const window = await issuance(gov, opts.type, opts);
    const document = createDocument({ certType: opts.type, subject: subject.commitment, fields, ...window });
    // The salts exist nowhere else: the document is on disk before anything is sent.
    writeFileSync(opts.out, jsonText({ ...document, proof: { certHash: documentHash(document) } }));
    const tx = await beforeSending(gov.certificates.issue(document), [opts.out]);
    const issued = await tx.wait();
    writeFileSync(opts.out, jsonText(issued));
    const status = await gov.certificates.status({ certType: opts.type, certHash: issued.proof.certHash });
    const result = { certHash: issued.proof.certHash, status, file: opts.out, subject, transaction: tx.hash };
    print(globals(), result, () => {
      console.log(`issued ${opts.type} ${result.certHash} (${status}); document written to ${opts.out}`);
      if (subject.salt !== undefined) console.log(`subject salt (the holder keeps it): ${subject.salt}`);
    });
  });

  validity(
    certificates
      .command("issue-batch <file>")
      .description(
        "issue one certificate per row of a .csv (header row) or .json (array) file under one Merkle root; " +
          "every row needs a `subject` (holder id), the other columns are fields. Rows are validated first: " +
          "one bad row stops everything and nothing is sent",
      )
      .requiredOption("--type <code>", "certificate type, e.g. BUSINESS_LICENCE")
      .requiredOption("--out <dir>", "folder for one document per row plus batch.json (the index)"),
  ).action(async (file: string, opts: ValidityOptions & { type: string; out: string }) => {
    const rows = readRows(file).map((row) => batchRow(file, row));
    if (rows.length === 0) throw new ValidationError("file", `${file} has no rows`);
    const index = path.join(opts.out, "batch.json");
    if (existsSync(index)) throw new ValidationError("--out", `${index} already exists; pick a new folder`);
    const { gov } = await govchain(globals(), true);
    const window = await issuance(gov, opts.type, opts);

    const building = progress(globals(), "building documents", rows.length);
    const subjects = rows.map((row) => subjectRef(row.subject));
    const documents = rows.map((row, i) => {
      try {
        const document = createDocument({
          certType: opts.type,
          subject: subjects[i].commitment,
          fields: row.fields,
          ...window,
        });
        building.increment();
        return document;
      } catch (error) {
        building.stop();
        throw new ValidationError(`row ${i + 1}`, `${file}: ${(error as Error).message}`, { cause: error });
      }
    });
    building.stop();

    // The salts exist nowhere else: every document (with its final proof) is on disk, fsynced through
    // documents.json, before the batch is sent; the files are never deleted.
    const batch = prepareBatch(documents);
    const writing = progress(globals(), "writing documents", documents.length);
    const {
      root,
      certificates: issued,
      transaction,
    } = await issueBatchToFolder(gov.certificates, batch, opts.out, {
      entries: subjects.map((subject) => ({ subject })),
      onProgress: () => writing.increment(),
      onStage: (stage) => stage === "written" && writing.stop(),
    });
    const summary = { root, certType: opts.type, ...window, count: issued.length, transaction };
    print(globals(), { ...summary, out: opts.out, index }, () =>
      console.log(`issued ${issued.length} ${opts.type} under root ${root}; documents and batch.json in ${opts.out}`),
    );
  });

  certificates
    .command("verify <document>")
    .description(
      "verify a document end to end with no account (integrity, issued, status, issuer, type, validity); " +
        "exit code 0 when valid, 1 when not",
    )
    .option("--at <time>", "check at this moment instead of now (unix seconds or an ISO date)")
    .action(async (file: string, opts: { at?: string }) => {
      const document = readJson(file, "document") as CertificateDocument;
      if (document === null || typeof document !== "object" || Array.isArray(document)) {
        throw new ValidationError("document", `${file} does not hold a certificate document`);
      }
      const { gov } = await govchain(globals(), false);
      const at = opts.at === undefined ? undefined : BigInt(unixTime("--at", opts.at));
      const result = await gov.certificates.verify(document, { at });
      print(globals(), result, () => {
        const what = result.record === undefined ? "" : ` (${result.record.certType} by ${result.record.department})`;
        console.log(`${result.valid ? "VALID" : "INVALID"} ${result.certHash || file}${what}`);
        for (const failure of result.failures) console.log(`  ${failure.check}: ${failure.reason}`);
      });
      if (!result.valid) process.exitCode = 1;
    });

  const changes = [
    ["suspend", "suspend a certificate or one batch leaf (the type must be suspendable)", "investigation"],
    ["reinstate", "reinstate a suspended certificate or batch leaf", "investigationClosed"],
    ["revoke", "revoke a certificate, or only one leaf of a batch (give its document)", "unspecified"],
  ] as const;
  for (const [action, description, fallback] of changes) {
    certificates
      .command(`${action} <hash|document>`)
      .description(`${description} (an officer of the type's department)`)
      .option("--reason <reason>", `one of ${REASONS}, or a number`, fallback)
      .option("--type <code>", "the certificate type (required with a hash; a document names its own)")
      .action(async (value: string, opts: { reason?: string; type?: string }) => {
        const ref = certificateRef(value, opts.type);
        const code = reason(opts.reason);
        const { gov } = await govchain(globals(), true);
        const c = gov.certificates;
        const tx =
          action === "suspend"
            ? await c.suspend(ref, code)
            : action === "reinstate"
              ? await c.reinstate(ref, code)
              : await c.revoke(ref, code);
        await tx.wait();
        const record = await c.record(ref);
        print(globals(), { action, certHash: record.certHash, status: record.status, transaction: tx.hash }, () =>
          console.log(`${action}: ${record.certHash} is now ${record.status} (${tx.hash})`),
        );
      });
  }

  certificates
    .command("show <hash|document>")
    .description("what the chain holds about a certificate (or a batch leaf, given its document)")
    .option("--type <code>", "the certificate type (required with a hash; a document names its own)")
    .action(async (value: string, opts: { type?: string }) => {
      const ref = certificateRef(value, opts.type);
      const { gov } = await govchain(globals(), false);
      const r = await gov.certificates.record(ref);
      const time = (t: bigint) => (t === 0n ? "-" : new Date(Number(t) * 1000).toISOString());
      print(globals(), r, () => {
        console.log(`${r.certHash}  ${r.status}`);
        if (r.status === "notIssued") return;
        console.log(`type ${r.certType}, issued by ${r.department} at ${time(r.issuedAt)}`);
        const until = r.validUntil >= BigInt(NO_EXPIRY) ? "no expiry" : time(r.validUntil);
        console.log(`valid ${time(r.validFrom)} to ${until}; status changed ${time(r.statusChangedAt)}`);
        if (r.supersededBy !== undefined) console.log(`superseded by ${r.supersededBy}`);
      });
    });
}
