import { mkdirSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import { isHexString } from "ethers";

import {
  createDocument,
  documentHash,
  NO_EXPIRY,
  prepareBatch,
  ValidationError,
  type BillRef,
  type BillsClient,
  type CertificateRef,
  type IssuedCertificate,
  type FieldValue,
  type GovChain,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { jsonText, refuseOverwrite, replaceFile, writeNewFile } from "../durable.js";
import { localTime } from "../format/time.js";
import { afterSending, beforeSending, readJson, subjectRef, unixTime } from "../input.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

function billsOf(gov: GovChain): BillsClient {
  if (gov.bills === undefined) {
    throw new ValidationError("manifest", "this deployment runs no e-bills service (no BillReimbursement)");
  }
  return gov.bills;
}

/** A bill named by a document file (it commits to its type; batch members carry root and proof), or `--type` + hash. */
function billInput(value: string, type: string | undefined): { ref: BillRef; certificate: CertificateRef } {
  if (isHexString(value, 32)) {
    if (type === undefined) {
      throw new ValidationError("--type", "a bill is its type and its hash: give --type with a hash");
    }
    const ref = { certType: type, certHash: value };
    return { ref, certificate: ref };
  }
  const document = readJson(value, "bill") as IssuedCertificate;
  if (document === null || typeof document !== "object" || typeof document.certType !== "string") {
    throw new ValidationError("bill", `${value} does not hold a bill document`);
  }
  const ref = {
    certType: document.certType,
    certHash: documentHash(document),
    root: document.proof?.root,
    merkleProof: document.proof?.merkleProof,
  };
  return { ref, certificate: document.proof === undefined ? ref : document };
}

const billRef = (value: string, type: string | undefined): BillRef => billInput(value, type).ref;

function readFields(value: unknown, where: string): Record<string, FieldValue> {
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new ValidationError(where, "must be a JSON object with at least one field");
  }
  return value as Record<string, FieldValue>;
}

/** The window of a new bill: from now (or --valid-from) to --valid-until (default: no expiry). */
async function window(gov: GovChain, opts: { validFrom?: string; validUntil?: string }) {
  const latest = await gov.runner.provider!.getBlock("latest");
  const validFrom = opts.validFrom === undefined ? latest!.timestamp : unixTime("--valid-from", opts.validFrom);
  const validUntil = opts.validUntil === undefined ? NO_EXPIRY : unixTime("--valid-until", opts.validUntil);
  return { validFrom, validUntil };
}

/** `govchain bills`: accredited issuers issue bills; reimbursing organisations lock, close and unlock them. */
export function billsCommand(program: Command, globals: Globals): void {
  const bills = program
    .command("bills")
    .description(
      "e-bills: accredited issuers issue bills, reimbursing organisations lock and close them (once, citywide)",
    );

  for (const [kind, what] of [
    ["issuer", "an organisation (business, hospital) that issues bills of the type"],
    ["reimburser", "an organisation (employer, insurer, fund) that reimburses bills of the type"],
  ] as const) {
    bills
      .command(`accredit-${kind} <account>`)
      .description(`accredit ${what}: an officer of the department owning the type's ${kind} role`)
      .requiredOption("--type <code>", "bill type, e.g. E_INVOICE")
      .requiredOption("--label <name>", "the organisation's name (a business name, never a person's data)")
      .option("--valid-from <time>", "start of the accreditation (default: now)")
      .option("--valid-until <time>", "end of the accreditation (default: none)")
      .action(
        async (account: string, opts: { type: string; label: string; validFrom?: string; validUntil?: string }) => {
          const { gov } = await govchain(globals(), true);
          const client = billsOf(gov);
          const role = kind === "issuer" ? await client.issuerRole(opts.type) : await client.reimburserRole(opts.type);
          if (role === undefined) {
            throw new ValidationError("--type", `${opts.type} has no ${kind} role: it is not an e-bill type`);
          }
          const tx = await gov.participants!.accredit(role, account, {
            label: opts.label,
            validFrom: opts.validFrom === undefined ? 0 : unixTime("--valid-from", opts.validFrom),
            validUntil: opts.validUntil === undefined ? 0 : unixTime("--valid-until", opts.validUntil),
          });
          await tx.wait();
          print(globals(), { accredited: account, role, type: opts.type, transaction: tx.hash });
        },
      );
  }

  bills
    .command("issue")
    .description("issue one bill as an accredited issuer; writes the salted bill document for the holder")
    .requiredOption("--type <code>", "bill type, e.g. E_INVOICE")
    .requiredOption(
      "--subject <id|commitment>",
      "the holder's id (committed with a fresh salt) or a 32-byte commitment",
    )
    .requiredOption("--fields <file.json>", "a JSON object of the bill's fields (never on chain)")
    .requiredOption("--out <file.json>", "where to write the issued bill (never overwritten)")
    .option("--valid-from <time>", "start of validity (default: now)")
    .option("--valid-until <time>", "end of validity (default: none)")
    .action(
      async (opts: {
        type: string;
        subject: string;
        fields: string;
        out: string;
        validFrom?: string;
        validUntil?: string;
      }) => {
        const fields = readFields(readJson(opts.fields, "--fields"), "--fields");
        const subject = subjectRef(opts.subject);
        refuseOverwrite(opts.out);
        const { gov } = await govchain(globals(), true);
        const client = billsOf(gov);
        const info = await gov.certificates.certificateType(opts.type);
        const document = createDocument({
          certType: opts.type,
          issuer: info.department,
          subject: subject.commitment,
          fields,
          ...(await window(gov, opts)),
        });
        const certHash = documentHash(document);
        writeNewFile(opts.out, jsonText({ ...document, proof: { certHash }, holder: subject }));
        const onChain = async () => {
          const status = await gov.certificates.status({ certType: opts.type, certHash });
          return status === "notIssued"
            ? `the bill is NOT on chain: remove ${opts.out} and run the command again`
            : `the bill IS on chain (${status}); the document is ${opts.out}`;
        };
        const tx = await afterSending(beforeSending(client.issue(document), [opts.out]), onChain);
        const issued = await afterSending(tx.wait(), onChain);
        replaceFile(opts.out, jsonText({ ...issued, holder: subject }));
        print(globals(), { certHash, file: opts.out, transaction: tx.hash });
      },
    );

  bills
    .command("issue-batch")
    .description("issue many bills of one type under one Merkle root (one transaction) as an accredited issuer")
    .requiredOption("--type <code>", "bill type, e.g. E_INVOICE")
    .requiredOption("--bills <file.json>", 'a JSON array of {"subject": id or commitment, "fields": {...}}')
    .requiredOption("--out-dir <dir>", "where to write one bill document per entry (bill-<n>.json)")
    .option("--valid-from <time>", "start of validity (default: now)")
    .option("--valid-until <time>", "end of validity (default: none)")
    .action(async (opts: { type: string; bills: string; outDir: string; validFrom?: string; validUntil?: string }) => {
      const entries = readJson(opts.bills, "--bills");
      if (!Array.isArray(entries) || entries.length === 0) {
        throw new ValidationError("--bills", `${opts.bills} must hold a non-empty JSON array`);
      }
      const { gov } = await govchain(globals(), true);
      const client = billsOf(gov);
      const info = await gov.certificates.certificateType(opts.type);
      const when = await window(gov, opts);
      const subjects = entries.map((e: { subject?: unknown }, i) => {
        if (typeof e?.subject !== "string") throw new ValidationError(`--bills[${i}].subject`, "is required");
        return subjectRef(e.subject, `--bills[${i}].subject`);
      });
      const documents = entries.map((e: { fields?: unknown }, i) =>
        createDocument({
          certType: opts.type,
          issuer: info.department,
          subject: subjects[i].commitment,
          fields: readFields(e.fields, `--bills[${i}].fields`),
          ...when,
        }),
      );
      const prepared = prepareBatch(documents);
      mkdirSync(opts.outDir, { recursive: true });
      const files = prepared.certificates.map((_, i) => path.join(opts.outDir, `bill-${i + 1}.json`));
      files.forEach((file) => refuseOverwrite(file));
      prepared.certificates.forEach((c, i) => writeNewFile(files[i], jsonText({ ...c, holder: subjects[i] })));
      const tx = await beforeSending(client.issueBatch(prepared), files);
      const { root } = await tx.wait();
      print(globals(), { root, count: files.length, dir: opts.outDir, transaction: tx.hash });
    });

  bills
    .command("revoke <bill>")
    .description("revoke a singly issued bill for good (its issuer, or an officer of the issuer role's department)")
    .option("--type <code>", "the bill type, when the bill is given by its hash")
    .option("--reason <code>", "reason code (a number)", "0")
    .action(async (bill: string, opts: { type?: string; reason: string }) => {
      const ref = billRef(bill, opts.type);
      const { gov } = await govchain(globals(), true);
      const tx = await billsOf(gov).revoke(ref.certType, ref.certHash, Number(opts.reason));
      await tx.wait();
      print(globals(), { revoked: ref.certHash, transaction: tx.hash });
    });

  for (const [action, description] of [
    ["lock", "lock bills for your organisation (an accredited reimburser): nobody else can reimburse them"],
    ["close", "close bills your organisation locked: reimbursed, final"],
    ["unlock", "release bills your organisation locked (abandoned): another organisation may lock them"],
  ] as const) {
    bills
      .command(`${action} <bills...>`)
      .description(`${description}; all or nothing, one transaction`)
      .option("--type <code>", "the bill type, when bills are given by their hashes")
      .action(async (refs: string[], opts: { type?: string }) => {
        const list = refs.map((r) => billRef(r, opts.type));
        const { gov } = await govchain(globals(), true);
        const tx = await billsOf(gov)[action](list);
        const count = await tx.wait();
        print(globals(), {
          [action === "lock" ? "locked" : action === "close" ? "closed" : "unlocked"]: count,
          transaction: tx.hash,
        });
      });
  }

  bills
    .command("status <bills...>")
    .description("each bill's certificate status, accredited issuer and reimbursement state (anyone, no key needed)")
    .option("--type <code>", "the bill type, when bills are given by their hashes")
    .action(async (refs: string[], opts: { type?: string }) => {
      const { gov } = await govchain(globals(), false);
      const client = billsOf(gov);
      const rows: Record<string, unknown>[] = [];
      for (const { ref, certificate } of refs.map((r) => billInput(r, opts.type))) {
        const claim = await client.status(ref);
        rows.push({
          bill: ref.certHash,
          type: ref.certType,
          certificate: (await gov.certificates.record(certificate)).status,
          issuer: (await client.issuerOf(ref)) ?? "-",
          reimbursement: claim.state,
          reimburser: claim.reimburser ?? "-",
          since: claim.changedAt === 0 ? "-" : localTime(claim.changedAt),
        });
      }
      print(globals(), rows, () => table(rows));
    });
}
