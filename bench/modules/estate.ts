import { encodeUnitNumber } from "../../sdk/index.js";
import { addEstate, b32, doc, hashTitle, sole, unitNo } from "../../test/estate/fixture.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

const SALE = 1;

/**
 * Deposits, utility steps and tax audits around a sale (EstateServices, issue 16 section 4).
 * `property.depositRelease` (target 60,000) is the bank paying the seller once the transfer executed: one
 * deposit slot read and cleared, the cached officer rule, one workflow status read.
 */
export const estateBench: ModuleBench = async ({ connection, suite }) => {
  const s = await addEstate(connection, suite);
  const { staff, workflow } = s;
  const gas: Record<string, number> = {};
  const unit = encodeUnitNumber(unitNo(1));
  const next = hashTitle(sole("zhao"));
  await (
    await s.property.registerUnit({
      unitNumber: unitNo(1),
      parcelRef: doc("parcel"),
      usage: 1,
      area: 8_950n,
      documentHash: doc("first"),
      title: sole("li"),
    })
  ).wait();
  const { caseId, fromVersion } = await (
    await s.property.openTransfer({ unitNumber: unitNo(1), kind: "sale", to: sole("zhao"), documentHash: doc("c") })
  ).wait();
  const estate = s.estate;
  gas["property.depositRecord"] = await gasOf(
    estate
      .connect(staff.BANK_ICBC.officer)
      .recordDeposit(caseId, unit, SALE, next, b32("BANK_ICBC"), 3, doc("agreement")),
  );
  for (const d of ["PSB", "HOUSING"] as const) {
    await (await workflow.connect(staff[d].officer).approve(caseId, b32(d), doc("ok"))).wait();
  }
  gas["property.taxAudit"] = await gasOf(
    estate
      .connect(staff.TAX.officer)
      .recordAudit(caseId, unit, SALE, next, doc("declared"), doc("reference"), 2, b32("PRICE_BELOW_REFERENCE")),
  );
  await (await workflow.connect(staff.TAX.officer).approve(caseId, b32("TAX"), doc("ok"))).wait();
  await (await s.property.executeTransfer({ unitNumber: unitNo(1), caseId, kind: "sale", to: sole("zhao") })).wait();
  gas["property.depositRelease"] = await gasOf(
    estate.connect(staff.BANK_ICBC.officer).releaseDeposit(caseId, doc("paid to the seller")),
  );
  const { water, power, gas: gasCo, heating } = s.providers;
  gas["property.utilityOpen"] = await gasOf(
    estate
      .connect(staff.REGISTRY.officer)
      .openUtilitySteps(caseId, unit, SALE, fromVersion, next, [
        water.address,
        power.address,
        gasCo.address,
        heating.address,
      ]),
  );
  gas["property.utilityConfirm"] = await gasOf(estate.connect(water).confirmUtilityStep(caseId, 0, doc("settled")));
  return { gas };
};
