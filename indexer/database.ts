import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql, type Generated, type Transaction } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";

/**
 * The index's tables. `logs` holds the suite's events exactly as the node returned them (topics and data, not
 * decoded), so any SDK read answered from the index decodes them with the same code as an event scan: same
 * results, same types, by construction. `blocks` keeps the hash and time of every block that has a log, plus
 * each synced range's last block, to notice a reorganisation or a reset chain.
 */
export interface IndexTables {
  index_meta: {
    id: number;
    chain_id: string;
    genesis_hash: string;
    directory: string;
    deployment_block: number;
    /** The last block whose logs are all in `logs`. */
    synced_block: number;
    synced_hash: string;
  };
  blocks: { number: number; hash: string; parent_hash: string; timestamp: number };
  logs: {
    block_number: number;
    log_index: number;
    block_hash: string;
    transaction_hash: string;
    transaction_index: number;
    address: string;
    topic0: string | null;
    topic1: string | null;
    topic2: string | null;
    topic3: string | null;
    data: string;
  };
  schema_version: { version: Generated<number> };
  // ── Projections (schema 2): the same logs decoded into the suite's domain, written in the same transaction ──
  certificate_types: ProjectedRow & { cert_type: string; department: string; managed: boolean };
  certificates: ProjectedRow & {
    cert_type: string;
    cert_hash: string;
    department: string | null;
    subject: string;
    valid_from: string;
    valid_until: string;
    issued_at: number;
    issued_by: string;
    status: string;
    status_changed_at: number;
    superseded_by: string | null;
  };
  certificate_batches: ProjectedRow & {
    cert_type: string;
    root: string;
    department: string | null;
    count: number;
    valid_from: string;
    valid_until: string;
    issued_at: number;
    issued_by: string;
    status: string;
  };
  certificate_status_history: EventRow & {
    cert_type: string;
    cert_hash: string | null;
    batch_root: string | null;
    status: string;
    reason: number | null;
    successor: string | null;
    actor: string;
  };
  case_types: ProjectedRow & { case_type: string; opener_department: string; owner: string; stages: number };
  case_type_departments: { case_type: string; department: string; stage: number; quorum: number };
  cases: ProjectedRow & {
    case_id: number;
    case_type: string;
    subject: string;
    document_hash: string;
    opener: string;
    opened_at: number;
    deadline: string;
    stage: number;
    status: string;
    updated_block: number;
  };
  case_events: EventRow & {
    case_id: number;
    event: string;
    department: string | null;
    actor: string | null;
    document_hash: string | null;
    reason: string | null;
  };
  units: ProjectedRow & {
    unit: string;
    unit_number: string;
    parcel_ref: string;
    planning_permit: string;
    usage: number;
    area: string;
    registered_at: number;
    title_version: number;
    owners: string;
    shares: string;
  };
  unit_events: EventRow & { unit: string; unit_number: string; event: string; case_id: number | null; args: string };
  datasets: ProjectedRow & {
    dataset: string;
    owner: string;
    classification: number;
    personal: boolean;
    version: number;
    retired: boolean;
  };
  dataset_grants: ProjectedRow & {
    grant_id: number;
    dataset: string;
    grantee: string;
    purpose: string;
    expires_at: number;
    issued_at: number;
    revoked: boolean;
  };
  access_receipts: EventRow & {
    grant_id: number;
    kind: string;
    query_hash: string | null;
    response_hash: string | null;
    root: string | null;
    count: number;
    submitter: string;
  };
  departments: ProjectedRow & { code: string; name: string; kind: number; active: boolean };
  department_members: ProjectedRow & {
    department: string;
    account: string;
    role: string;
    since: number;
    active: boolean;
  };
}

/** A row of a state table: the block of the event that created it (updated rows keep it). */
interface ProjectedRow {
  block_number: number;
}

/** A row of an event table: one log, keyed like `logs`, with its block's time and transaction. */
interface EventRow {
  block_number: number;
  log_index: number;
  timestamp: number;
  transaction_hash: string;
}

/** Every table the index owns, for {@link dropIndexTables}. */
const INDEX_TABLES = ["schema_version", "index_meta", "blocks", "logs"] as const;

/** The projection tables, rebuilt from `logs` after a reorganisation (see indexer/projections.ts). */
export const PROJECTION_TABLES = [
  "certificate_types",
  "certificates",
  "certificate_batches",
  "certificate_status_history",
  "case_types",
  "case_type_departments",
  "cases",
  "case_events",
  "units",
  "unit_events",
  "datasets",
  "dataset_grants",
  "access_receipts",
  "departments",
  "department_members",
] as const;

