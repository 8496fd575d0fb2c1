/**
 * The demo's real-estate side story (issue 16, section 4): a supervised deposit, a tax audit that returns the
 * case, the sale, the release of the deposit, and the utility companies moving their accounts.
 */
import { keccak256, toUtf8Bytes, Wallet, type Provider } from "ethers";

import type { DepartmentStaff } from "../lib/staff.js";
import { depositBand, newSalt, priceCommitment, subjectCommitment, type GovChain } from "../../sdk/index.js";

export interface EstateStoryContext {
  gov: GovChain;
  provider: Provider;
  /** Funds keys the story makes (participants' own), when the network charges for gas. */
  fund: (accounts: Wallet[]) => Promise<unknown>;
  staff: Record<string, DepartmentStaff>;
  heading: (title: string) => void;
  step: (text: string) => void;
  tryAs: (label: string, action: () => Promise<unknown>) => Promise<void>;
}

const doc = (label: string) => keccak256(toUtf8Bytes(`document:${label}`));

export async function estateStory({ gov, provider, fund, staff, heading, step, tryAs }: EstateStoryContext) {
  if (gov.estate === undefined || gov.property === undefined || gov.participants === undefined) return;
  heading("Real estate: supervised deposit, tax audit, utility accounts");
  const registry = gov.property.connect(staff.REGISTRY.officer);
  const run = await provider.getBlockNumber();
  const unitNumber = `110105003001GB00001F${String(20_001 + run).padStart(8, "0")}`;
  const seller = {
    kind: "sole" as const,
    owners: [{ commitment: subjectCommitment("110105197001010011", newSalt()), share: 10_000 }],
  };
  const buyer = {
    kind: "sole" as const,
    owners: [{ commitment: subjectCommitment("110108199505050022", newSalt()), share: 10_000 }],
  };
  await (
    await registry.registerUnit({
      unitNumber,
      parcelRef: doc("parcel"),
      usage: 1,
      area: 6_420n,
      documentHash: doc("first"),
      title: seller,
    })
  ).wait();
  const sale = await (
    await registry.openTransfer({ unitNumber, kind: "sale", to: buyer, documentHash: doc("sale contract") })
  ).wait();
  const ref = { unitNumber, caseId: sale.caseId, kind: "sale" as const, to: buyer };
  const icbc = gov.estate.connect(staff.BANK_ICBC.officer);
  await (
    await icbc.recordDeposit({
      ...ref,
      bank: "BANK_ICBC",
      band: depositBand(2_600_000),
      agreementHash: doc("supervision agreement"),
    })
  ).wait();
  step(
    `ICBC holds the buyer's funds for case ${sale.caseId} (band ${depositBand(2_600_000)}: 2-3M CNY; the amount stays in the agreement)`,
  );
  await tryAs("ICBC pays the seller before the transfer", () => icbc.releaseDeposit(sale.caseId, doc("pay")));

  for (const code of ["PSB", "HOUSING"]) {
    await (await gov.workflow.connect(staff[code].officer).approve(sale.caseId, code, doc(`${code} ok`))).wait();
  }
  const salt = newSalt();
  const tax = gov.estate.connect(staff.TAX.officer);
  const audit = {
    declaredPriceHash: priceCommitment(200_000_000n, salt),
    assessedReferenceHash: priceCommitment(260_000_000n, salt),
  };
  await (
    await gov.workflow
      .connect(staff.TAX.officer)
      .returnForInformation(sale.caseId, "TAX", "declared price below the assessed reference", doc("audit"))
  ).wait();
  await (await tax.recordAudit({ ...ref, ...audit, result: "returned", reasonCode: "PRICE_BELOW_REFERENCE" })).wait();
  step("TAX audited the declared price against the reference (salted commitments) and returned the case");
  await (
    await gov.property.connect(staff.REGISTRY.officer).resubmitCase(sale.caseId, doc("corrected declaration"))
  ).wait();
  await (await tax.recordAudit({ ...ref, ...audit, result: "assessed", reasonCode: "TAXED_ON_REFERENCE" })).wait();
  await (await gov.workflow.connect(staff.TAX.officer).approve(sale.caseId, "TAX", doc("TAX ok"))).wait();
  await (await registry.executeTransfer({ unitNumber, caseId: sale.caseId, kind: "sale", to: buyer })).wait();
  const paid = await (await icbc.releaseDeposit(sale.caseId, doc("pay"))).wait();
  step(`the sale executed; ICBC released the deposit: ${paid}`);
  await tryAs("ICBC releases it a second time", () => icbc.releaseDeposit(sale.caseId, doc("pay again")));

  // The utility companies: participants accredited by the city-management commission, with keys of their own.
  const companies = ["water", "power"].map(
    (u) => new Wallet(keccak256(toUtf8Bytes(`demo ${u} company ${run}`)), provider),
  );
  try {
    await fund(companies);
  } catch (error) {
    step(`utility companies skipped: cannot fund their keys (${(error as Error).message.split("\n")[0]})`);
    return;
  }
  const city = gov.participants.connect(staff.CITYMGMT.officer);
  await (await city.accredit("WATER_PROVIDER", companies[0].address, { label: "Beijing Waterworks Group" })).wait();
  await (await city.accredit("POWER_PROVIDER", companies[1].address, { label: "State Grid Beijing" })).wait();
  await (
    await gov.estate.connect(staff.REGISTRY.officer).openUtilitySteps({
      ...ref,
      fromVersion: sale.fromVersion,
      providers: { water: companies[0].address, power: companies[1].address },
    })
  ).wait();
  await (
    await gov.estate.connect(companies[0]).confirmUtilityStep(sale.caseId, "water", doc("water arrears settled"))
  ).wait();
  await tryAs("the power company confirms the water step", () =>
    gov.estate!.connect(companies[1]).confirmUtilityStep(sale.caseId, "water", doc("x")),
  );
  const steps = await gov.estate.utilitySteps(sale.caseId);
  step(`what the new owner sees: ${steps.map((s) => `${s.utility} ${s.done ? "moved" : "pending"}`).join(", ")}`);
  const history = await gov.property.history(unitNumber);
  step(
    `the unit's history holds ${history.taxAudits.length} tax audits: ${history.taxAudits.map((a) => a.result).join(", ")}`,
  );
}
