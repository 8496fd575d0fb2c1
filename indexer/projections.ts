import { decodeBytes32String, Interface, type InterfaceAbi, type LogDescription } from "ethers";
import { sql, type Kysely, type Transaction } from "kysely";

import type { DeploymentManifest } from "../sdk/core/manifest.js";
import {
  CertificateRegistry__factory,
  DataExchange__factory,
  DepartmentDirectory__factory,
  EstateServices__factory,
  PropertyRegistry__factory,
  ReceiptLog__factory,
  Workflow__factory,
} from "../typechain-types/index.js";
import { PROJECTION_TABLES, type IndexTables } from "./database.js";

/** A log as the projections read it: from the node (sync) or from the `logs` table (rebuild). */
export interface ProjectedLog {
  blockNumber: number;
  index: number;
  transactionHash: string;
  address: string;
  topics: readonly string[];
  data: string;
}

type Db = Kysely<IndexTables> | Transaction<IndexTables>;
type Table = (typeof PROJECTION_TABLES)[number];
type Row = Record<string, unknown>;
type Args = LogDescription["args"];
interface Event {
  name: string;
  args: Args;
  log: ProjectedLog;
  timestamp: number;
}

/** The contracts whose events are projected, with the ABI (the SDK's, from typechain-types) that decodes them. */
const PROJECTED: Record<string, InterfaceAbi> = {
  DepartmentDirectory: DepartmentDirectory__factory.abi,
  CertificateRegistry: CertificateRegistry__factory.abi,
  Workflow: Workflow__factory.abi,
  PropertyRegistry: PropertyRegistry__factory.abi,
  EstateServices: EstateServices__factory.abi,
  DataExchange: DataExchange__factory.abi,
  ReceiptLog: ReceiptLog__factory.abi,
};

/** Which contract (name and decoder) each of the deployment's addresses is, for the projected ones. */
export function projectedContracts(manifest: DeploymentManifest): Map<string, { name: string; iface: Interface }> {
  const byAddress = new Map<string, { name: string; iface: Interface }>();
  for (const [name, abi] of Object.entries(PROJECTED)) {
    const entry = (manifest.contracts as Record<string, string | { proxy: string } | undefined>)[name];
    if (entry === undefined) continue;
    const address = (typeof entry === "string" ? entry : entry.proxy).toLowerCase();
    byAddress.set(address, { name, iface: new Interface(abi) });
  }
  return byAddress;
}

/** A bytes32 code (department, type, purpose) as its text when it is one, else its hex. */
function readable(value: unknown): string {
  if (typeof value !== "string") return String(value);
  try {
    const text = decodeBytes32String(value);
    if (/^[\x20-\x7e]+$/.test(text)) return text;
  } catch {
    // not a short string
  }
  return value.toLowerCase();
}
const hex = (value: unknown) => String(value).toLowerCase();
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
const CERTIFICATE_STATUS = {
  CertificateRevoked: "revoked",
  CertificateSuspended: "suspended",
  CertificateReinstated: "active",
  BatchCertificateRevoked: "revoked",
  BatchCertificateSuspended: "suspended",
  BatchCertificateReinstated: "active",
} as const;
const CASE_STATUS: Record<string, string> = {
  CaseOpened: "open",
  CaseApproved: "approved",
  CaseRejected: "rejected",
  CaseReturned: "returned",
  CaseResubmitted: "open",
  CaseWithdrawn: "withdrawn",
  CaseConsumed: "consumed",
};

/**
 * Writes the projections of `logs` (in chain order) inside the caller's transaction: the sync's, so the raw logs,
 * the projections and the cursor are committed together or not at all. Rows of event tables (one per log) are
 * buffered and inserted many per statement; a change to a state row (a revocation, a case's next status) first
 * writes what is buffered, so every statement sees the rows of the events before it.
 */
export async function projectLogs(
  tx: Db,
  contracts: Map<string, { name: string; iface: Interface }>,
  logs: readonly ProjectedLog[],
  timestampOf: (block: number) => number,
): Promise<void> {
  const writer = new Writer(tx);
  for (const log of logs) {
    const contract = contracts.get(log.address.toLowerCase());
    if (contract === undefined) continue;
    let parsed: LogDescription | null;
    try {
      parsed = contract.iface.parseLog({ topics: log.topics as string[], data: log.data });
    } catch {
      parsed = null; // an event of a later implementation this ABI does not know: kept raw in `logs`
    }
    if (parsed === null) continue;
    const event: Event = { name: parsed.name, args: parsed.args, log, timestamp: timestampOf(log.blockNumber) };
    await HANDLERS[contract.name]?.(writer, event);
  }
  await writer.flush();
}

/**
 * Rebuilds every projection from the `logs` table (after a reorganisation removed the rows above the fork, or to
 * fill a new projection): deletes them and replays the logs in order, in the caller's transaction.
 */