export interface IndexDatabase {
  db: Kysely<IndexTables>;
  /** "pglite" (embedded, a folder under data/) or "postgres" (DATABASE_URL). */
  kind: "pglite" | "postgres";
  /** The folder or the server, for messages (never the password). */
  location: string;
  close(): Promise<void>;
}

/** Where the embedded database of `network` lives when DATABASE_URL is not set. */
export function defaultIndexDir(network: string, root = process.cwd()): string {
  return path.join(root, "data", `index-${network}`);
}

/**
 * Opens the index: a PostgreSQL server when `databaseUrl` is given (DATABASE_URL), else the embedded PGlite
 * database in `dataDir` (created on first use). Creates the tables if needed.
 */
export async function openIndexDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<IndexDatabase> {
  let database: IndexDatabase;
  if (options.databaseUrl !== undefined && options.databaseUrl !== "") {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
    const url = new URL(options.databaseUrl);
    const db = new Kysely<IndexTables>({ dialect: new PostgresDialect({ pool }) });
    database = { db, kind: "postgres", location: `${url.host}${url.pathname}`, close: () => db.destroy() };
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    const db = new Kysely<IndexTables>({ dialect: new PGliteDialect(new PGlite(options.dataDir)) });
    database = { db, kind: "pglite", location: options.dataDir, close: () => db.destroy() };
  }
  await migrate(database.db);
  return database;
}

/**
 * Drops every table of the index (a PostgreSQL server's index has no folder to delete): the next open creates them
 * again and the next sync rebuilds from the deployment block.
 */
export async function dropIndexTables(db: Kysely<IndexTables>): Promise<void> {
  for (const table of [...INDEX_TABLES, ...PROJECTION_TABLES])
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
}

const SCHEMA_VERSION = 2;

/** Creates the tables (idempotent). A later schema version adds a step here; rows are never rewritten in place. */
async function migrate(db: Kysely<IndexTables>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`create table if not exists schema_version (version integer not null)`.execute(tx);
    await sql`create table if not exists index_meta (
      id integer primary key check (id = 1),
      chain_id text not null,
      genesis_hash text not null,
      directory text not null,
      deployment_block bigint not null,
      synced_block bigint not null,
      synced_hash text not null
    )`.execute(tx);
    await sql`create table if not exists blocks (
      number bigint primary key,
      hash text not null,
      parent_hash text not null,
      timestamp bigint not null
    )`.execute(tx);
    await sql`create table if not exists logs (
      block_number bigint not null,
      log_index integer not null,
      block_hash text not null,
      transaction_hash text not null,
      transaction_index integer not null,
      address text not null,
      topic0 text,
      topic1 text,
      topic2 text,
      topic3 text,
      data text not null,
      primary key (block_number, log_index)
    )`.execute(tx);
    // The shapes of the SDK's reads: one contract's events of one kind, often by an indexed argument.
    await sql`create index if not exists logs_by_event on logs (address, topic0, block_number)`.execute(tx);
    await sql`create index if not exists logs_by_topic1 on logs (topic1, block_number)`.execute(tx);
    await sql`create index if not exists logs_by_topic2 on logs (topic2, block_number)`.execute(tx);
    await sql`create index if not exists logs_by_topic3 on logs (topic3, block_number)`.execute(tx);
    await createProjections(tx);
    const current = await tx.selectFrom("schema_version").select("version").executeTakeFirst();
    if (current === undefined) await tx.insertInto("schema_version").values({ version: SCHEMA_VERSION }).execute();
    else if (current.version > SCHEMA_VERSION) {
      throw new Error(`the index was written by a newer govchain (schema ${current.version}): upgrade govchain`);
    } else if (current.version < SCHEMA_VERSION) {
      // Schema 1 had no projections: read the chain again from the deployment block so they are complete.
      await tx.deleteFrom("logs").execute();
      await tx.deleteFrom("blocks").execute();
      await sql`update index_meta set synced_block = deployment_block - 1, synced_hash = ''`.execute(tx);
      await tx.updateTable("schema_version").set({ version: SCHEMA_VERSION }).execute();
    }
  });
}

/**
 * The projection tables (schema 2): the suite's domain, decoded from `logs` by indexer/projections.ts in the same
 * transaction as the logs themselves. Hashes and addresses are lower-case 0x hex; department codes, certificate and
 * case types and unit numbers are their readable strings; times are unix seconds of the block; `numeric` holds
 * uint64 values that may exceed a signed bigint (a validity of "forever").
 */
