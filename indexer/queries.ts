import { sql, type Kysely } from "kysely";

import type { IndexTables } from "./database.js";

/**
 * The reads agencies ask most, answered from the projection tables alone (no node call): what a gateway or an
 * agency's SQL client runs. test/indexer/agreement.test.ts checks each against the SDK's event scan.
 */

/** A department's pending work: open (not past the deadline) or returned cases whose current stage needs it. */
export async function indexedPendingWork(db: Kysely<IndexTables>, department: string, now: bigint) {
  const rows = await db
    .selectFrom("cases as c")
    .innerJoin("case_type_departments as r", (join) =>
      join.onRef("r.case_type", "=", "c.case_type").onRef("r.stage", "=", "c.stage"),
    )
    .select(["c.case_id", "c.case_type", "c.subject", "c.status", "c.deadline"])
    .where("r.department", "=", department)
    .where((eb) =>
      eb.or([
        eb("c.status", "=", "returned"),
        eb.and([
          eb("c.status", "=", "open"),
          eb.or([eb("c.deadline", "=", "0"), eb("c.deadline", ">", now.toString())]),
        ]),
      ]),
    )
    // Signatures so far below the department's quorum (officers sign once each; the quorum approves it).
    .where(
      (eb) =>
        eb
          .selectFrom("case_events as e")
          .select(sql<number>`count(*)`.as("n"))
          .whereRef("e.case_id", "=", "c.case_id")
          .where("e.event", "=", "CaseApprovalSigned")
          .where("e.department", "=", department),
      "<",
      (eb) => eb.ref("r.quorum"),
    )
    .orderBy("c.case_id")
    .execute();
  return rows.map((r) => ({
    caseId: BigInt(r.case_id),
    caseType: r.case_type,
    subject: r.subject,
    status: r.status as "open" | "returned",
    deadline: BigInt(r.deadline) === 0n ? undefined : BigInt(r.deadline),
  }));
}

/** Every access to a dataset (its grants' receipts and receipt batches), oldest first. */
export function indexedAuditTrail(db: Kysely<IndexTables>, dataset: string) {
  return db
    .selectFrom("access_receipts as r")
    .innerJoin("dataset_grants as g", "g.grant_id", "r.grant_id")
    .select([
      "r.grant_id",
      "g.dataset",
      "g.grantee",
      "g.purpose",
      "r.kind",
      "r.query_hash",
      "r.response_hash",
      "r.root",
      "r.count",
      "r.submitter",
      "r.block_number",
      "r.log_index",
      "r.timestamp",
      "r.transaction_hash",
    ])
    .where("g.dataset", "=", dataset.toLowerCase())
    .orderBy("r.block_number")
    .orderBy("r.log_index")
    .execute();
}

/** A unit's history: every event of the property register (and estate services) about it, oldest first. */
export function indexedUnitHistory(db: Kysely<IndexTables>, unitNumber: string) {
  return db
    .selectFrom("unit_events")
    .selectAll()
    .where("unit_number", "=", unitNumber)
    .orderBy("block_number")
    .orderBy("log_index")
    .execute();
}
