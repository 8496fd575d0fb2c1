import { encodeBytes32String } from "ethers";

import { encodeUnitNumber, toTitleTuple, type Title } from "../../sdk/index.js";
import { couple, doc, sole, unitNo } from "../../test/property/fixture.js";
import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

const SALE = 1;
const FREEZE_ORDER = doc("court order");
const COURT = encodeBytes32String("COURT");

/**
 * The real-estate register on the suite as deployed (real workflow engine and certificate
 * registry). Registration and transfer include their title certificate (and its rotation);
 * `property.encumber`/`property.release` are a court freeze (a unit's first active encumbrance,
 * kept in the unit's header slot) and its release, by a court that has acted before (the
 * registry caches a department's kind on its first action: `property.encumber.firstByDepartment`);
 * `property.encumber.overflowSlot` is a further encumbrance while one is active (its own record
 * slot; by the same court it is a waiting freeze); a mortgage is opened by the bank as a workflow case
 * (`property.mortgage.open`), approved by the registrar, then registered with the certificate of other rights
 * (`property.encumber.mortgage`, which consumes the case); its release revokes that certificate.
 */
export const propertyBench: ModuleBench = async ({ suite }) => {
  const { propertyRegistry: registry, staff, workflow } = suite;
  const registrar = registry.connect(staff.REGISTRY.officer);
  const court = registry.connect(staff.COURT.officer);
  const bank = registry.connect(staff.BANK_ICBC.officer);
  const input = (n: number) => ({
    unit: encodeUnitNumber(unitNo(n)),
    parcelRef: doc(`parcel ${n}`),
    planningPermit: doc(`permit ${n}`),
    usage: 1,
    area: 8_950,
    documentHash: doc(`application ${n}`),
  });
  const pair = (n: number): Title => couple(`owner a ${n}`, `owner b ${n}`, 5_000);
  const register = (n: number) => registrar.registerUnit(input(n), toTitleTuple(pair(n)));

  const gas: Record<string, number> = {};
  const scale: Record<string, number> = {};

  gas["property.register2Owners"] = await gasOf(register(1));
  const unit = encodeUnitNumber(unitNo(1));

  // Encumbrances: the court's first action pays for caching its department; later ones do not.
  gas["property.encumber.firstByDepartment"] = await gasOf(
    court.addFreeze(unit, encodeBytes32String("COURT"), 0, FREEZE_ORDER),
  );
  gas["property.release.firstSlot"] = await gasOf(
    court.releaseEncumbrance(unit, 0, 1, encodeBytes32String("COURT"), doc("lifted")),
  );
  await gasOf(register(2));
  const unit2 = encodeUnitNumber(unitNo(2));
  gas["property.encumber"] = await gasOf(court.addFreeze(unit2, COURT, 0, FREEZE_ORDER));
  gas["property.release"] = await gasOf(court.releaseEncumbrance(unit2, 0, 1, COURT, doc("lifted")));
  // A unit's first active encumbrance lives in its header slot; further ones take records of their own.
  await (await court.addFreeze(unit2, COURT, 0, FREEZE_ORDER)).wait(); // seq 2, slot 0
  gas["property.encumber.overflowSlot"] = await gasOf(court.addFreeze(unit2, COURT, 0, FREEZE_ORDER)); // seq 3, slot 1
  await (await court.releaseEncumbrance(unit2, 1, 3, COURT, doc("lifted"))).wait();
  gas["property.encumber.overflowSlotReused"] = await gasOf(court.addFreeze(unit2, COURT, 0, FREEZE_ORDER)); // seq 4
  await (await court.releaseEncumbrance(unit2, 1, 4, COURT, doc("lifted"))).wait();
  await (await court.releaseEncumbrance(unit2, 0, 2, COURT, doc("lifted"))).wait();
  // A mortgage: the bank opens the application, the registrar approves it in the workflow, the bank registers it.
  const ICBC = encodeBytes32String("BANK_ICBC");
  const approvedMortgage = async (u: string, label: string, measure: boolean) => {
    const open = bank.openMortgage(u, ICBC, 0, 0, doc(`${label} application`));
    if (measure) gas["property.mortgage.open"] = await gasOf(open);
    else await (await open).wait();
    const id = await workflow.caseCount();
    await (
      await workflow.connect(staff.REGISTRY.officer).approve(id, encodeBytes32String("REGISTRY"), doc("ok"))
    ).wait();
    return id;
  };
  const warmUp = await approvedMortgage(unit2, "warm-up", false);
  await (await bank.executeMortgage(unit2, warmUp, ICBC, 0, 0, doc("warm-up mortgage"))).wait();
  const mortgageCase = await approvedMortgage(unit, "mortgage", true);
  gas["property.encumber.mortgage"] = await gasOf(
    bank.executeMortgage(unit, mortgageCase, ICBC, 0, 0, doc("mortgage")),
  );
  gas["property.release.mortgage"] = await gasOf(
    bank.releaseEncumbrance(unit, 0, 2, encodeBytes32String("BANK_ICBC"), doc("repaid")),
  );

  // A sale through the workflow: PSB and HOUSING, then TAX approve; then the registry executes it.
  const next = toTitleTuple(sole("buyer"));
  gas["property.openTransfer"] = await gasOf(registrar.openTransfer(unit, SALE, next, doc("sale contract")));
  const caseId = await workflow.caseCount();
  for (const dept of ["PSB", "HOUSING", "TAX"] as const) {
    await (
      await workflow.connect(staff[dept].officer).approve(caseId, encodeBytes32String(dept), doc(`${dept} ok`))
    ).wait();
  }
  gas["property.transfer"] = await gasOf(registrar.executeTransfer(unit, caseId, SALE, next));

  // Scale: the 10,000th registration costs what the first did (no per-registry growth).
  if (process.env.BENCH_SKIP_SCALE === undefined) {
    const base = 100;
    const first = await gasOf(register(base));
    let last = first;
    for (let i = 1; i < 10_000; i++) {
      const tx = register(base + i);
      if (i === 9_999) last = await gasOf(tx);
      else await tx;
    }
    scale["property.register.first"] = first;
    scale["property.register.10000th"] = last;
  }
  return { gas, scale };
};
