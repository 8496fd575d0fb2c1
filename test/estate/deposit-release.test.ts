import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { encodeUnitNumber } from "../../sdk/index.js";
import { b32, deployEstate, doc, hashTitle, sole, unitNo, type EstateSuite } from "./fixture.js";

/**
 * A deposit whose supervising bank was deactivated (issue 16, review gap 3): the registrar opens a DEPOSIT_RELEASE
 * case (services/real-estate.json: REGISTRY and COURT approve), then releases the deposit once on it, in the
 * direction the sale's outcome dictates. The deactivated bank itself still cannot act.
 */
const SALE = 1;
const HELD = 1n;
const TO_SELLER = 2n;
const TO_BUYER = 3n;
const ICBC = b32("BANK_ICBC");
const CaseStatus = { Approved: 3n, Consumed: 7n };

async function sale(s: EstateSuite, n: number) {
  const unitNumber = unitNo(n);
  await (
    await s.property.registerUnit({
      unitNumber,
      parcelRef: doc("parcel"),
      usage: 1,
      area: 8_950n,
      documentHash: doc("first registration"),
      title: sole("li"),
    })
  ).wait();
  const opened = await (
    await s.property.openTransfer({ unitNumber, kind: "sale", to: sole("zhao"), documentHash: doc("sale contract") })
  ).wait();
  const unit = encodeUnitNumber(unitNumber);
  await (
    await s.estate
      .connect(s.staff.BANK_ICBC.officer)
      .recordDeposit(opened.caseId, unit, SALE, hashTitle(sole("zhao")), ICBC, 3, doc("agreement"))
  ).wait();
  return { unitNumber, caseId: opened.caseId };
}

async function execute(s: EstateSuite, sold: Awaited<ReturnType<typeof sale>>) {
  for (const d of ["PSB", "HOUSING", "TAX"] as const) {
    await (await s.workflow.connect(s.staff[d].officer).approve(sold.caseId, b32(d), doc(`${d} ok`))).wait();
  }
  await (
    await s.property.executeTransfer({
      unitNumber: sold.unitNumber,
      caseId: sold.caseId,
      kind: "sale",
      to: sole("zhao"),
    })
  ).wait();
}

const deactivate = async (s: EstateSuite, active = false) =>
  (await s.directory.connect(s.operator).setDepartmentActive(ICBC, active)).wait();

/** The registrar opens the release case; REGISTRY and COURT approve it. Resolves to its id. */
async function approvedRelease(s: EstateSuite, caseId: bigint) {
  await (await s.estate.connect(s.staff.REGISTRY.officer).openDepositRelease(caseId, doc("bank closed"))).wait();
  const releaseCaseId = await s.workflow.caseCount();
  for (const d of ["REGISTRY", "COURT"] as const) {
    await (await s.workflow.connect(s.staff[d].officer).approve(releaseCaseId, b32(d), doc(`${d} ok`))).wait();
  }
  return releaseCaseId;
}

