import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  ConflictError,
  depositBand,
  EstateClient,
  InvalidStateError,
  PropertyClient,
  priceCommitment,
  UnauthorizedError,
  ValidationError,
} from "../../sdk/index.js";
import { b32, deployEstate, doc, sole, unitNo, type EstateSuite } from "./fixture.js";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("SDK: EstateClient and the unit history's audits", function () {
  let connection: NetworkConnection;
  const estateFixture = () => deployEstate(connection);
  const deployed = () => connection.networkHelpers.loadFixture(estateFixture);
  before(async function () {
    connection = await network.create();
  });

  async function sale(s: EstateSuite, n: number) {
    const unitNumber = unitNo(n);
    await (
      await s.property.registerUnit({
        unitNumber,
        parcelRef: doc("parcel"),
        usage: 1,
        area: 8_950n,
        documentHash: doc("first"),
        title: sole("li"),
      })
    ).wait();
    const opened = await (
      await s.property.openTransfer({ unitNumber, kind: "sale", to: sole("zhao"), documentHash: doc("contract") })
    ).wait();
    return {
      unitNumber,
      caseId: opened.caseId,
      fromVersion: opened.fromVersion,
      kind: "sale" as const,
      to: sole("zhao"),
    };
  }

  it("runs a supervised sale: deposit, audit, execution, release, utility steps; the history shows the audits", async function () {
    const s = await deployed();
    const address = await s.estate.getAddress();
    const t = await sale(s, 1);
    const bank = new EstateClient(address, s.staff.BANK_ICBC.officer, s.manifest.deploymentBlock);
    await (
      await bank.recordDeposit({ ...t, bank: "BANK_ICBC", band: depositBand(2_600_000), agreementHash: doc("a") })
    ).wait();
    expect(await bank.deposit(t.caseId)).to.include({ bank: "BANK_ICBC", state: "held", band: 3 });
    const early = await rejection(bank.releaseDeposit(t.caseId, doc("pay")));
    expect(early).to.be.instanceOf(InvalidStateError);
    expect(early.message).to.contain("the deposit is released only once the transfer executed");

    for (const d of ["PSB", "HOUSING"] as const) {
      await (await s.workflow.connect(s.staff[d].officer).approve(t.caseId, b32(d), doc("ok"))).wait();
    }
    const tax = bank.connect(s.staff.TAX.officer);
    const salt = doc("tax file salt");
    await (
      await tax.recordAudit({
        ...t,
        declaredPriceHash: priceCommitment(260_000_000n, salt),
        assessedReferenceHash: priceCommitment(280_000_000n, salt),
        result: "assessed",
        reasonCode: "PRICE_BELOW_REFERENCE",
      })
    ).wait();
    await (await s.workflow.connect(s.staff.TAX.officer).approve(t.caseId, b32("TAX"), doc("ok"))).wait();
    await (await s.property.executeTransfer({ ...t })).wait();
    expect(await (await bank.releaseDeposit(t.caseId, doc("pay"))).wait()).to.equal("releasedToSeller");
    expect(await rejection(bank.releaseDeposit(t.caseId, doc("pay")))).to.be.instanceOf(ConflictError);
    expect((await bank.deposit(t.caseId))!.state).to.equal("releasedToSeller");

    const registrar = bank.connect(s.staff.REGISTRY.officer);
    const { water, heating, power } = s.providers;
    await (
      await registrar.openUtilitySteps({ ...t, providers: { water: water.address, heating: heating.address } })
    ).wait();
    await (await registrar.connect(water).confirmUtilityStep(t.caseId, "water", doc("water settled"))).wait();
    const wrong = await rejection(registrar.connect(power).confirmUtilityStep(t.caseId, "heating", doc("x")));
    expect(wrong).to.be.instanceOf(UnauthorizedError);
    expect(wrong.message).to.contain(`only ${heating.address} confirms the heating step`);
    expect((await registrar.utilitySteps(t.caseId)).map((x) => [x.utility, x.done])).to.deep.equal([
      ["water", true],
      ["heating", false],
    ]);

    const history = await new PropertyClient(s.manifest.contracts.PropertyRegistry!.proxy, s.stranger, {
      fromBlock: s.manifest.deploymentBlock,
      estate: address,
    }).history(t.unitNumber);
    expect(history.taxAudits.map((a) => [a.caseId, a.result, a.reasonCode])).to.deep.equal([
      [t.caseId, "assessed", "PRICE_BELOW_REFERENCE"],
    ]);
    expect(history.deposits.map((d) => d.bank)).to.deep.equal(["BANK_ICBC"]);
    expect(history.utilityStepsOpened).to.have.length(1);
    expect(history.titles).to.have.length(2);
    expect(await bank.audits(t.unitNumber)).to.have.length(1);
  });

  it("validates input before sending", async function () {
    const s = await deployed();
    const c = new EstateClient(await s.estate.getAddress(), s.stranger);
    expect(() => depositBand(0)).to.throw(ValidationError);
    expect([depositBand(999_999), depositBand(1_000_000), depositBand(50_000_000)]).to.deep.equal([1, 2, 8]);
    expect(() => priceCommitment(1n, "0x00")).to.throw(ValidationError);
    const t = { unitNumber: unitNo(1), caseId: 1n, kind: "sale" as const, to: sole("zhao") };
    expect(
      await rejection(c.recordDeposit({ ...t, bank: "BANK_ICBC", band: 9, agreementHash: doc("a") })),
    ).to.be.instanceOf(ValidationError);
    expect(await rejection(c.openUtilitySteps({ ...t, fromVersion: 1, providers: {} }))).to.be.instanceOf(
      ValidationError,
    );
  });
});
