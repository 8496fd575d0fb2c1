import type { Command } from "commander";
import { isHexString } from "ethers";

import {
  createDocument,
  documentHash,
  identifierProblem,
  NO_EXPIRY,
  REASON_CODES,
  ValidationError,
  type CertificateDocument,
  type CertificateRef,
  type FieldValue,
  type GovChain,
  type IssuedCertificate,
  type ReasonName,
  certificateStatusHistory,
} from "../../sdk/index.js";
import { issueNewBatch, resumeBatch } from "../batch-issue.js";
import { govchain, type GlobalOptions } from "../context.js";
import { jsonText, refuseOverwrite, replaceFile, saltFileFor, writeNewFile } from "../durable.js";
import { afterSending, beforeSending, duration, readJson, readRows, subjectRef, unixTime } from "../input.js";
import { printCertificate } from "../format/certificate.js";
import { cityNames, departmentLabel } from "../format/names.js";
import { print } from "../output.js";
import { checkShareOptions, shareCommands, shareOutputs } from "./certificate-share.js";
import { certificateTypesCommand } from "./types.js";

type Globals = () => GlobalOptions;

/** `--page` and `--qr` of the commands that print a document's share link. */
interface ShareOptions {
  page?: string;
  qr?: string;
}

function printShare(shared: { shareLink?: string; qr?: string; qrError?: string }): void {
  if (shared.shareLink !== undefined) console.log(`share link: ${shared.shareLink}`);
  if (shared.qr !== undefined) console.log(`QR code of the share link written to ${shared.qr}`);
  if (shared.qrError !== undefined) console.log(`no QR code written: ${shared.qrError}`);
}

interface ValidityOptions {
  validFrom?: string;
  validUntil?: string;
  validFor?: string;
}

const REASONS = Object.keys(REASON_CODES).join(", ");

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

