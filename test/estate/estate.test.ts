import { expect } from "chai";
import { AbiCoder, decodeBytes32String, id, keccak256 } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { encodeUnitNumber } from "../../sdk/index.js";
import { b32, deployEstate, doc, hashTitle, sole, unitNo, type EstateSuite } from "./fixture.js";

const SALE = 1;
const HELD = 1n;
const TO_SELLER = 2n;
const TO_BUYER = 3n;
const [WATER, POWER, GAS, HEATING] = [0, 1, 2, 3];
const [ACCEPTED, ASSESSED, RETURNED] = [1, 2, 3];
const ICBC = b32("BANK_ICBC");

/** A registered unit (Li) and an open sale to Zhao; resolves to what the estate calls need. */
async function openSale(s: EstateSuite, n: number) {
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
  return {
    unitNumber,
    unit: encodeUnitNumber(unitNumber),
    caseId: opened.caseId,
    fromVersion: opened.fromVersion,
    next: hashTitle(sole("zhao")),
  };
}

/** The Beijing departments of the sale's stages approve it (PSB, HOUSING, then TAX). */
async function approve(
  s: EstateSuite,
  caseId: bigint,
  departments: readonly ("PSB" | "HOUSING" | "TAX")[] = ["PSB", "HOUSING", "TAX"],
) {
  for (const d of departments) {
    await (await s.workflow.connect(s.staff[d].officer).approve(caseId, b32(d), doc(`${d} ok`))).wait();
  }
}

async function execute(s: EstateSuite, sale: Awaited<ReturnType<typeof openSale>>) {
  await (
    await s.property.executeTransfer({
      unitNumber: sale.unitNumber,
      caseId: sale.caseId,
      kind: "sale",
      to: sole("zhao"),
    })
  ).wait();
}

async function recordDeposit(
  s: EstateSuite,
  sale: Awaited<ReturnType<typeof openSale>>,
  bank = ICBC,
  officer = s.staff.BANK_ICBC.officer,
) {
  return s.estate.connect(officer).recordDeposit(sale.caseId, sale.unit, SALE, sale.next, bank, 3, doc("agreement"));
}

