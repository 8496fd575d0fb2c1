import { id } from "ethers";

import { code, doc, evidence, person, withOneStop } from "../../test/onestop/fixture.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

/**
 * District one-stop services: an establishment application (open, then complete: four managed certificates in
 * one transaction) and an unemployment claim (open on two evidence grants; the first payment, which consumes
 * the approved case; a later month).
 */
export const oneStopBench: ModuleBench = async ({ connection, suite }) => {
  const s = await withOneStop(suite, connection);
  const window = s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer);
  const gas: Record<string, number> = {};

  gas["onestop.openApplication"] = await gasOf(
    window.openApplication(code("ENTERPRISE_ESTABLISHMENT"), id("enterprise commitment"), doc("articles")),
  );
  const caseId = await s.workflow.caseCount();
  for (const [dept, officer] of [
    ["MARKET", s.staff.MARKET.officer],
    ["TAX", s.staff.TAX.officer],
    ["PSB", s.staff.PSB.officer],
    ["HRSS", s.district.HRSS.officer],
  ] as const) {
    await (await s.workflow.connect(officer).approve(caseId, code(dept), doc(dept))).wait();
  }
  gas["onestop.completeEstablishment4"] = await gasOf(window.completeApplication(caseId));

  const who = await person(connection, "bench beneficiary");
  const { employmentGrant, insuranceGrant } = await evidence(s, who);
  const district = s.benefitsContract.connect(s.district.HAIDIAN_HRSS.officer);
  gas["benefits.openClaim"] = await gasOf(
    district.openClaim(code("HAIDIAN_HRSS"), who.commitment, employmentGrant, insuranceGrant, 202612, 3, doc("c")),
  );
  const claim = await s.workflow.caseCount();
  await (
    await s.workflow.connect(s.district.HAIDIAN_HRSS.officer).approve(claim, code("HAIDIAN_HRSS"), doc("ok"))
  ).wait();
  gas["benefits.firstPayment"] = await gasOf(
    district.recordPayment(claim, code("HAIDIAN_HRSS"), 202612, 187_000n, id("pay 1")),
  );
  gas["benefits.payment"] = await gasOf(
    district.recordPayment(claim, code("HAIDIAN_HRSS"), 202701, 187_000n, id("pay 2")),
  );
  return { gas };
};
