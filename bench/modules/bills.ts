import { setUpBills, billBatch, FROM, INVOICE, UNTIL } from "../../test/bills/fixture.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

/**
 * E-bills: a reimbursing organisation's lock of one bill, of 100 bills in one transaction (per bill: the goal is
 * at most 30,000), and a close. Bills are issued by an accredited hospital beforehand; the organisation's first
 * lock warms nothing that later ones would not pay (its accreditation is read on every call).
 */
export const billsBench: ModuleBench = async ({ connection, suite }) => {
  const f = await setUpBills(connection, suite);
  const employer = f.reimbursement.connect(f.employer);
  const gas: Record<string, number> = {};

  const [first, single, ...hundred] = await f.issueBills(f.hospital, 102);
  await gasOf(employer.lock(INVOICE, [first]));
  gas["bills.lock"] = await gasOf(employer.lock(INVOICE, [single]));
  gas["bills.lockBatch100"] = Math.round((await gasOf(employer.lock(INVOICE, hundred))) / 100);
  gas["bills.close"] = await gasOf(employer.close(INVOICE, [single]));

  // Members of an accredited issuer's Merkle batch, each with its proof (depth 7 for 100 bills).
  const batch = billBatch(100, "bench batch");
  await (await f.issuance.connect(f.shop).issueBatch(INVOICE, batch.root, 100, FROM, UNTIL)).wait();
  gas["bills.lockInBatch100"] = Math.round(
    (await gasOf(f.reimbursement.connect(f.insurer).lockInBatch(INVOICE, batch.root, batch.hashes, batch.proofs))) /
      100,
  );
  return { gas };
};
