import { dropIndexTables, openIndexDatabase, type IndexDatabase } from "../../indexer/database.js";

/**
 * The database the indexer tests write to: DATABASE_URL's PostgreSQL server when set (.ci/postgres.sh), else the
 * embedded PGlite database in `dataDir`.
 */
export const testDatabaseUrl: string | undefined = process.env.DATABASE_URL || undefined;

export const expectedKind = (): IndexDatabase["kind"] => (testDatabaseUrl === undefined ? "pglite" : "postgres");

/** Opens the test's index. */
export function openTestIndex(dataDir: string): Promise<IndexDatabase> {
  return openIndexDatabase({ databaseUrl: testDatabaseUrl, dataDir });
}

/**
 * Starts a test from an empty index: a server's tables outlive the test's node (another test file, an earlier run),
 * and an index claims one chain, so they are dropped; an embedded index lives in a new folder and is already empty.
 */
export async function emptyTestIndex(dataDir: string): Promise<void> {
  if (testDatabaseUrl === undefined) return;
  const database = await openTestIndex(dataDir);
  try {
    await dropIndexTables(database.db);
  } finally {
    await database.close();
  }
}