export async function rebuildProjections(
  tx: Db,
  contracts: Map<string, { name: string; iface: Interface }>,
): Promise<void> {
  for (const table of PROJECTION_TABLES) await tx.deleteFrom(table).execute();
  const PAGE = 20_000;
  let after = { block: -1, index: -1 };
  for (;;) {
    const rows = await tx
      .selectFrom("logs")
      .innerJoin("blocks", "blocks.number", "logs.block_number")
      .select([
        "logs.block_number",
        "logs.log_index",
        "logs.transaction_hash",
        "logs.address",
        "logs.topic0",
        "logs.topic1",
        "logs.topic2",
        "logs.topic3",
        "logs.data",
        "blocks.timestamp",
      ])
      .where((eb) =>
        eb.or([
          eb("logs.block_number", ">", after.block),
          eb.and([eb("logs.block_number", "=", after.block), eb("logs.log_index", ">", after.index)]),
        ]),
      )
      .orderBy("logs.block_number")
      .orderBy("logs.log_index")
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    const times = new Map(rows.map((r) => [Number(r.block_number), Number(r.timestamp)]));
    await projectLogs(
      tx,
      contracts,
      rows.map((r) => ({
        blockNumber: Number(r.block_number),
        index: r.log_index,
        transactionHash: r.transaction_hash,
        address: r.address,
        topics: [r.topic0, r.topic1, r.topic2, r.topic3].filter((t): t is string => t !== null),
        data: r.data,
      })),
      (block) => times.get(block)!,
    );
    const last = rows[rows.length - 1];
    after = { block: Number(last.block_number), index: last.log_index };
  }
}

/** Buffers inserts per table (many rows per statement) and runs changes in order after what they depend on. */
class Writer {
  private readonly buffered = new Map<Table, Row[]>();
  private departmentOfType?: Map<string, string>;

  constructor(readonly tx: Db) {}

  insert(table: Table, row: Row): void {
    let rows = this.buffered.get(table);
    if (rows === undefined) this.buffered.set(table, (rows = []));
    rows.push(row);
  }

  /** Runs `change` after writing everything buffered (it may update a row inserted by an earlier event). */
  async change(change: (tx: Db) => Promise<unknown>): Promise<void> {
    await this.flush();
    await change(this.tx);
  }

  /** The department of a certificate type (registered earlier, in this range or before). */
  async typeDepartment(certType: string): Promise<string | null> {
    if (this.departmentOfType === undefined || !this.departmentOfType.has(certType)) {
      await this.flush();
      const rows = await this.tx.selectFrom("certificate_types").select(["cert_type", "department"]).execute();
      this.departmentOfType = new Map(rows.map((r) => [r.cert_type, r.department]));
    }
    return this.departmentOfType.get(certType) ?? null;
  }

  async flush(): Promise<void> {
    for (const [table, rows] of this.buffered) {
      if (rows.length === 0) continue;
      // At most 65,535 parameters per statement.
      const slice = Math.max(1, Math.floor(60_000 / Object.keys(rows[0]).length));
      for (let i = 0; i < rows.length; i += slice) {
        await this.tx
          .insertInto(table)
          .values(rows.slice(i, i + slice) as never)
          .execute();
      }
    }
    this.buffered.clear();
  }
}

type Handler = (w: Writer, e: Event) => Promise<void> | void;

/** The columns every event-table row has. */
const eventRow = (e: Event) => ({
  block_number: e.log.blockNumber,
  log_index: e.log.index,
  timestamp: e.timestamp,
  transaction_hash: e.log.transactionHash,
});

