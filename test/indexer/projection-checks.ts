import { expect } from "chai";
import type { Kysely } from "kysely";

import type { IndexTables } from "../../indexer/database.js";
import { indexedAuditTrail, indexedPendingWork } from "../../indexer/queries.js";
import { certificateStatusHistory } from "../../sdk/certificates/status-history.js";
import type { GovChain } from "../../sdk/index.js";

/**
 * The projection tables against the SDK's own reads of the chain (contract state and event scans), row by row:
 * certificates and their status history, cases and their timelines, units and their histories, grants and the
 * audit trail of every dataset, departments' members. Returns how many rows of each kind it compared.
 */
export async function checkProjections(
  db: Kysely<IndexTables>,
  gov: GovChain,
  fromBlock: number,
): Promise<Record<string, number>> {
  const compared: Record<string, number> = {};
  const provider = gov.runner.provider!;
  const now = BigInt((await provider.getBlock("latest"))!.timestamp);

  // Certificates: the recorded facts, the status now (expiry and validity start derive from the window at read
  // time, as the contract does), and every change in order.
  const certificates = await db.selectFrom("certificates").selectAll().execute();
  for (const c of certificates) {
    const ref = { certType: c.cert_type, certHash: c.cert_hash };
    const record = await gov.certificates.record(ref);
    const what = `${c.cert_type} ${c.cert_hash}`;
    const derived =
      c.status !== "active"
        ? c.status
        : now < BigInt(c.valid_from)
          ? "notYetValid"
          : now >= BigInt(c.valid_until)
            ? "expired"
            : "active";
    expect(derived, what).to.equal(record.status);
    expect(c.department, what).to.equal(record.department);
    expect(BigInt(c.valid_from), what).to.equal(record.validFrom);
    expect(BigInt(c.valid_until), what).to.equal(record.validUntil);
    expect(BigInt(c.issued_at), what).to.equal(record.issuedAt);
    expect(BigInt(c.status_changed_at), what).to.equal(record.statusChangedAt);
    expect(c.superseded_by ?? undefined, what).to.equal(record.supersededBy?.toLowerCase());
    const history = await db
      .selectFrom("certificate_status_history")
      .selectAll()
      .where("cert_type", "=", c.cert_type)
      .where("cert_hash", "=", c.cert_hash)
      .where("batch_root", "is", null)
      .orderBy("block_number")
      .orderBy("log_index")
      .execute();
    const scanned = await certificateStatusHistory(gov.certificates, ref, fromBlock);
    expect(
      history.map((h) => [
        Number(h.block_number),
        h.transaction_hash,
        h.actor,
        h.reason ?? undefined,
        h.successor ?? undefined,
      ]),
      what,
    ).to.deep.equal(
      scanned.map((s) => [
        s.blockNumber,
        s.transactionHash,
        s.actor.toLowerCase(),
        s.reasonCode,
        s.successor?.toLowerCase(),
      ]),
    );
  }
  compared.certificates = certificates.length;

  // Cases: type, subject, stage and status (open and returned cases past their deadline read as expired), and the
  // timeline event by event.
  const cases = await db.selectFrom("cases").selectAll().orderBy("case_id").execute();
  for (const c of cases) {
    const id = BigInt(c.case_id);
    const onChain = await gov.workflow.getCase(id);
    const deadline = BigInt(c.deadline);
    const expired = c.status === "open" && deadline !== 0n && now >= deadline;
    expect(expired ? "expired" : c.status, `case ${id}`).to.equal(onChain.status);
    expect(c.case_type, `case ${id}`).to.equal(onChain.caseType);
    expect(c.subject, `case ${id}`).to.equal(onChain.subject.toLowerCase());
    expect(c.stage, `case ${id}`).to.equal(onChain.stage);
    expect(BigInt(c.opened_at), `case ${id}`).to.equal(onChain.openedAt);
    const events = await db
      .selectFrom("case_events")
      .select(["event", "block_number"])
      .where("case_id", "=", Number(id))
      .orderBy("block_number")
      .orderBy("log_index")
      .execute();
    const timeline = await gov.workflow.timeline(id);
    expect(
      events.map((e) => Number(e.block_number)),
      `case ${id}`,
    ).to.deep.equal(timeline.map((t) => t.blockNumber));
  }
  compared.cases = cases.length;

  // Units: registration, the current title version and owners, and the number of title versions in the history.
  const units = await db.selectFrom("units").selectAll().execute();
  for (const u of units) {
    const history = await gov.property!.history(u.unit_number);
    const title = await gov.property!.title(u.unit_number);
    expect(u.usage, u.unit_number).to.equal(history.registration.usage);
    expect(BigInt(u.area), u.unit_number).to.equal(history.registration.area);
    expect(u.title_version, u.unit_number).to.equal(title.version);
    expect(JSON.parse(u.owners), u.unit_number).to.deep.equal(title.owners.map((o) => o.commitment.toLowerCase()));
    const titles = await db
      .selectFrom("unit_events")
      .select("block_number")
      .where("unit_number", "=", u.unit_number)
      .where("event", "=", "TitleRecorded")
      .execute();
    expect(titles.length, u.unit_number).to.equal(history.titles.length);
  }
  compared.units = units.length;

  // Grants as the exchange holds them, and every dataset's audit trail receipt by receipt.
  const grants = await db.selectFrom("dataset_grants").selectAll().execute();
  for (const g of grants) {
    const onChain = await gov.exchange.grant(BigInt(g.grant_id));
    expect(g.dataset, `grant ${g.grant_id}`).to.equal(onChain.dataset.toLowerCase());
    expect(g.grantee, `grant ${g.grant_id}`).to.equal(onChain.grantee);
    expect(g.revoked, `grant ${g.grant_id}`).to.equal(onChain.revoked);
  }
  compared.grants = grants.length;
  let receipts = 0;
  for (const { dataset } of await db.selectFrom("datasets").select("dataset").execute()) {
    const rows = await indexedAuditTrail(db, dataset);
    const trail = await gov.exchange.auditTrail({ dataset, fromBlock });
    expect(
      rows.map((r) => [
        BigInt(r.grant_id),
        r.kind,
        r.query_hash ?? undefined,
        r.root ?? undefined,
        r.count,
        r.submitter,
        Number(r.block_number),
        r.log_index,
        Number(r.timestamp),
      ]),
      dataset,
    ).to.deep.equal(
      trail.map((t) => [
        t.grantId,
        t.kind,
        t.queryHash?.toLowerCase(),
        t.root?.toLowerCase(),
        t.count,
        t.submitter.toLowerCase(),
        t.blockNumber,
        t.logIndex,
        t.timestamp,
      ]),
    );
    receipts += rows.length;
  }
  compared.receipts = receipts;

  // Departments and their members as the directory lists them now.
  const departments = await db.selectFrom("departments").selectAll().execute();
  for (const d of departments) {
    const onChain = await gov.access.department(d.code);
    expect(d.active, d.code).to.equal(onChain.active);
    for (const role of ["admin", "officer"] as const) {
      const members = await db
        .selectFrom("department_members")
        .select("account")
        .where("department", "=", d.code)
        .where("role", "=", role)
        .where("active", "=", true)
        .execute();
      const listed = role === "admin" ? await gov.access.admins(d.code) : await gov.access.officers(d.code);
      expect(members.map((m) => m.account).sort(), `${d.code} ${role}s`).to.deep.equal(
        listed.map((a) => a.toLowerCase()).sort(),
      );
    }
  }
  compared.departments = departments.length;

  // Each department's pending work, from the projections alone, as the SDK builds it from the chain.
  let pending = 0;
  for (const d of departments) {
    const fromIndex = await indexedPendingWork(db, d.code, now);
    const fromChain = await gov.workflow.pendingWork(d.code);
    expect(fromIndex, `${d.code} pending work`).to.deep.equal(
      fromChain.map((p) => ({ ...p, subject: p.subject.toLowerCase() })),
    );
    pending += fromIndex.length;
  }
  compared.pending = pending;
  return compared;
}
