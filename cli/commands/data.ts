import { existsSync, readFileSync, writeFileSync } from "node:fs";

import type { Command } from "commander";
import { id as utf8Hash, isHexString } from "ethers";

import {
  auditToCsv,
  auditToJson,
  CLASSIFICATIONS,
  datasetId,
  defaultReceiptSecretsFile,
  ReceiptBatch,
  receiptHashes,
  ReceiptSecrets,
  ValidationError,
  verifyReceipt,
  type AccessRecord,
  type AuditEntry,
  type Classification,
  type GovChain,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { localTime } from "../format/time.js";
import { beforeSending, duration, hashOrFile, id, readRows, unixTime } from "../input.js";
import { print, table } from "../output.js";
import { writeNewFile } from "../durable.js";
import { progress, stage, yieldToEventLoop } from "../progress.js";

type Globals = () => GlobalOptions;

/** A dataset id: 32-byte hex as is, or the id of a label such as "PSB/household-register". */
function dataset(value: string): string {
  return isHexString(value, 32) ? value.toLowerCase() : datasetId(value);
}

function scopeOf(opts: { scope?: string; scopeHash?: string }): { scope?: string[]; scopeHash?: string } {
  if (opts.scope !== undefined && opts.scopeHash !== undefined) {
    throw new ValidationError("--scope", "give --scope or --scope-hash, not both");
  }
  if (opts.scope !== undefined) return { scope: opts.scope.split(",").map((s) => s.trim()) };
  return opts.scopeHash === undefined ? {} : { scopeHash: opts.scopeHash };
}

/**
 * A query or response as given on the command line: a file's bytes, else JSON text parsed (so that
 * `{"b":1,"a":2}` and `{"a":2,"b":1}` hash alike), else the text itself. Only its keyed hash leaves the machine.
 */
function accessValue(value: string): unknown {
  if (existsSync(value)) return new Uint8Array(readFileSync(value));
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Reads the accesses of a batch or verification file: each row a `query` and a `response` (and maybe more). */
function accessRows(file: string, out: GlobalOptions): { row: number; values: Record<string, unknown> }[] {
  const rows = readRows(file);
  if (rows.length === 0) throw new ValidationError("file", `${file} has no accesses`);
  const bar = progress(out, "checking accesses", rows.length);
  for (const row of rows) {
    for (const field of ["query", "response"]) {
      if (row.values[field] === undefined || row.values[field] === "") {
        bar.stop();
        throw new ValidationError(`row ${row.row}`, `${file} ${row.where}, field "${field}": is missing`);
      }
    }
    bar.increment();
  }
  bar.stop();
  return rows;
}

/** CSV cells are text: a cell holding JSON is parsed, as on the command line. */
function cell(value: unknown): unknown {
  return typeof value === "string" ? accessValue(value) : value;
}

const secretsOption = [
  "--secrets <file>",
  `the department receipt secrets file, mode 0600 (default $GOVCHAIN_RECEIPT_SECRETS or ${defaultReceiptSecretsFile()})`,
] as const;

/**
 * The receipt key of `grantId`: derived from its grantee department's secret in the secrets file,
 * created there on first use (only the grantee records receipts, so only it creates a secret).
 */
async function grantKey(gov: GovChain, grantId: bigint, secretsFile: string | undefined, create: boolean) {
  const { grantee } = await gov.exchange.grant(grantId);
  const secrets = ReceiptSecrets.open(secretsFile);
  const secret = create ? secrets.getOrCreate(grantee) : secrets.get(grantee);
  if (secret === undefined) {
    throw new ValidationError("--secrets", `${secrets.file} holds no receipt secret of ${grantee} (grant ${grantId})`);
  }
  return gov.exchange.grantReceiptKey(secret, grantId);
}

export function dataCommand(program: Command, globals: Globals): void {
  const data = program
    .command("data")
    .description("data sharing: catalogue, requests, grants, access receipts, audit trail");

  data
    .command("register <dataset>")
    .description(
      'register a dataset (an officer of the owner department); <dataset> is a label ("PSB/household") or id',
    )
    .requiredOption("--owner <code>", "the owner department")
    .requiredOption("--schema <hash|file>", "the schema: a 32-byte hash, or a file (its keccak256)")
    .requiredOption("--endpoint <hash|reference>", "the endpoint: a 32-byte hash, or a reference (its keccak256)")
    .requiredOption("--classification <c>", CLASSIFICATIONS.join(" | "))
    .option("--personal", "holds personal data: requests must cite a consent", false)
    .option("--cosigner <code>", "the co-signing department (confidential datasets only)")
    .action(
      async (
        value: string,
        opts: {
          owner: string;
          schema: string;
          endpoint: string;
          classification: Classification;
          personal: boolean;
          cosigner?: string;
        },
      ) => {
        const input = {
          id: dataset(value),
          owner: opts.owner,
          schemaHash: hashOrFile("--schema", opts.schema),
          endpointHash: isHexString(opts.endpoint, 32) ? opts.endpoint : utf8Hash(opts.endpoint),
          classification: opts.classification,
          personal: opts.personal,
          cosigner: opts.cosigner,
        };
        const { gov } = await govchain(globals(), true);
        const tx = await gov.exchange.registerDataset(input);
        const registered = await tx.wait();
        print(globals(), { ...input, ...registered, label: value, transaction: tx.hash }, () =>
          console.log(`registered dataset ${value} (${registered.id}), version ${registered.version}`),
        );
      },
    );

  data
    .command("request <dataset>")
    .description("ask for access to a dataset (an officer of the requesting department)")
    .requiredOption("--requester <code>", "the requesting department")
    .requiredOption("--purpose <code>", "purpose code (up to 31 bytes, or a 32-byte hash)")
    .requiredOption("--legal-basis <code>", "legal basis code (up to 31 bytes, or a 32-byte hash)")
    .option("--scope <fields>", "the requested fields, comma-separated (hashed)")
    .option("--scope-hash <hash>", "instead of --scope: the scope hash")
    .requiredOption("--duration <duration>", "how long, e.g. 30d (at most 5 years)")
    .option("--consent <id>", "the consent a personal dataset's request cites")
    .action(
      async (
        value: string,
        opts: {
          requester: string;
          purpose: string;
          legalBasis: string;
          scope?: string;
          scopeHash?: string;
          duration: string;
          consent?: string;
        },
      ) => {
        const input = {
          dataset: dataset(value),
          requester: opts.requester,
          purpose: opts.purpose,
          legalBasis: opts.legalBasis,
          ...scopeOf(opts),
          durationSeconds: duration("--duration", opts.duration),
          consentId: opts.consent === undefined ? undefined : id("--consent", opts.consent),
        };
        if (input.scope === undefined && input.scopeHash === undefined) {
          throw new ValidationError("--scope", "name the requested fields (--scope a,b) or give --scope-hash");
        }
        const { gov } = await govchain(globals(), true);
        const tx = await gov.exchange.requestAccess(input);
        const { requestId } = await tx.wait();
        print(globals(), { requestId, dataset: input.dataset, transaction: tx.hash }, () =>
          console.log(`request ${requestId} filed for ${value} by ${opts.requester}`),
        );
      },
    );

  data
    .command("approve <requestId>")
    .description(
      "approve a request (owner officer; restricted: owner admin) or endorse a confidential one (owner admin); " +
        "optionally narrower or shorter",
    )
    .option("--scope <fields>", "grant fewer fields, comma-separated")
    .option("--scope-hash <hash>", "instead of --scope: the granted scope hash")
    .option("--expires-at <time>", "an earlier expiry (unix seconds or an ISO date)")
    .action(async (value: string, opts: { scope?: string; scopeHash?: string; expiresAt?: string }) => {
      const requestId = id("request id", value);
      const options = {
        ...scopeOf(opts),
        expiresAt: opts.expiresAt === undefined ? undefined : BigInt(unixTime("--expires-at", opts.expiresAt)),
      };
      const { gov } = await govchain(globals(), true);
      const tx = await gov.exchange.approveRequest(requestId, options);
      const outcome = await tx.wait();
      print(globals(), { requestId, ...outcome, transaction: tx.hash }, () =>
        console.log(
          outcome.status === "approved"
            ? `request ${requestId} approved: grant ${outcome.grantId} until ${localTime(outcome.expiresAt)}`
            : `request ${requestId} endorsed; the co-signing department's admin countersigns next`,
        ),
      );
    });

  data
    .command("countersign <requestId>")
    .description("countersign an endorsed confidential request (an admin of the co-signing department)")
    .action(async (value: string) => {
      const requestId = id("request id", value);
      const { gov } = await govchain(globals(), true);
      const tx = await gov.exchange.countersignRequest(requestId);
      const grant = await tx.wait();
      print(globals(), { requestId, ...grant, transaction: tx.hash }, () =>
        console.log(`request ${requestId} countersigned: grant ${grant.grantId}`),
      );
    });

  for (const [command, label, description] of [
    ["reject <requestId>", "request id", "reject a pending or endorsed request (owner officer, or co-signer admin)"],
    ["revoke-grant <grantId>", "grant id", "revoke a grant at once (an officer of the owner department)"],
  ] as const) {
    data
      .command(command)
      .description(description)
      .requiredOption("--reason <code>", "reason code (up to 31 bytes, or a 32-byte hash)")
      .action(async (value: string, opts: { reason: string }) => {
        const which = id(label, value);
        const { gov } = await govchain(globals(), true);
        const tx = command.startsWith("reject")
          ? await gov.exchange.rejectRequest(which, opts.reason)
          : await gov.exchange.revokeGrant(which, opts.reason);
        await tx.wait();
        const action = command.startsWith("reject") ? "rejected" : "revoked";
        print(
          globals(),
          { [label === "grant id" ? "grantId" : "requestId"]: which, action, transaction: tx.hash },
          () => console.log(`${label.split(" ")[0]} ${which} ${action}`),
        );
      });
  }

  data
    .command("receipt <grantId>")
    .description(
      "record one access under a live grant (the grant's submitter key or a grantee officer): only HMAC hashes " +
        "under the grant's key go on chain, derived from the grantee's secret in the secrets file (created on first use)",
    )
    .requiredOption("--query <file|json|text>", "the query: a file (its bytes), JSON, or text")
    .requiredOption("--response <file|json|text>", "the response: a file (its bytes), JSON, or text")
    .option(...secretsOption)
    .action(async (value: string, opts: { query: string; response: string; secrets?: string }) => {
      const grantId = id("grant id", value);
      const access: AccessRecord = { query: accessValue(opts.query), response: accessValue(opts.response) };
      const { gov } = await govchain(globals(), true);
      const key = await grantKey(gov, grantId, opts.secrets, true);
      const tx = await gov.exchange.recordAccess(grantId, key, access);
      const receipt = await tx.wait();
      print(globals(), { grantId, ...receipt, transaction: tx.hash }, () =>
        console.log(`receipt recorded under grant ${grantId} (${tx.hash})`),
      );
    });

  data
    .command("receipts <grantId> <file>")
    .description(
      "record many accesses under one Merkle root: a .csv or .json file of query,response rows (keyed hashes, " +
        "as `data receipt`); writes the tree (to prove any one receipt later)",
    )
    .option("--out <file>", "where to write the batch's tree (default <file>.batch.json; never overwritten)")
    .option(...secretsOption)
    .action(async (value: string, file: string, opts: { out?: string; secrets?: string }) => {
      const grantId = id("grant id", value);
      const rows = accessRows(file, globals());
      const out = opts.out ?? `${file}.batch.json`;
      if (existsSync(out)) throw new ValidationError("--out", `${out} already exists; it is not overwritten`);
      const { gov } = await govchain(globals(), true);
      const key = await grantKey(gov, grantId, opts.secrets, true);
      const hashing = progress(globals(), "hashing receipts", rows.length);
      const receipts = [];
      for (const row of rows) {
        if (receipts.length % 500 === 0) await yieldToEventLoop();
        receipts.push(receiptHashes(key, { query: cell(row.values.query), response: cell(row.values.response) }));
        hashing.increment();
      }
      hashing.stop();
      // The tree is what proves a receipt later: on disk (fsynced) before the root is sent.
      const building = stage(globals(), "building the tree");
      const batch = ReceiptBatch.build(grantId, receipts);
      const replacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
      const dump = { grantId, root: batch.root, count: batch.count, tree: batch.tree.dump() };
      writeNewFile(out, `${JSON.stringify(dump, replacer, 2)}\n`);
      building.done(`root ${batch.root}`);
      const sending = stage(globals(), "sending the batch");
      const tx = await beforeSending(gov.exchange.recordReceiptBatch(grantId, receipts), [out]);
      sending.done(tx.hash);
      const waiting = stage(globals(), "waiting for the block");
      await tx.wait();
      waiting.done();
      print(globals(), { grantId, root: batch.root, count: batch.count, out, transaction: tx.hash }, () =>
        console.log(`${batch.count} receipts recorded under grant ${grantId}, root ${batch.root}; tree in ${out}`),
      );
    });

  data
    .command("receipt-key <grantId>")
    .description(
      "print the receipt key of one grant, for its auditor (it verifies that grant's receipts and no other's); " +
        "hand it over as a secret",
    )
    .option(...secretsOption)
    .action(async (value: string, opts: { secrets?: string }) => {
      const grantId = id("grant id", value);
      const { gov } = await govchain(globals(), false);
      const key = await grantKey(gov, grantId, opts.secrets, false);
      print(globals(), { grantId, key }, () => console.log(key));
    });

  data
    .command("audit")
    .description("the audit trail of a dataset (every access to it) or of a department (every access it made)")
    .option("--dataset <label|id>", "a dataset")
    .option("--department <code>", "a grantee department")
    .option("--format <format>", "json | csv (the export formats; default a table, or JSON with --json)")
    .option("--out <file>", "write the export to a file instead of stdout")
    .option(
      "--verify <file>",
      "check single receipts against the accesses a gateway logged (.csv/.json rows of grantId,query,response): " +
        "adds verified = VALID (an access matches), UNMATCHED (none does) or SKIPPED (a batch, or no key)",
    )
    .option("--key <grantId=key...>", "an auditor's grant receipt keys (else derived from --secrets)")
    .option(...secretsOption)
    .action(
      async (opts: {
        dataset?: string;
        department?: string;
        format?: string;
        out?: string;
        verify?: string;
        key?: string[];
        secrets?: string;
      }) => {
        if (opts.format !== undefined && opts.format !== "json" && opts.format !== "csv") {
          throw new ValidationError("--format", `${JSON.stringify(opts.format)} is not json or csv`);
        }
        if ((opts.dataset === undefined) === (opts.department === undefined)) {
          throw new ValidationError("audit filter", "give exactly one of --dataset or --department");
        }
        const { gov } = await govchain(globals(), false);
        const trail = await gov.exchange.auditTrail({
          dataset: opts.dataset === undefined ? undefined : dataset(opts.dataset),
          department: opts.department,
        });
        const entries =
          opts.verify === undefined ? trail : await verified(gov, trail, opts.verify, opts.key ?? [], opts.secrets);
        const format = opts.format ?? (globals().json || opts.out !== undefined ? "json" : undefined);
        if (format !== undefined) {
          const text = format === "csv" ? auditToCsv(entries) : `${auditToJson(entries)}\n`;
          if (opts.out === undefined) process.stdout.write(text);
          else {
            writeFileSync(opts.out, text);
            if (!globals().json) console.log(`${entries.length} audit entries written to ${opts.out}`);
          }
          return;
        }
        table(
          entries.map((e) => ({
            time: localTime(e.timestamp),
            grant: e.grantId,
            grantee: e.grantee,
            purpose: e.purpose,
            kind: e.kind,
            count: e.count,
            submitter: e.submitter,
            ...(e.verified === undefined ? {} : { verified: e.verified }),
          })),
        );
      },
    );

  /** The audit entries with `verified`: whether a logged access has the receipt's keyed hashes. */
  async function verified(
    gov: GovChain,
    entries: AuditEntry[],
    file: string,
    keys: string[],
    secretsFile: string | undefined,
  ): Promise<AuditEntry[]> {
    const given = new Map<bigint, string>();
    for (const pair of keys) {
      const [grant, key] = pair.split("=");
      if (key === undefined) throw new ValidationError("--key", `${JSON.stringify(pair)} is not grantId=key`);
      given.set(id("--key grant id", grant), key);
    }
    const accesses = accessRows(file, globals()).map((row) => ({
      grantId: id(`row ${row.row} grantId`, String(row.values.grantId)),
      access: { query: cell(row.values.query), response: cell(row.values.response) },
    }));
    const keyOf = new Map<bigint, string | undefined>();
    const result = [];
    for (const entry of entries) {
      if (!keyOf.has(entry.grantId)) {
        const key =
          given.get(entry.grantId) ??
          (keys.length === 0
            ? await grantKey(gov, entry.grantId, secretsFile, false).catch(() => undefined)
            : undefined);
        keyOf.set(entry.grantId, key);
      }
      const key = keyOf.get(entry.grantId);
      if (entry.kind !== "receipt" || key === undefined) {
        result.push({ ...entry, verified: "SKIPPED" as const });
        continue;
      }
      const receipt = { queryHash: entry.queryHash!, responseHash: entry.responseHash! };
      const match = accesses.some((a) => a.grantId === entry.grantId && verifyReceipt(key, a.access, receipt));
      result.push({ ...entry, verified: match ? ("VALID" as const) : ("UNMATCHED" as const) });
    }
    return result;
  }

  data
    .command("can-access")
    .description("whether a department may access a dataset for a purpose now; exit code 0 when yes, 1 when no")
    .requiredOption("--department <code>", "the department")
    .requiredOption("--dataset <label|id>", "the dataset")
    .requiredOption("--purpose <code>", "the purpose code")
    .action(async (opts: { department: string; dataset: string; purpose: string }) => {
      const { gov } = await govchain(globals(), false);
      const allowed = await gov.exchange.canAccess(opts.department, dataset(opts.dataset), opts.purpose);
      print(globals(), { ...opts, canAccess: allowed }, () =>
        console.log(`${opts.department} ${allowed ? "may" : "may NOT"} access ${opts.dataset} for ${opts.purpose}`),
      );
      if (!allowed) process.exitCode = 1;
    });
}