describe("Real-estate deposits, utility account transfers and tax audits (issue 16, section 4)", function () {
  let connection: NetworkConnection;
  const estateFixture = () => deployEstate(connection);
  const deployed = () => connection.networkHelpers.loadFixture(estateFixture);
  before(async function () {
    connection = await network.create();
  });

  describe("deposits (transaction-funds supervision)", function () {
    it("the bank releases the buyer's funds to the seller only after the transfer executed, once", async function () {
      const s = await deployed();
      const sale = await openSale(s, 1);
      await (await recordDeposit(s, sale)).wait();
      const bank = s.estate.connect(s.staff.BANK_ICBC.officer);
      expect((await s.estate.depositOf(sale.caseId)).state).to.equal(HELD);
      // Before the transfer (open, then approved but not executed): refused, nothing changes.
      await expect(bank.releaseDeposit(sale.caseId, doc("pay")))
        .to.be.revertedWithCustomError(s.estate, "EstateTransferPending")
        .withArgs(sale.caseId, 1n);
      await approve(s, sale.caseId);
      await expect(bank.releaseDeposit(sale.caseId, doc("pay")))
        .to.be.revertedWithCustomError(s.estate, "EstateTransferPending")
        .withArgs(sale.caseId, 3n);
      expect((await s.estate.depositOf(sale.caseId)).state).to.equal(HELD);
      await execute(s, sale);
      await expect(bank.releaseDeposit(sale.caseId, doc("pay")))
        .to.emit(s.estate, "DepositReleased")
        .withArgs(sale.caseId, TO_SELLER, doc("pay"), s.staff.BANK_ICBC.officer.address);
      // A second release: refused, the first stays.
      await expect(bank.releaseDeposit(sale.caseId, doc("again")))
        .to.be.revertedWithCustomError(s.estate, "EstateDepositAlreadyReleased")
        .withArgs(sale.caseId, TO_SELLER);
      expect((await s.estate.depositOf(sale.caseId)).state).to.equal(TO_SELLER);
      // An executed case takes no new deposit.
      await expect(
        recordDeposit(s, sale, b32("BANK_CCB"), s.extra.BANK_CCB.officer as never),
      ).to.be.revertedWithCustomError(s.estate, "EstateNotTransferCase");
    });

    it("returns the funds to the buyer when the case is withdrawn or rejected", async function () {
      const s = await deployed();
      const withdrawn = await openSale(s, 2);
      await (await recordDeposit(s, withdrawn)).wait();
      await (
        await s.propertyRegistry.connect(s.staff.REGISTRY.officer).withdrawCase(withdrawn.caseId, "buyer withdrew")
      ).wait();
      await expect(s.estate.connect(s.staff.BANK_ICBC.officer).releaseDeposit(withdrawn.caseId, doc("refund")))
        .to.emit(s.estate, "DepositReleased")
        .withArgs(withdrawn.caseId, TO_BUYER, doc("refund"), s.staff.BANK_ICBC.officer.address);

      const rejected = await openSale(s, 3);
      await (await recordDeposit(s, rejected, b32("BANK_CCB"), s.extra.BANK_CCB.officer as never)).wait();
      await (
        await s.workflow
          .connect(s.staff.PSB.officer)
          .reject(rejected.caseId, b32("PSB"), "seller not the owner", doc("r"))
      ).wait();
      // Only the deposit's bank releases it.
      await expect(s.estate.connect(s.staff.BANK_ICBC.officer).releaseDeposit(rejected.caseId, doc("refund")))
        .to.be.revertedWithCustomError(s.estate, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(b32("BANK_CCB"), s.staff.BANK_ICBC.officer.address);
      await (
        await s.estate.connect(s.extra.BANK_CCB.officer as never).releaseDeposit(rejected.caseId, doc("refund"))
      ).wait();
      expect((await s.estate.depositOf(rejected.caseId)).state).to.equal(TO_BUYER);
    });

    it("refuses a deactivated bank, a department that is not a bank, a case of another unit, a second deposit", async function () {
      const s = await deployed();
      const sale = await openSale(s, 4);
      // The registrar is not a bank.
      await expect(recordDeposit(s, sale, b32("REGISTRY"), s.staff.REGISTRY.officer))
        .to.be.revertedWithCustomError(s.estate, "EstateNotBank")
        .withArgs(b32("REGISTRY"));
      // The case is not this unit's transfer (another unit), nor to this title.
      const other = { ...sale, unit: encodeUnitNumber(unitNo(99)) };
      await (
        await s.property.registerUnit({
          unitNumber: unitNo(99),
          parcelRef: doc("p"),
          usage: 1,
          area: 1n,
          documentHash: doc("r"),
          title: sole("li"),
        })
      ).wait();
      await expect(recordDeposit(s, other)).to.be.revertedWithCustomError(s.estate, "EstateNotTransferCase");
      await expect(recordDeposit(s, { ...sale, next: hashTitle(sole("qian")) })).to.be.revertedWithCustomError(
        s.estate,
        "EstateNotTransferCase",
      );
      await (await recordDeposit(s, sale)).wait();
      await expect(recordDeposit(s, sale))
        .to.be.revertedWithCustomError(s.estate, "EstateDepositExists")
        .withArgs(sale.caseId, ICBC);
      // The bank is deactivated: its officers can neither record nor release; the deposit stays held.
      await (await s.access.deactivateDepartment("BANK_ICBC")).wait();
      await (
        await s.propertyRegistry.connect(s.staff.REGISTRY.officer).withdrawCase(sale.caseId, "bank closed")
      ).wait();
      await expect(s.estate.connect(s.staff.BANK_ICBC.officer).releaseDeposit(sale.caseId, doc("refund")))
        .to.be.revertedWithCustomError(s.estate, "DepartmentGatedInactiveDepartment")
        .withArgs(ICBC, s.staff.BANK_ICBC.officer.address);
      expect((await s.estate.depositOf(sale.caseId)).state).to.equal(HELD);
      const later = await openSale(s, 5);
      await expect(recordDeposit(s, later)).to.be.revertedWithCustomError(
        s.estate,
        "DepartmentGatedInactiveDepartment",
      );
      // Reactivated (the directory tells this contract): its officers release again.
      await (await s.access.reactivateDepartment("BANK_ICBC")).wait();
      await (await s.estate.connect(s.staff.BANK_ICBC.officer).releaseDeposit(sale.caseId, doc("refund"))).wait();
      expect((await s.estate.depositOf(sale.caseId)).state).to.equal(TO_BUYER);
    });
  });

  describe("utility account transfers", function () {
    it("opens a step per provider once the transfer executed; each provider confirms only its own step", async function () {
      const s = await deployed();
      const { water, power, gas, otherWater } = s.providers;
      const sale = await openSale(s, 10);
      const providers = [water.address, power.address, gas.address, "0x0000000000000000000000000000000000000000"];
      const registrar = s.estate.connect(s.staff.REGISTRY.officer);
      const open = () =>
        registrar.openUtilitySteps(sale.caseId, sale.unit, SALE, sale.fromVersion, sale.next, providers as never);
      // Not before the transfer executed.
      await expect(open()).to.be.revertedWithCustomError(s.estate, "EstateCaseStatus").withArgs(sale.caseId, 1n);
      await approve(s, sale.caseId);
      await execute(s, sale);
      // Only the registrar opens them.
      await expect(
        s.estate
          .connect(s.staff.TAX.officer)
          .openUtilitySteps(sale.caseId, sale.unit, SALE, sale.fromVersion, sale.next, providers as never),
      ).to.be.revertedWithCustomError(s.estate, "DepartmentGatedUnauthorizedOfficer");
      await expect(open()).to.emit(s.estate, "UtilityStepsOpened");
      await expect(open()).to.be.revertedWithCustomError(s.estate, "EstateStepsExist");

      // Another provider (the power company, or a second water company) cannot confirm the water step.
      await expect(s.estate.connect(power).confirmUtilityStep(sale.caseId, WATER, doc("settled")))
        .to.be.revertedWithCustomError(s.estate, "EstateNotStepProvider")
        .withArgs(sale.caseId, WATER, water.address, power.address);
      await expect(
        s.estate.connect(otherWater).confirmUtilityStep(sale.caseId, WATER, doc("settled")),
      ).to.be.revertedWithCustomError(s.estate, "EstateNotStepProvider");
      expect((await s.estate.utilitySteps(sale.caseId))[WATER].doneAt).to.equal(0n);
      // No heating step was opened.
      await expect(s.estate.connect(water).confirmUtilityStep(sale.caseId, HEATING, doc("settled")))
        .to.be.revertedWithCustomError(s.estate, "EstateUnknownStep")
        .withArgs(sale.caseId, HEATING);

      await expect(s.estate.connect(water).confirmUtilityStep(sale.caseId, WATER, doc("water settled")))
        .to.emit(s.estate, "UtilityStepConfirmed")
        .withArgs(sale.caseId, WATER, water.address, doc("water settled"));
      await expect(
        s.estate.connect(water).confirmUtilityStep(sale.caseId, WATER, doc("again")),
      ).to.be.revertedWithCustomError(s.estate, "EstateStepAlreadyConfirmed");
      // A provider whose accreditation was revoked cannot confirm.
      await (
        await s.participantRegistry
          .connect(s.extra.CITYMGMT.officer)
          .revokeAccreditation(b32("GAS_PROVIDER"), gas.address, b32("LICENCE"))
      ).wait();
      await expect(s.estate.connect(gas).confirmUtilityStep(sale.caseId, GAS, doc("settled")))
        .to.be.revertedWithCustomError(s.estate, "EstateProviderNotAccredited")
        .withArgs(GAS, gas.address);
      await (await s.estate.connect(power).confirmUtilityStep(sale.caseId, POWER, doc("power settled"))).wait();

      // The new owner sees which are done.
      const steps = await s.estate.utilitySteps(sale.caseId);
      expect(steps.map((st) => st.doneAt > 0n)).to.deep.equal([true, true, false, false]);
      expect(steps[HEATING].provider).to.equal("0x0000000000000000000000000000000000000000");
    });

    it("stops every provider's confirmation while their accrediting department (CITYMGMT) is deactivated", async function () {
      const s = await deployed();
      const sale = await openSale(s, 12);
      await approve(s, sale.caseId);
      await execute(s, sale);
      const { water } = s.providers;
      await (
        await s.estate
          .connect(s.staff.REGISTRY.officer)
          .openUtilitySteps(sale.caseId, sale.unit, SALE, sale.fromVersion, sale.next, [
            water.address,
            "0x0000000000000000000000000000000000000000",
            "0x0000000000000000000000000000000000000000",
            "0x0000000000000000000000000000000000000000",
          ])
      ).wait();
      await (await s.access.deactivateDepartment("CITYMGMT")).wait();
      await expect(s.estate.connect(water).confirmUtilityStep(sale.caseId, WATER, doc("settled")))
        .to.be.revertedWithCustomError(s.estate, "EstateProviderNotAccredited")
        .withArgs(WATER, water.address);
      expect((await s.estate.utilitySteps(sale.caseId))[WATER].doneAt).to.equal(0n);
    });

    it("refuses a provider not accredited in the utility's role at opening", async function () {
      const s = await deployed();
      const sale = await openSale(s, 11);
      await approve(s, sale.caseId);
      await execute(s, sale);
      const { water, power } = s.providers;
      // The power company named as the water provider.
      await expect(
        s.estate
          .connect(s.staff.REGISTRY.officer)
          .openUtilitySteps(sale.caseId, sale.unit, SALE, sale.fromVersion, sale.next, [
            power.address,
            power.address,
            water.address,
            water.address,
          ]),
      )
        .to.be.revertedWithCustomError(s.estate, "EstateProviderNotAccredited")
        .withArgs(WATER, power.address);
    });
  });

  describe("tax audits", function () {
    it("TAX audits the declared price, returns the case with a reason, audits the resubmission, and the audits stay on record", async function () {
      const s = await deployed();
      const sale = await openSale(s, 20);
      await approve(s, sale.caseId, ["PSB", "HOUSING"]);
      const tax = s.estate.connect(s.staff.TAX.officer);
      const audit = (result: number, reason = b32("")) =>
        tax.recordAudit(sale.caseId, sale.unit, SALE, sale.next, doc("declared"), doc("reference"), result, reason);
      // A Returned audit needs the case returned in the workflow first.
      await expect(audit(RETURNED, b32("PRICE_BELOW_REFERENCE")))
        .to.be.revertedWithCustomError(s.estate, "EstateAuditStatus")
        .withArgs(sale.caseId, RETURNED, 1n);
      await (
        await s.workflow
          .connect(s.staff.TAX.officer)
          .returnCase(sale.caseId, b32("TAX"), "declared price below the assessed reference", doc("audit 1"))
      ).wait();
      await expect(audit(RETURNED, b32("PRICE_BELOW_REFERENCE")))
        .to.emit(s.estate, "TaxAuditRecorded")
        .withArgs(
          sale.unit,
          sale.caseId,
          RETURNED,
          doc("declared"),
          doc("reference"),
          b32("PRICE_BELOW_REFERENCE"),
          s.staff.TAX.officer.address,
        );
      // Only TAX audits.
      await expect(
        s.estate
          .connect(s.staff.PSB.officer)
          .recordAudit(sale.caseId, sale.unit, SALE, sale.next, doc("d"), doc("r"), ASSESSED, b32("")),
      ).to.be.revertedWithCustomError(s.estate, "DepartmentGatedUnauthorizedOfficer");
      await (
        await s.propertyRegistry
          .connect(s.staff.REGISTRY.officer)
          .resubmitCase(sale.caseId, doc("corrected declaration"))
      ).wait();
      await (await audit(ASSESSED)).wait();
      const last = await s.estate.auditOf(sale.caseId);
      expect([last.result, last.count]).to.deep.equal([BigInt(ASSESSED), 2n]);
      await approve(s, sale.caseId, ["TAX"]);
      // Once approved, no new audit.
      await expect(audit(ACCEPTED)).to.be.revertedWithCustomError(s.estate, "EstateAuditStatus");
      await execute(s, sale);
      expect(decodeBytes32String((await s.estate.config()).auditor)).to.equal("TAX");
    });
  });

  it("names the register's case by the register's own subject rule (unit, version, kind, next title)", async function () {
    const s = await deployed();
    const sale = await openSale(s, 30);
    const subject = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["bytes32", "address", "bytes32", "uint32", "uint8", "bytes32"],
        [
          id("govchain.property.transfer"),
          await s.propertyRegistry.getAddress(),
          sale.unit,
          sale.fromVersion,
          SALE,
          sale.next,
        ],
      ),
    );
    expect((await s.workflow.getCase(sale.caseId)).subject).to.equal(subject);
    await expect(recordDeposit(s, sale)).to.emit(s.estate, "DepositRecorded");
  });
});