const HANDLERS: Record<string, Handler> = {
  DepartmentDirectory: async (w, { name, args, log }) => {
    if (!("code" in args.toObject())) return; // directory settings, not a department's
    const code = readable(args.code as string);
    switch (name) {
      case "DepartmentRegistered":
        w.insert("departments", {
          code,
          name: args.name as string,
          kind: Number(args.kind),
          active: true,
          block_number: log.blockNumber,
        });
        return;
      case "DepartmentDeactivated":
      case "DepartmentReactivated":
        return w.change((tx) =>
          tx
            .updateTable("departments")
            .set({ active: name === "DepartmentReactivated" })
            .where("code", "=", code)
            .execute(),
        );
      case "DepartmentAdminGranted":
      case "OfficerGranted": {
        const role = name === "OfficerGranted" ? "officer" : "admin";
        const row = {
          department: code,
          account: hex(args.account),
          role,
          since: Number(args.since),
          active: true,
          block_number: log.blockNumber,
        };
        return w.change((tx) =>
          tx
            .insertInto("department_members")
            .values(row)
            .onConflict((oc) =>
              oc.columns(["department", "role", "account"]).doUpdateSet({ since: row.since, active: true }),
            )
            .execute(),
        );
      }
      case "DepartmentAdminRevoked":
      case "OfficerRevoked":
        return w.change((tx) =>
          tx
            .updateTable("department_members")
            .set({ active: false })
            .where("department", "=", code)
            .where("role", "=", name === "OfficerRevoked" ? "officer" : "admin")
            .where("account", "=", hex(args.account))
            .execute(),
        );
    }
  },

  CertificateRegistry: async (w, e) => {
    const { name, args, log, timestamp } = e;
    if (!("certType" in args.toObject())) return; // a department's cached state, not a certificate's
    const certType = readable(args.certType as string);
    const history = (row: Row) =>
      w.insert("certificate_status_history", {
        ...eventRow(e),
        cert_type: certType,
        cert_hash: null,
        batch_root: null,
        reason: null,
        successor: null,
        actor: hex(args.actor),
        ...row,
      });
    switch (name) {
      case "CertificateTypeRegistered":
        return w.change((tx) =>
          tx
            .insertInto("certificate_types")
            .values({
              cert_type: certType,
              department: readable(args.department as string),
              managed: Boolean(args.managed),
              block_number: log.blockNumber,
            })
            .onConflict((oc) => oc.column("cert_type").doNothing())
            .execute(),
        );
      case "CertificateIssued":
        w.insert("certificates", {
          cert_type: certType,
          cert_hash: hex(args.certHash),
          department: await w.typeDepartment(certType),
          subject: hex(args.subject),
          valid_from: String(args.validFrom),
          valid_until: String(args.validUntil),
          issued_at: timestamp,
          issued_by: hex(args.actor),
          status: "active",
          status_changed_at: timestamp,
          superseded_by: null,
          block_number: log.blockNumber,
        });
        history({ cert_hash: hex(args.certHash), status: "active" });
        return;
      case "BatchIssued":
        w.insert("certificate_batches", {
          cert_type: certType,
          root: hex(args.root),
          department: await w.typeDepartment(certType),
          count: Number(args.count),
          valid_from: String(args.validFrom),
          valid_until: String(args.validUntil),
          issued_at: timestamp,
          issued_by: hex(args.actor),
          status: "active",
          block_number: log.blockNumber,
        });
        history({ batch_root: hex(args.root), status: "active" });
        return;
      case "CertificateSuperseded":
        history({ cert_hash: hex(args.certHash), status: "superseded", successor: hex(args.successor) });
        return w.change((tx) =>
          tx
            .updateTable("certificates")
            .set({ status: "superseded", status_changed_at: timestamp, superseded_by: hex(args.successor) })
            .where("cert_type", "=", certType)
            .where("cert_hash", "=", hex(args.certHash))
            .execute(),
        );
      case "CertificateRevoked":
      case "CertificateSuspended":
      case "CertificateReinstated": {
        const status = CERTIFICATE_STATUS[name];
        history({ cert_hash: hex(args.certHash), status, reason: Number(args.reason) });
        return w.change((tx) =>
          tx
            .updateTable("certificates")
            .set({ status, status_changed_at: timestamp })
            .where("cert_type", "=", certType)
            .where("cert_hash", "=", hex(args.certHash))
            .execute(),
        );
      }
      case "BatchRevoked":
        history({ batch_root: hex(args.root), status: "revoked", reason: Number(args.reason) });
        return w.change((tx) =>
          tx
            .updateTable("certificate_batches")
            .set({ status: "revoked" })
            .where("cert_type", "=", certType)
            .where("root", "=", hex(args.root))
            .execute(),
        );
      case "BatchCertificateRevoked":
      case "BatchCertificateSuspended":
      case "BatchCertificateReinstated":
        history({
          cert_hash: hex(args.certHash),
          batch_root: hex(args.root),
          status: CERTIFICATE_STATUS[name],
          reason: Number(args.reason),
        });
        return;
    }
  },

  Workflow: async (w, e) => {
    const { name, args, log, timestamp } = e;
    if (name === "CaseTypeRegistered") {
      const caseType = readable(args.caseType as string);
      w.insert("case_types", {
        case_type: caseType,
        opener_department: readable(args.openerDepartment as string),
        owner: hex(args.owner),
        stages: (args.stageDurations as unknown[]).length,
        block_number: log.blockNumber,
      });
      for (const r of args.departments as { department: string; stage: bigint; quorum: bigint }[]) {
        w.insert("case_type_departments", {
          case_type: caseType,
          department: readable(r.department),
          stage: Number(r.stage),
          quorum: Number(r.quorum),
        });
      }
      return;
    }
    if (!name.startsWith("Case") || !("caseId" in args.toObject())) return;
    const caseId = Number(args.caseId);
    const has = (key: string) => key in args.toObject();
    w.insert("case_events", {
      ...eventRow(e),
      case_id: caseId,
      event: name,
      department: has("department") ? readable(args.department as string) : null,
      actor: has("actor") ? hex(args.actor) : null,
      document_hash: has("documentHash") ? hex(args.documentHash) : null,
      reason: has("reason") ? String(args.reason) : null,
    });
    if (name === "CaseOpened") {
      w.insert("cases", {
        case_id: caseId,
        case_type: readable(args.caseType as string),
        subject: hex(args.subject),
        document_hash: hex(args.documentHash),
        opener: hex(args.actor),
        opened_at: timestamp,
        deadline: String(args.deadline),
        stage: 0,
        status: "open",
        updated_block: log.blockNumber,
        block_number: log.blockNumber,
      });
      return;
    }
    const set: Row = { updated_block: log.blockNumber };
    if (CASE_STATUS[name] !== undefined) set.status = CASE_STATUS[name];
    if (name === "CaseStageAdvanced") set.stage = Number(args.stage);
    // The last stage's approval moves the case past its last stage (the contract stores the stage count).
    if (name === "CaseApproved") {
      set.stage = sql`(select stages from case_types where case_types.case_type = cases.case_type)`;
    }
    if (has("deadline")) set.deadline = String(args.deadline);
    return w.change((tx) => tx.updateTable("cases").set(set).where("case_id", "=", caseId).execute());
  },

  PropertyRegistry: (w, e) => unitEvent(w, e),
  EstateServices: (w, e) => unitEvent(w, e),

  DataExchange: async (w, { name, args, log, timestamp }) => {
    switch (name) {
      case "DatasetRegistered":
        w.insert("datasets", {
          dataset: hex(args.id),
          owner: readable(args.owner as string),
          classification: Number(args.classification),
          personal: Boolean(args.personal),
          version: 1,
          retired: false,
          block_number: log.blockNumber,
        });
        return;
      case "DatasetUpdated":
      case "DatasetReclassified": {
        const set: Row = { version: Number(args.version) };
        if (name === "DatasetReclassified") set.classification = Number(args.classification);
        return w.change((tx) => tx.updateTable("datasets").set(set).where("dataset", "=", hex(args.id)).execute());
      }
      case "DatasetRetired":
        return w.change((tx) =>
          tx.updateTable("datasets").set({ retired: true }).where("dataset", "=", hex(args.id)).execute(),
        );
      case "GrantIssued":
        w.insert("dataset_grants", {
          grant_id: Number(args.grantId),
          dataset: hex(args.dataset),
          grantee: readable(args.grantee as string),
          purpose: readable(args.purpose as string),
          expires_at: Number(args.expiresAt),
          issued_at: timestamp,
          revoked: false,
          block_number: log.blockNumber,
        });
        return;
      case "GrantRevoked":
        return w.change((tx) =>
          tx
            .updateTable("dataset_grants")
            .set({ revoked: true })
            .where("grant_id", "=", Number(args.grantId))
            .execute(),
        );
    }
  },

  ReceiptLog: (w, e) => {
    const { name, args } = e;
    if (name !== "AccessRecorded" && name !== "AccessBatchRecorded") return;
    const single = name === "AccessRecorded";
    w.insert("access_receipts", {
      ...eventRow(e),
      grant_id: Number(args.grantId),
      kind: single ? "receipt" : "batch",
      query_hash: single ? hex(args.queryHash) : null,
      response_hash: single ? hex(args.responseHash) : null,
      root: single ? null : hex(args.root),
      count: single ? 1 : Number(args.count),
      submitter: hex(args.actor),
    });
  },
};