describe("Real-estate deposits: the registrar's release when the bank was deactivated", function () {
  let connection: NetworkConnection;
  const estateFixture = () => deployEstate(connection);
  const deployed = () => connection.networkHelpers.loadFixture(estateFixture);
  before(async function () {
    connection = await network.create();
  });

  it("releases to the seller once the transfer executed, once; the deactivated bank still cannot act", async function () {
    const s = await deployed();
    const sold = await sale(s, 1);
    await execute(s, sold);
    await deactivate(s);
    const bank = s.estate.connect(s.staff.BANK_ICBC.officer);
    await expect(bank.releaseDeposit(sold.caseId, doc("pay")))
      .to.be.revertedWithCustomError(s.estate, "DepartmentGatedInactiveDepartment")
      .withArgs(ICBC, s.staff.BANK_ICBC.officer.address);
    // Only a registrar officer opens the case.
    await expect(s.estate.connect(s.staff.COURT.officer).openDepositRelease(sold.caseId, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "DepartmentGatedUnauthorizedOfficer")
      .withArgs(b32("REGISTRY"), s.staff.COURT.officer.address);
    const releaseCaseId = await approvedRelease(s, sold.caseId);
    expect((await s.workflow.caseTypeOf(b32("DEPOSIT_RELEASE"))).owner).to.equal(await s.estate.getAddress());
    await expect(s.estate.connect(s.staff.COURT.officer).executeDepositRelease(sold.caseId, releaseCaseId, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "DepartmentGatedUnauthorizedOfficer")
      .withArgs(b32("REGISTRY"), s.staff.COURT.officer.address);
    await expect(
      s.estate.connect(s.staff.REGISTRY.officer).executeDepositRelease(sold.caseId, releaseCaseId, doc("paid")),
    )
      .to.emit(s.estate, "DepositReleased")
      .withArgs(sold.caseId, TO_SELLER, doc("paid"), s.staff.REGISTRY.officer.address);
    expect(await s.workflow.caseStatus(releaseCaseId)).to.equal(CaseStatus.Consumed);
    expect((await s.estate.depositOf(sold.caseId)).state).to.equal(TO_SELLER);
    // Released once: neither the registrar again nor the bank, reactivated, releases it a second time.
    await expect(
      s.estate.connect(s.staff.REGISTRY.officer).executeDepositRelease(sold.caseId, releaseCaseId, doc("again")),
    )
      .to.be.revertedWithCustomError(s.estate, "EstateDepositAlreadyReleased")
      .withArgs(sold.caseId, TO_SELLER);
    await deactivate(s, true);
    await expect(bank.releaseDeposit(sold.caseId, doc("again")))
      .to.be.revertedWithCustomError(s.estate, "EstateDepositAlreadyReleased")
      .withArgs(sold.caseId, TO_SELLER);
  });

  it("returns the funds to the buyer when the sale was withdrawn; waits while the sale is pending", async function () {
    const s = await deployed();
    const sold = await sale(s, 2);
    await deactivate(s);
    const releaseCaseId = await approvedRelease(s, sold.caseId);
    const registrar = s.estate.connect(s.staff.REGISTRY.officer);
    // The sale is still open: no direction yet, the release case stays approved (not consumed).
    await expect(registrar.executeDepositRelease(sold.caseId, releaseCaseId, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "EstateTransferPending")
      .withArgs(sold.caseId, 1n);
    expect(await s.workflow.caseStatus(releaseCaseId)).to.equal(CaseStatus.Approved);
    expect((await s.estate.depositOf(sold.caseId)).state).to.equal(HELD);
    await (
      await s.propertyRegistry.connect(s.staff.REGISTRY.officer).withdrawCase(sold.caseId, "buyer withdrew")
    ).wait();
    await expect(registrar.executeDepositRelease(sold.caseId, releaseCaseId, doc("refund")))
      .to.emit(s.estate, "DepositReleased")
      .withArgs(sold.caseId, TO_BUYER, doc("refund"), s.staff.REGISTRY.officer.address);
  });

  it("refuses the registrar's case while the bank is active, and a release case of another deposit", async function () {
    const s = await deployed();
    const first = await sale(s, 3);
    const second = await sale(s, 4);
    const registrar = s.estate.connect(s.staff.REGISTRY.officer);
    await expect(registrar.openDepositRelease(first.caseId, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "EstateDepositBankActive")
      .withArgs(first.caseId, ICBC);
    await expect(registrar.openDepositRelease(999n, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "EstateUnknownDeposit")
      .withArgs(999n);
    await deactivate(s);
    const releaseOfFirst = await approvedRelease(s, first.caseId);
    await (
      await s.propertyRegistry.connect(s.staff.REGISTRY.officer).withdrawCase(second.caseId, "buyer withdrew")
    ).wait();
    await expect(registrar.executeDepositRelease(second.caseId, releaseOfFirst, doc("x")))
      .to.be.revertedWithCustomError(s.estate, "EstateReleaseCaseMismatch")
      .withArgs(releaseOfFirst, second.caseId);
    expect((await s.estate.depositOf(second.caseId)).state).to.equal(HELD);
    // Not approved yet: the workflow refuses to consume it.
    await (await registrar.openDepositRelease(second.caseId, doc("bank closed"))).wait();
    const pending = await s.workflow.caseCount();
    await expect(registrar.executeDepositRelease(second.caseId, pending, doc("x"))).to.be.revertedWithCustomError(
      s.workflow,
      "WorkflowInvalidStatus",
    );
  });
});
