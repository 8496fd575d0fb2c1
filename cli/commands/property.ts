import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import { isHexString } from "ethers";

import {
  blockTimestamps,
  ENCUMBRANCE_KINDS,
  equalShares,
  newSalt,
  OWNERSHIP_KINDS,
  parseUnitNumber,
  subjectCommitment,
  toTitleTuple,
  TRANSFER_KINDS,
  ValidationError,
  type GovChain,
  type OwnershipKind,
  type PropertyClient,
  type Title,
  type TransferKind,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { defaultSaltFile, writeNewFile } from "../durable.js";
import { localTime } from "../format/time.js";
import { beforeSending, hashOrFile, holderId, id, readJson, unixTime } from "../input.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;
type Transfer = Exclude<TransferKind, "initial">;

const DOCUMENT_HELP = "a 32-byte hash, or a file (its keccak256 is recorded)";
const OWNERS_HELP =
  'owners: inline "ID-1:6000,ID-2:4000" (id or 32-byte commitment, then a share in basis points; ' +
  "no shares = equal shares), or a .json file: an array of {id, salt?, commitment?, share?}, or a file " +
  "written by --out. Ids in clear are committed with fresh salts; only the commitments are sent";
const TRANSFERS = TRANSFER_KINDS.filter((k) => k !== "initial");
const ENCUMBRANCES = ENCUMBRANCE_KINDS.filter((k) => k !== "none");

const time = (t: bigint | number) => localTime(t);
const short = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-4)}`;
const metres = (area: bigint) => `${area / 100n}.${String(area % 100n).padStart(2, "0")} m²`;

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`;
}

