import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, sql, type Generated } from "kysely";
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
}

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

const SCHEMA_VERSION = 1;

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
    const current = await tx.selectFrom("schema_version").select("version").executeTakeFirst();
    if (current === undefined) await tx.insertInto("schema_version").values({ version: SCHEMA_VERSION }).execute();
    else if (current.version > SCHEMA_VERSION) {
      throw new Error(`the index was written by a newer govchain (schema ${current.version}): upgrade govchain`);
    }
  });
}