/** Validates one batch row: a non-empty `subject`, at least one other field, no empty value. */
function batchRow(file: string, row: { row: number; where: string; values: Record<string, unknown> }) {
  const fail = (field: string, message: string) =>
    new ValidationError(`row ${row.row}`, `${file} ${row.where}, field "${field}": ${message}`);
  const { subject, ...fields } = row.values;
  if (typeof subject !== "string" || subject.trim() === "") throw fail("subject", "the holder id is missing");
  if (!isHexString(subject.trim(), 32)) {
    const problem = identifierProblem(subject.trim());
    if (problem !== undefined) throw fail("subject", problem);
  }
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
  certificateTypesCommand(certificates, globals);

  const validity = (command: Command) =>
    command
      .option("--valid-from <time>", "unix seconds or an ISO date (default: now, by the chain's clock)")
      .option("--valid-until <time>", "unix seconds or an ISO date (default: the type's longest validity, or none)")
      .option("--valid-for <duration>", "instead of --valid-until: 3600, 12h, 30d, ...");

  validity(
    certificates
      .command("issue")
      .description(
        "issue one certificate (an officer of the type's department); writes the salted document (and the " +
          "subject's id and salt) before sending; --resume <document> finishes one that stopped",
      )
      .option("--type <code>", "certificate type, e.g. BUSINESS_LICENCE")
      .option("--subject <id|commitment>", "the holder's id (committed with a fresh salt) or a 32-byte commitment")
      .option("--fields <file.json>", "a JSON object of the document's fields")
      .option("--out <file.json>", "where to write the issued document for the holder (never overwritten)")
      .option(
        "--resume <file.json>",
        "finish an issuance that stopped: checks the chain, sends the same document only if it is not there",
      )
      .option("--page <url>", "the verification page for the share link (default: GOVCHAIN_VERIFY_URL)")
      .option("--qr <file.png|svg>", "also write the QR code of the share link (needs a page; not overwritten)"),
  ).action(
    async (
      opts: ValidityOptions &
        ShareOptions & { type?: string; subject?: string; fields?: string; out?: string; resume?: string },
    ) => {
      checkShareOptions(opts);
      if (opts.resume !== undefined) {
        if (
          opts.type !== undefined ||
          opts.subject !== undefined ||
          opts.fields !== undefined ||
          opts.out !== undefined
        )
          throw new ValidationError("--resume", "give the document file alone: its type, subject and salts are in it");
        await resumeIssue(opts.resume, opts);
        return;
      }
      for (const name of ["type", "subject", "fields", "out"] as const) {
        if (opts[name] === undefined) throw new ValidationError(`--${name}`, `is required (or --resume <document>)`);
      }
      await issueOne(
        opts as ValidityOptions & ShareOptions & { type: string; subject: string; fields: string; out: string },
      );
    },
  );

  /** Finishes `cert issue`: the document file (written before sending) is the issuance to finish. */
  async function resumeIssue(file: string, share: ShareOptions): Promise<void> {
    const document = readJson(file, "--resume") as IssuedCertificate;
    if (document === null || typeof document !== "object" || document.version === undefined) {
      throw new ValidationError("--resume", `${file} does not hold a certificate document`);
    }
    const certHash = documentHash(document);
    if (document.proof?.certHash !== undefined && document.proof.certHash !== certHash) {
      throw new ValidationError("--resume", `${file}: the document does not hash to its proof's certHash`);
    }
    const { gov } = await govchain(globals(), true);
    const before = await gov.certificates.status({ certType: document.certType, certHash });
    let transaction: string | undefined;
    if (before === "notIssued") {
      const onChain = async () => {
        const status = await gov.certificates.status({ certType: document.certType, certHash });
        return status === "notIssued"
          ? `the certificate is NOT on chain; the document and salts are kept: run \`govchain cert issue --resume ${file}\` again`
          : `the certificate IS on chain (${status}); the document is ${file}`;
      };
      // A stored document carries its proof; what is sent is the document without it.
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { proof, ...body } = document;
      const tx = await afterSending(gov.certificates.issue(body), onChain);
      transaction = tx.hash;
      replaceFile(file, jsonText(await afterSending(tx.wait(), onChain)));
    }
    const status = await gov.certificates.status({ certType: document.certType, certHash });
    const shared = await shareOutputs(readJson(file, "--resume") as IssuedCertificate, share);
    const result = { certHash, status, file, resumed: true, sent: transaction !== undefined, transaction, ...shared };
    print(globals(), result, () => {
      console.log(
        transaction === undefined
          ? `${document.certType} ${certHash} was already on chain (${status}); nothing sent; the document is ${file}`
          : `issued ${document.certType} ${certHash} (${status}); document written to ${file}`,
      );
      printShare(shared);
    });
  }

  async function issueOne(
    opts: ValidityOptions & ShareOptions & { type: string; subject: string; fields: string; out: string },
  ) {
    const fields = readFields(opts.fields);
    const subject = subjectRef(opts.subject);
    const subjectFile = subject.salt === undefined ? undefined : saltFileFor(opts.out);
    refuseOverwrite(opts.out);
    if (subjectFile !== undefined) refuseOverwrite(subjectFile, "--out");
    const { gov } = await govchain(globals(), true);
    const window = await issuance(gov, opts.type, opts);
    const document = createDocument({ certType: opts.type, subject: subject.commitment, fields, ...window });
    const certHash = documentHash(document);
    // The salts exist nowhere else: the document and the subject's id and salt are on disk (fsynced) before anything is sent.
    writeNewFile(opts.out, jsonText({ ...document, proof: { certHash } }));
    const written = [opts.out];
    if (subjectFile !== undefined) {
      writeNewFile(subjectFile, jsonText({ certType: opts.type, certHash, subject }));
      written.push(subjectFile);
    }
    const onChain = async () => {
      const status = await gov.certificates.status({ certType: opts.type, certHash });
      return status === "notIssued"
        ? `the certificate is NOT on chain; the document and salts are kept: run \`govchain cert issue --resume ${opts.out}\` to send the same document`
        : `the certificate IS on chain (${status}); the document is ${opts.out}`;
    };
    const tx = await afterSending(beforeSending(gov.certificates.issue(document), written), onChain);
    const issued = await afterSending(tx.wait(), onChain);
    replaceFile(opts.out, jsonText(issued));
    const status = await gov.certificates.status({ certType: opts.type, certHash: issued.proof.certHash });
    const shared = await shareOutputs(issued, opts);
    const result = {
      certHash: issued.proof.certHash,
      status,
      file: opts.out,
      subject,
      subjectFile,
      transaction: tx.hash,
      ...shared,
    };
    print(globals(), result, () => {
      console.log(`issued ${opts.type} ${result.certHash} (${status}); document written to ${opts.out}`);
      if (subjectFile !== undefined)
        console.log(`subject id and salt (the holder keeps them) written to ${subjectFile}`);
      printShare(shared);
    });
  }

  validity(
    certificates
      .command("issue-batch [file]")
      .description(
        "issue one certificate per row of a .csv (header row) or .json (array) file under one Merkle root; " +
          "every row needs a `subject` (holder id), the other columns are fields. Rows are validated first: " +
          "one bad row stops everything and nothing is sent. Documents and salts are on disk before anything " +
          "is sent; a batch that stopped is finished with --resume <folder>",
      )
      .option("--type <code>", "certificate type, e.g. BUSINESS_LICENCE")
      .option("--out <dir>", "folder for one document per row, documents.jsonl and batch.json (the index)")
      .option("--resume <dir>", "finish the batch in this folder: checks the chain, sends only if not issued"),
  ).action(
    async (file: string | undefined, opts: ValidityOptions & { type?: string; out?: string; resume?: string }) => {
      if (opts.resume !== undefined) {
        if (file !== undefined || opts.type !== undefined || opts.out !== undefined) {
          throw new ValidationError("--resume", "give the batch folder alone: its type, rows and salts are in it");
        }
        await resumeBatch(globals(), opts.resume);
        return;
      }
      if (file === undefined)
        throw new ValidationError("file", "give the .csv or .json file of rows (or --resume <dir>)");
      if (opts.type === undefined)
        throw new ValidationError("--type", "give the certificate type, e.g. BUSINESS_LICENCE");
      if (opts.out === undefined) throw new ValidationError("--out", "give the folder for the documents");
      const rows = readRows(file).map((row) => batchRow(file, row));
      if (rows.length === 0) throw new ValidationError("file", `${file} has no rows`);
      const type = opts.type;
      await issueNewBatch(globals(), file, rows, type, opts.out, (gov) => issuance(gov, type, opts));
    },
  );

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
    .option("--page <url>", "with a document: the verification page for its share link (default: GOVCHAIN_VERIFY_URL)")
    .option("--qr <file.png|svg>", "with a document: also write the QR code of its share link (not overwritten)")
    .action(async (value: string, opts: { type?: string } & ShareOptions) => {
      const ref = certificateRef(value, opts.type);
      const isDocument = !isHexString(value, 32);
      if (!isDocument && opts.qr !== undefined) {
        throw new ValidationError("--qr", "a share link carries the document: give the document file, not its hash");
      }
      checkShareOptions(opts);
      const { gov } = await govchain(globals(), false);
      const r = await gov.certificates.record(ref);
      const history =
        r.status === "notIssued"
          ? []
          : await certificateStatusHistory(gov.certificates, ref, gov.manifest.deploymentBlock);
      const names = cityNames(gov.manifest.city);
      const shared = isDocument ? await shareOutputs(readJson(value, "certificate") as CertificateDocument, opts) : {};
      print(globals(), { ...r, history, ...shared }, () => {
        printCertificate(r, history, departmentLabel(names, r.department));
        printShare(shared);
      });
    });
  shareCommands(certificates, globals);
}