/** A validated unit number (before anything touches the network). */
function unitNumber(value: string): string {
  parseUnitNumber(value);
  return value;
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(field, `${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** One owner as given, and what goes on chain: the commitment and share. `id` and `salt` stay off chain. */
interface OwnerEntry {
  id?: string;
  salt?: string;
  commitment: string;
  share: number;
}

/** What an owners spec holds: the owners, and (from a file written by `--out`) the ownership and transfer kinds. */
interface OwnersSpec {
  owners: OwnerEntry[];
  ownership?: string;
  kind?: string;
}

/**
 * Parses `--owners`. With `existingOnly`, every owner must come as a commitment or an id with its
 * salt (executing a transfer must repeat the exact title that was approved).
 */
function ownersSpec(value: string, existingOnly = false): OwnersSpec {
  let raw: { id?: unknown; salt?: unknown; commitment?: unknown; share?: unknown }[];
  let ownership: string | undefined;
  let kind: string | undefined;
  if (existsSync(value) || value.toLowerCase().endsWith(".json")) {
    const data = readJson(value, "--owners") as Record<string, unknown> | unknown[];
    const list = Array.isArray(data) ? data : (data as Record<string, unknown>)?.owners;
    if (!Array.isArray(list)) {
      throw new ValidationError("--owners", `${value} must hold an array of owners, or an object with "owners"`);
    }
    raw = list as typeof raw;
    if (!Array.isArray(data)) {
      if (typeof data.ownership === "string") ownership = data.ownership;
      if (typeof data.kind === "string") kind = data.kind;
    }
  } else {
    raw = value.split(",").map((part) => {
      const at = part.lastIndexOf(":");
      const who = (at < 0 ? part : part.slice(0, at)).trim();
      const share = at < 0 ? undefined : part.slice(at + 1).trim();
      if (share !== undefined && !/^\d+$/.test(share)) {
        throw new ValidationError("--owners", `${JSON.stringify(part)}: the share must be whole basis points`);
      }
      return isHexString(who, 32)
        ? { commitment: who, share: share === undefined ? undefined : Number(share) }
        : { id: who, share: share === undefined ? undefined : Number(share) };
    });
  }
  if (raw.length === 0) throw new ValidationError("--owners", "no owners given");
  const withShares = raw.filter((o) => o?.share !== undefined).length;
  if (withShares !== 0 && withShares !== raw.length) {
    throw new ValidationError("--owners", "give a share for every owner, or for none (equal shares)");
  }
  const equal = equalShares(raw.length);
  const owners = raw.map((o, i): OwnerEntry => {
    const fail = (why: string) => new ValidationError("--owners", `owner ${i + 1}: ${why}`);
    if (o === null || typeof o !== "object") throw fail("is not an object");
    const share = o.share === undefined ? equal[i] : Number(o.share);
    if (o.id !== undefined && (typeof o.id !== "string" || o.id.trim() === "")) throw fail("the id is empty");
    if (o.salt !== undefined && !isHexString(o.salt, 32)) throw fail("the salt is not 32 bytes of hex");
    if (o.commitment !== undefined && !isHexString(o.commitment, 32)) throw fail("the commitment is not 32 bytes");
    const id = o.id as string | undefined;
    if (id === undefined) {
      if (o.commitment === undefined) throw fail("give an id or a commitment");
      return { commitment: (o.commitment as string).toLowerCase(), share };
    }
    if (o.salt === undefined) {
      if (o.commitment !== undefined) return { id, commitment: (o.commitment as string).toLowerCase(), share };
      if (existingOnly) {
        throw fail(`${id} has no salt: give its commitment, or the file written by "transfer open --out"`);
      }
      holderId(`--owners (owner ${i + 1})`, id);
      const salt = newSalt();
      return { id, salt, commitment: subjectCommitment(id, salt), share };
    }
    const commitment = subjectCommitment(id, o.salt as string);
    if (o.commitment !== undefined && (o.commitment as string).toLowerCase() !== commitment) {
      throw fail(`the commitment does not match ${id} and its salt`);
    }
    return { id, salt: o.salt as string, commitment, share };
  });
  return { owners, ownership, kind };
}

/** The title of an owners spec, validated as the contract will (sorted owners, shares summing to 10,000). */
function titleOf(spec: OwnersSpec, ownership?: string): Title {
  const kind = oneOf<OwnershipKind>(
    "--ownership",
    ownership ?? spec.ownership ?? (spec.owners.length === 1 ? "sole" : "byShares"),
    OWNERSHIP_KINDS,
  );
  const title: Title = { kind, owners: spec.owners.map((o) => ({ commitment: o.commitment, share: o.share })) };
  toTitleTuple(title);
  return title;
}

/** The salts that exist nowhere else: for `--out` and the output. */
const secrets = (owners: OwnerEntry[]) =>
  owners.map((o) => ({ id: o.id, salt: o.salt, commitment: o.commitment, share: o.share }));

function refuseOverwrite(file: string | undefined): void {
  if (file === undefined) return;
  if (existsSync(file)) throw new ValidationError("--out", `${file} already exists; it is not overwritten`);
  if (!existsSync(path.dirname(path.resolve(file)))) {
    throw new ValidationError("--out", `the folder of ${file} does not exist`);
  }
}

function printSalts(owners: OwnerEntry[], out: string | undefined): void {
  const salted = owners.filter((o) => o.salt !== undefined);
  if (salted.length === 0) return;
  if (out !== undefined) {
    console.log(`owner ids, salts and commitments written to ${out} (keep it: the salts exist nowhere else)`);
    return;
  }
  console.log("owner salts (keep them: they exist nowhere else):");
  for (const o of salted) console.log(`  ${o.id}  salt ${o.salt}  commitment ${o.commitment}`);
}

function property(gov: GovChain): PropertyClient {
  if (gov.property === undefined) {
    throw new ValidationError("manifest", "this deployment has no PropertyRegistry (deploy the property module)");
  }
  return gov.property;
}

async function requireUnit(registry: PropertyClient, unit: string): Promise<void> {
  if (!(await registry.exists(unit))) throw new ValidationError("unit number", `${unit} is not registered`);
}

const ownerRows = (owners: { commitment: string; share: number }[]) =>
  owners.map((o) => ({ commitment: o.commitment, share: o.share, percent: `${(o.share / 100).toFixed(2)} %` }));

export function propertyCommand(program: Command, globals: Globals): void {
  const prop = program
    .command("property")
    .description(
      "real-estate register: register units, show titles, mortgages and freezes, transfers, history " +
        "(registrar officers register, transfer and approve mortgages; banks apply for mortgages; courts freeze)",
    );

  prop
    .command("register <unitNumber>")
    .description(
      "register a unit with its first title (a REGISTRY officer); owner salts are printed or written to --out",
    )
    .requiredOption("--owners <spec|file.json>", OWNERS_HELP)
    .option("--ownership <kind>", `${OWNERSHIP_KINDS.join(", ")} (default: sole for one owner, else byShares)`)
    .requiredOption("--parcel <hash|file>", `the parcel (宗地) reference: ${DOCUMENT_HELP}`)
    .option("--permit <hash|file>", `the planning permit: ${DOCUMENT_HELP}`)
    .requiredOption("--usage <code>", "use code 0-255")
    .requiredOption("--area <m2>", "floor area in square metres, up to 2 decimals (e.g. 89.50)")
    .requiredOption("--document <hash|file>", `the registration application: ${DOCUMENT_HELP}`)
    .option("--out <file.json>", "write owner ids, salts and commitments here (never overwritten)")
    .action(
      async (
        value: string,
        opts: {
          owners: string;
          ownership?: string;
          parcel: string;
          permit?: string;
          usage: string;
          area: string;
          document: string;
          out?: string;
        },
      ) => {
        const unit = unitNumber(value);
        if (!/^\d{1,3}$/.test(opts.usage) || Number(opts.usage) > 255) {
          throw new ValidationError("--usage", `${JSON.stringify(opts.usage)} is not a use code 0-255`);
        }
        const area = /^(\d+)(?:\.(\d{1,2}))?$/.exec(opts.area);
        if (area === null || /^0*(\.0*)?$/.test(opts.area)) {
          throw new ValidationError("--area", `${JSON.stringify(opts.area)} is not a positive area like 89.50`);
        }
        const hundredths = BigInt(area[1]) * 100n + BigInt((area[2] ?? "0").padEnd(2, "0"));
        const spec = ownersSpec(opts.owners);
        const title = titleOf(spec, opts.ownership);
        const parcelRef = hashOrFile("--parcel", opts.parcel);
        const planningPermit = opts.permit === undefined ? undefined : hashOrFile("--permit", opts.permit);
        const documentHash = hashOrFile("--document", opts.document);
        refuseOverwrite(opts.out);
        const { gov } = await govchain(globals(), true);
        const registry = property(gov);
        const owners = secrets(spec.owners);
        // The salts exist nowhere else: they are on disk (fsynced) before anything is sent, in --out
        // or, when new salts were made and no file named, beside the network's manifest.
        const saltsFile =
          opts.out ??
          (owners.some((o) => o.salt !== undefined) ? defaultSaltFile(globals().network, `unit-${unit}`) : undefined);
        if (saltsFile !== undefined) {
          writeNewFile(saltsFile, jsonText({ unitNumber: unit, ownership: title.kind, owners }));
        }
        const files = saltsFile === undefined ? [] : [saltsFile];
        const tx = await beforeSending(
          registry.registerUnit({
            unitNumber: unit,
            parcelRef,
            planningPermit,
            usage: Number(opts.usage),
            area: hundredths,
            documentHash,
            title,
          }),
          files,
        );
        const version = await tx.wait();
        const result = {
          unitNumber: unit,
          titleVersion: version.version,
          ownership: version.kind,
          owners,
          certificate: version.certificate,
          file: saltsFile,
          transaction: tx.hash,
        };
        print(globals(), result, () => {
          console.log(
            `registered ${unit}: title v${version.version} (${version.kind}), certificate ${version.certificate}`,
          );
          printSalts(spec.owners, saltsFile);
        });
      },
    );

  prop
    .command("show <unitNumber>")
    .description("a unit's current title (owners and shares) and active encumbrances")
    .action(async (value: string) => {
      const unit = unitNumber(value);
      const { gov } = await govchain(globals(), false);
      const registry = property(gov);
      await requireUnit(registry, unit);
      const [facts, title, encumbrances] = await Promise.all([
        registry.unit(unit),
        registry.title(unit),
        registry.encumbrances(unit),
      ]);
      print(globals(), { unit: facts, title, encumbrances }, () => {
        console.log(
          `${unit}  title v${title.version} (${title.kind}, ${title.owners.length} owner(s)), ` +
            `usage ${facts.usage}, area ${metres(facts.area)}`,
        );
        console.log(`certificate ${title.certificate}`);
        table(ownerRows(title.owners));
        console.log(`encumbrances (${encumbrances.length} active):`);
        table(
          encumbrances.map((e) => ({
            encumbrance: e.seq,
            kind: e.kind,
            holder: e.holder,
            end: e.end === 0n ? "-" : time(e.end),
            lapsed: e.lapsed,
            waiting: e.kind === "freeze" ? e.waiting : "-",
            consentCase: e.consentCase === 0n ? "-" : e.consentCase,
          })),
        );
      });
    });

  prop
    .command("can-transfer <unitNumber>")
    .description("can the unit be transferred now, and if not, every reason; exit code 0 when yes, 1 when blocked")
    .option("--case <id>", "check for this transfer case (its approval and the banks' consents)")
    .action(async (value: string, opts: { case?: string }) => {
      const unit = unitNumber(value);
      const caseId = opts.case === undefined ? 0n : id("--case", opts.case);
      const { gov } = await govchain(globals(), false);
      const check = await property(gov).transferCheck(unit, caseId);
      print(globals(), { unitNumber: unit, caseId, ...check }, () => {
        console.log(
          `${check.transferable ? "TRANSFERABLE" : "BLOCKED"} ${unit}${caseId === 0n ? "" : ` (case ${caseId})`}`,
        );
        for (const b of check.blockers) console.log(`  ${b.reason}: ${b.message}`);
      });
      if (!check.transferable) process.exitCode = 1;
    });

  prop
    .command("encumber <unitNumber>")
    .description(
      "record an encumbrance: a mortgage (an officer of the bank: first the application, a case the registrar " +
        "approves; then again with --case to register it), a freeze (an officer of the court; on a frozen unit " +
        "it waits in order), or a lien, lease or easement (a REGISTRY officer)",
    )
    .requiredOption("--kind <kind>", ENCUMBRANCES.join(", "))
    .option("--department <code>", "the bank (mortgage) or court (freeze) you act for, e.g. BANK_ICBC, COURT")
    .option(
      "--beneficiary <id|commitment>",
      "lien, lease, easement: who benefits (an id is committed with a fresh salt)",
    )
    .requiredOption("--document <hash|file>", `the contract, court order or deed: ${DOCUMENT_HELP}`)
    .option("--start <time>", "lien, lease, easement, mortgage: unix seconds or an ISO date (default: now)")
    .option("--end <time>", "unix seconds or an ISO date (default: no end date)")
    .option("--case <id>", "mortgage: register the approved application case (same --start and --end as applied)")
    .action(
      async (
        value: string,
        opts: {
          kind: string;
          department?: string;
          beneficiary?: string;
          document: string;
          start?: string;
          end?: string;
          case?: string;
        },
      ) => {
        const unit = unitNumber(value);
        const kind = oneOf("--kind", opts.kind, ENCUMBRANCES);
        const documentHash = hashOrFile("--document", opts.document);
        const start = opts.start === undefined ? undefined : unixTime("--start", opts.start);
        const end = opts.end === undefined ? undefined : unixTime("--end", opts.end);
        const byDepartment = kind === "mortgage" || kind === "freeze";
        if (byDepartment && opts.department === undefined) {
          throw new ValidationError("--department", `a ${kind} needs the ${kind === "mortgage" ? "bank" : "court"}`);
        }
        if (byDepartment && opts.beneficiary !== undefined) {
          throw new ValidationError("--beneficiary", `a ${kind} has no beneficiary (its holder is --department)`);
        }
        if (!byDepartment && opts.beneficiary === undefined) {
          throw new ValidationError("--beneficiary", `a ${kind} needs a beneficiary`);
        }
        if (!byDepartment && opts.department !== undefined) {
          throw new ValidationError("--department", `a ${kind} is recorded by the registrar; omit --department`);
        }
        if (kind === "freeze" && start !== undefined) {
          throw new ValidationError("--start", "a freeze starts when it is recorded");
        }
        if (kind !== "mortgage" && opts.case !== undefined) {
          throw new ValidationError("--case", "only a mortgage is registered on a case");
        }
        let beneficiary: { id?: string; salt?: string; commitment: string } | undefined;
        if (opts.beneficiary !== undefined) {
          if (isHexString(opts.beneficiary, 32)) beneficiary = { commitment: opts.beneficiary.toLowerCase() };
          else {
            const salt = newSalt();
            beneficiary = { id: opts.beneficiary, salt, commitment: subjectCommitment(opts.beneficiary, salt) };
          }
        }
        const { gov } = await govchain(globals(), true);
        const registry = property(gov);
        if (kind === "mortgage" && opts.case === undefined) {
          // The application: the registrar must approve it (the owners' consent travels in --document).
          const bank = opts.department!;
          const applied = await registry.openMortgage({ unitNumber: unit, bank, start, end, documentHash });
          const { caseId, subject } = await applied.wait();
          const result = { unitNumber: unit, kind, bank, caseId, subject, transaction: applied.hash };
          print(globals(), result, () => {
            console.log(`${unit}: ${bank} mortgage application opened as case ${caseId} (${applied.hash})`);
            console.log(
              `once the registrar approved it: govchain property encumber ${unit} --kind mortgage ` +
                `--department ${bank} --case ${caseId} --document <contract>` +
                (start === undefined ? "" : ` --start ${start}`) +
                (end === undefined ? "" : ` --end ${end}`),
            );
          });
          return;
        }
        const tx =
          kind === "mortgage"
            ? await registry.executeMortgage({
                unitNumber: unit,
                caseId: id("--case", opts.case!),
                bank: opts.department!,
                start,
                end,
                documentHash,
              })
            : kind === "freeze"
              ? await registry.addFreeze({ unitNumber: unit, court: opts.department!, end, courtOrder: documentHash })
              : await registry.addEncumbrance({
                  unitNumber: unit,
                  kind,
                  beneficiary: beneficiary!.commitment,
                  start,
                  end,
                  documentHash,
                });
        const { seq } = await tx.wait();
        const proofCertificate = kind === "mortgage" ? await registry.proofCertificate(unit, seq) : undefined;
        const waiting =
          kind === "freeze" ? (await registry.encumbrances(unit)).find((e) => e.seq === seq)?.waiting : undefined;
        const result = {
          unitNumber: unit,
          encumbrance: seq,
          kind,
          holder: byDepartment ? opts.department : "REGISTRY",
          beneficiary,
          proofCertificate,
          waiting,
          transaction: tx.hash,
        };
        print(globals(), result, () => {
          console.log(`${unit}: ${kind} recorded as encumbrance ${seq} (${tx.hash})`);
          if (waiting === true) console.log("the unit is already frozen: this freeze waits and takes effect in order");
          if (proofCertificate !== undefined) console.log(`certificate of other rights: ${proofCertificate}`);
          if (beneficiary?.salt !== undefined) console.log(`beneficiary salt (keep it): ${beneficiary.salt}`);
        });
      },
    );

  prop
    .command("release <unitNumber> <encumbrance>")
    .description(
      "release an encumbrance (an officer of its holder: that bank, that court, or the registry; " +
        "the registry may also deregister one past its end date)",
    )
    .option("--department <code>", "the department you act for (default: the encumbrance's holder)")
    .requiredOption("--document <hash|file>", `the release document: ${DOCUMENT_HELP}`)
    .action(async (value: string, number: string, opts: { department?: string; document: string }) => {
      const unit = unitNumber(value);
      const seq = Number(id("encumbrance", number));
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const registry = property(gov);
      const active = (await registry.encumbrances(unit)).find((e) => e.seq === seq);
      if (active === undefined) {
        throw new ValidationError("encumbrance", `${unit} has no active encumbrance ${seq}`);
      }
      const department = opts.department ?? active.holder;
      const tx = await registry.release({ unitNumber: unit, seq, department, documentHash });
      await tx.wait();
      print(
        globals(),
        { unitNumber: unit, encumbrance: seq, kind: active.kind, department, transaction: tx.hash },
        () => console.log(`${unit}: ${active.kind} ${seq} released by ${department} (${tx.hash})`),
      );
    });

  prop
    .command("release-case <unitNumber> <encumbrance>")
    .description(
      "release what a deactivated bank or court holds (a REGISTRY officer): open a release case, " +
        "then again with --case once it is approved",
    )
    .requiredOption("--document <hash|file>", `the release application or decision: ${DOCUMENT_HELP}`)
    .option("--case <id>", "execute this approved release case")
    .action(async (value: string, number: string, opts: { document: string; case?: string }) => {
      const unit = unitNumber(value);
      const seq = Number(id("encumbrance", number));
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const registry = property(gov);
      if (opts.case === undefined) {
        const tx = await registry.openRelease({ unitNumber: unit, seq, documentHash });
        const { caseId, holder } = await tx.wait();
        print(globals(), { unitNumber: unit, encumbrance: seq, holder, caseId, transaction: tx.hash }, () =>
          console.log(`${unit}: release of ${holder}'s encumbrance ${seq} opened as case ${caseId} (${tx.hash})`),
        );
        return;
      }
      const caseId = id("--case", opts.case);
      const tx = await registry.executeRelease({ unitNumber: unit, seq, caseId, documentHash });
      await tx.wait();
      print(globals(), { unitNumber: unit, encumbrance: seq, caseId, transaction: tx.hash }, () =>
        console.log(`${unit}: encumbrance ${seq} released on case ${caseId} (${tx.hash})`),
      );
    });

  prop
    .command("resubmit <caseId>")
    .description(
      "resubmit a returned transfer, mortgage or release case with more information " +
        "(an officer of the department that opened it: the bank for a mortgage, else the registrar)",
    )
    .requiredOption("--document <hash|file>", `the additional information: ${DOCUMENT_HELP}`)
    .action(async (caseValue: string, opts: { document: string }) => {
      const caseId = id("case id", caseValue);
      const documentHash = hashOrFile("--document", opts.document);
      const { gov } = await govchain(globals(), true);
      const tx = await property(gov).resubmitCase(caseId, documentHash);
      await tx.wait();
      print(globals(), { caseId, transaction: tx.hash }, () => console.log(`case ${caseId} resubmitted (${tx.hash})`));
    });

  prop
    .command("withdraw <caseId>")
    .description("withdraw an open or returned case of the registry (same officers as resubmit)")
    .requiredOption("--reason <text>", "why (kept in the workflow's history)")
    .action(async (caseValue: string, opts: { reason: string }) => {
      const caseId = id("case id", caseValue);
      const { gov } = await govchain(globals(), true);
      const tx = await property(gov).withdrawCase(caseId, opts.reason);
      await tx.wait();
      print(globals(), { caseId, transaction: tx.hash }, () => console.log(`case ${caseId} withdrawn (${tx.hash})`));
    });

  prop
    .command("consent <unitNumber> <encumbrance> <caseId>")
    .description("the mortgagee bank consents to a transfer case; the mortgage then follows the unit (a bank officer)")
    .option("--department <code>", "the bank you act for (default: the mortgage's holder)")
    .action(async (value: string, number: string, caseValue: string, opts: { department?: string }) => {
      const unit = unitNumber(value);
      const seq = Number(id("encumbrance", number));
      const caseId = id("case id", caseValue);
      const { gov } = await govchain(globals(), true);
      const registry = property(gov);
      const active = (await registry.encumbrances(unit)).find((e) => e.seq === seq);
      if (active === undefined) throw new ValidationError("encumbrance", `${unit} has no active encumbrance ${seq}`);
      const bank = opts.department ?? active.holder;
      const tx = await registry.consentToTransfer({ unitNumber: unit, seq, bank, caseId });
      await tx.wait();
      print(globals(), { unitNumber: unit, encumbrance: seq, bank, caseId, transaction: tx.hash }, () =>
        console.log(`${unit}: ${bank} consents to case ${caseId} for mortgage ${seq}`),
      );
    });

  const transfer = prop
    .command("transfer")
    .description(
      "transfers of title: open a case (a REGISTRY officer), have the departments approve it " +
        "(govchain cases approve), then execute it (a REGISTRY officer)",
    );

  transfer
    .command("open <unitNumber>")
    .description(
      "open a transfer case to new owners; owner salts are printed or written to --out (keep them for execute)",
    )
    .requiredOption("--kind <kind>", TRANSFERS.join(", "))
    .requiredOption("--owners <spec|file.json>", OWNERS_HELP)
    .option("--ownership <kind>", `${OWNERSHIP_KINDS.join(", ")} (default: sole for one owner, else byShares)`)
    .requiredOption("--document <hash|file>", `the transfer application or contract: ${DOCUMENT_HELP}`)
    .option("--out <file.json>", "write the new owners (ids, salts, commitments) here, for execute (never overwritten)")
    .action(
      async (
        value: string,
        opts: { kind: string; owners: string; ownership?: string; document: string; out?: string },
      ) => {
        const unit = unitNumber(value);
        const kind = oneOf<Transfer>("--kind", opts.kind, TRANSFERS);
        const spec = ownersSpec(opts.owners);
        const title = titleOf(spec, opts.ownership);
        const documentHash = hashOrFile("--document", opts.document);
        refuseOverwrite(opts.out);
        const { gov } = await govchain(globals(), true);
        const registry = property(gov);
        const owners = secrets(spec.owners);
        const saved = { unitNumber: unit, kind, ownership: title.kind, owners };
        if (opts.out !== undefined) writeFileSync(opts.out, jsonText(saved));
        const tx = await beforeSending(
          registry.openTransfer({ unitNumber: unit, kind, to: title, documentHash }),
          opts.out === undefined ? [] : [opts.out],
        );
        const opened = await tx.wait();
        if (opts.out !== undefined) writeFileSync(opts.out, jsonText({ ...saved, caseId: opened.caseId }));
        const result = { ...saved, ...opened, file: opts.out, transaction: tx.hash };
        print(globals(), result, () => {
          console.log(
            `opened ${kind} of ${unit} from title v${opened.fromVersion} as case ${opened.caseId} (${tx.hash})`,
          );
          printSalts(spec.owners, opts.out);
          console.log(`next: govchain cases approve ${opened.caseId} --department <code>, then transfer execute`);
        });
      },
    );

  transfer
    .command("execute <unitNumber> <caseId>")
    .description("execute an approved transfer case: the new title must be the one opened (a REGISTRY officer)")
    .requiredOption(
      "--owners <spec|file.json>",
      'the new owners exactly as opened: the file written by "transfer open --out", or "<commitment>:<share>,..."',
    )
    .option("--kind <kind>", `${TRANSFERS.join(", ")} (default: the kind the case was opened with)`)
    .option("--ownership <kind>", `${OWNERSHIP_KINDS.join(", ")} (default: from the file, else as for open)`)
    .action(async (value: string, caseValue: string, opts: { owners: string; kind?: string; ownership?: string }) => {
      const unit = unitNumber(value);
      const caseId = id("case id", caseValue);
      const spec = ownersSpec(opts.owners, true);
      const title = titleOf(spec, opts.ownership);
      const given = opts.kind ?? spec.kind;
      const { gov } = await govchain(globals(), true);
      const registry = property(gov);
      let kind: Transfer;
      if (given !== undefined) kind = oneOf<Transfer>("--kind", given, TRANSFERS);
      else {
        await requireUnit(registry, unit);
        const opened = (await registry.history(unit)).transfersOpened.find((t) => t.caseId === caseId);
        if (opened === undefined) {
          throw new ValidationError("case id", `case ${caseId} is not a transfer of ${unit}; give --kind`);
        }
        kind = opened.kind as Transfer;
      }
      const tx = await registry.executeTransfer({ unitNumber: unit, caseId, kind, to: title });
      const version = await tx.wait();
      print(globals(), { ...version, transaction: tx.hash }, () => {
        console.log(
          `${unit}: ${kind} executed (case ${caseId}); title v${version.version} (${version.kind}), ` +
            `certificate ${version.certificate}`,
        );
        table(ownerRows(version.owners));
      });
    });

  prop
    .command("history <unitNumber>")
    .description("a unit's story from the chain's events: registration, ownership chain, encumbrances, transfer cases")
    .action(async (value: string) => {
      const unit = unitNumber(value);
      const { gov } = await govchain(globals(), false);
      const registry = property(gov);
      await requireUnit(registry, unit);
      const history = await registry.history(unit);
      const blocks = [
        history.registration.blockNumber,
        ...history.titles.map((t) => t.blockNumber),
        ...history.encumbrances.flatMap((e) => [e.addedInBlock, e.released?.blockNumber ?? 0]),
        ...history.transfersOpened.map((t) => t.blockNumber),
      ];
      const times = await blockTimestamps(gov.runner.provider, blocks);
      const at = (block: number | undefined) => (block === undefined ? "-" : localTime(times.get(block)));
      print(globals(), history, () => {
        const r = history.registration;
        console.log(`${unit}: registered ${at(r.blockNumber)}, usage ${r.usage}, area ${metres(r.area)}`);
        console.log("ownership chain:");
        table(
          history.titles.map((t) => ({
            version: t.version,
            cause: t.cause,
            case: t.caseId === 0n ? "-" : t.caseId,
            kind: t.kind,
            owners: t.owners.map((o) => `${short(o.commitment)} ${o.share}`).join(", "),
            time: at(t.blockNumber),
          })),
        );
        console.log("encumbrances:");
        table(
          history.encumbrances.map((e) => ({
            encumbrance: e.seq,
            kind: e.kind,
            holder: e.holder,
            added: at(e.addedInBlock),
            consents: e.consents.map((c) => c.caseId).join(", ") || "-",
            released: at(e.released?.blockNumber),
          })),
        );
        console.log("transfer cases opened:");
        table(
          history.transfersOpened.map((t) => ({
            case: t.caseId,
            kind: t.kind,
            fromVersion: t.fromVersion,
            time: at(t.blockNumber),
          })),
        );
      });
    });
}