async function createProjections(tx: Transaction<IndexTables>): Promise<void> {
  const ddl = [
    sql`create table if not exists certificate_types (
      cert_type text primary key, department text not null, managed boolean not null, block_number bigint not null)`,
    sql`create table if not exists certificates (
      cert_type text not null, cert_hash text not null, department text, subject text not null,
      valid_from numeric not null, valid_until numeric not null, issued_at bigint not null, issued_by text not null,
      status text not null, status_changed_at bigint not null, superseded_by text, block_number bigint not null,
      primary key (cert_type, cert_hash))`,
    sql`create table if not exists certificate_batches (
      cert_type text not null, root text not null, department text, count integer not null,
      valid_from numeric not null, valid_until numeric not null, issued_at bigint not null, issued_by text not null,
      status text not null, block_number bigint not null, primary key (cert_type, root))`,
    sql`create table if not exists certificate_status_history (
      block_number bigint not null, log_index integer not null, timestamp bigint not null, transaction_hash text not null,
      cert_type text not null, cert_hash text, batch_root text, status text not null, reason integer,
      successor text, actor text not null, primary key (block_number, log_index))`,
    sql`create index if not exists certificate_status_history_by_cert on certificate_status_history (cert_hash)`,
    sql`create table if not exists case_types (
      case_type text primary key, opener_department text not null, owner text not null, stages integer not null,
      block_number bigint not null)`,
    sql`create table if not exists case_type_departments (
      case_type text not null, department text not null, stage integer not null, quorum integer not null,
      primary key (case_type, department))`,
    sql`create table if not exists cases (
      case_id bigint primary key, case_type text not null, subject text not null, document_hash text not null,
      opener text not null, opened_at bigint not null, deadline numeric not null, stage integer not null,
      status text not null, updated_block bigint not null, block_number bigint not null)`,
    sql`create index if not exists cases_by_status on cases (status, case_type)`,
    sql`create table if not exists case_events (
      block_number bigint not null, log_index integer not null, timestamp bigint not null, transaction_hash text not null,
      case_id bigint not null, event text not null, department text, actor text, document_hash text, reason text,
      primary key (block_number, log_index))`,
    sql`create index if not exists case_events_by_case on case_events (case_id, block_number, log_index)`,
    sql`create table if not exists units (
      unit text primary key, unit_number text not null, parcel_ref text not null, planning_permit text not null,
      usage integer not null, area numeric not null, registered_at bigint not null, title_version integer not null,
      owners text not null, shares text not null, block_number bigint not null)`,
    sql`create index if not exists units_by_number on units (unit_number)`,
    sql`create table if not exists unit_events (
      block_number bigint not null, log_index integer not null, timestamp bigint not null, transaction_hash text not null,
      unit text not null, unit_number text not null, event text not null, case_id bigint, args text not null,
      primary key (block_number, log_index))`,
    sql`create index if not exists unit_events_by_unit on unit_events (unit_number, block_number, log_index)`,
    sql`create table if not exists datasets (
      dataset text primary key, owner text not null, classification integer not null, personal boolean not null,
      version integer not null, retired boolean not null, block_number bigint not null)`,
    sql`create table if not exists dataset_grants (
      grant_id bigint primary key, dataset text not null, grantee text not null, purpose text not null,
      expires_at bigint not null, issued_at bigint not null, revoked boolean not null, block_number bigint not null)`,
    sql`create index if not exists dataset_grants_by_dataset on dataset_grants (dataset)`,
    sql`create index if not exists dataset_grants_by_grantee on dataset_grants (grantee)`,
    sql`create table if not exists access_receipts (
      block_number bigint not null, log_index integer not null, timestamp bigint not null, transaction_hash text not null,
      grant_id bigint not null, kind text not null, query_hash text, response_hash text, root text,
      count integer not null, submitter text not null, primary key (block_number, log_index))`,
    sql`create index if not exists access_receipts_by_grant on access_receipts (grant_id, block_number, log_index)`,
    sql`create table if not exists departments (
      code text primary key, name text not null, kind integer not null, active boolean not null,
      block_number bigint not null)`,
    sql`create table if not exists department_members (
      department text not null, account text not null, role text not null, since bigint not null,
      active boolean not null, block_number bigint not null, primary key (department, role, account))`,
  ];
  for (const statement of ddl) await statement.execute(tx);
}