/** Every event about a unit (the property register's and the estate services'), and the unit's registration and title. */
async function unitEvent(w: Writer, e: Event): Promise<void> {
  const { name, args, log, timestamp } = e;
  const object = args.toObject();
  if (!("unit" in object)) return;
  const unit = hex(args.unit);
  const unitNumber = readable(unit);
  w.insert("unit_events", {
    ...eventRow(e),
    unit,
    unit_number: unitNumber,
    event: name,
    case_id: "caseId" in object ? Number(args.caseId) : null,
    args: json(object),
  });
  if (name === "UnitRegistered") {
    w.insert("units", {
      unit,
      unit_number: unitNumber,
      parcel_ref: readable(args.parcelRef as string),
      planning_permit: readable(args.planningPermit as string),
      usage: Number(args.usage),
      area: String(args.area),
      registered_at: timestamp,
      title_version: 0,
      owners: "[]",
      shares: "[]",
      block_number: log.blockNumber,
    });
  } else if (name === "TitleRecorded") {
    await w.change((tx) =>
      tx
        .updateTable("units")
        .set({
          title_version: Number(args.version),
          owners: json((args.owners as string[]).map(hex)),
          shares: json([...(args.shares as bigint[])].map(Number)),
        })
        .where("unit", "=", unit)
        .execute(),
    );
  }
}
