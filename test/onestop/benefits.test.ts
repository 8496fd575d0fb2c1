import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { ConflictError, InvalidStateError } from "../../sdk/index.js";
import { code, deployOneStop, doc, evidence, person, type OneStopSuite } from "./fixture.js";

const OPEN = 1;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** A Haidian claim for `name` (December 2026, three months) on fresh evidence; approved unless told not to. */
async function claim(s: OneStopSuite, connection: NetworkConnection, name: string, approve = true) {
  const who = await person(connection, name);
  const { employmentGrant, insuranceGrant } = await evidence(s, who);
  const { caseId } = await (
    await s.benefits.openClaim({
      district: "HAIDIAN_HRSS",
      beneficiary: who.commitment,
      employmentGrant,
      insuranceGrant,
      firstPeriod: 202612,
      months: 3,
      documentHash: doc(`${name} claim`),
    })
  ).wait();
  if (approve) {
    await (
      await s.workflow.connect(s.district.HAIDIAN_HRSS.officer).approve(caseId, code("HAIDIAN_HRSS"), doc("eligible"))
    ).wait();
  }
  return { who, caseId, employmentGrant, insuranceGrant };
}

const pay = (s: OneStopSuite, caseId: bigint, department: string, period: number) => {
  const officer =
    department === "HRSS"
      ? s.district.HRSS.officer
      : s.district[department as "HAIDIAN_HRSS" | "CHAOYANG_HRSS"].officer;
  return s.benefitsContract
    .connect(officer)
    .recordPayment(caseId, code(department), period, 187_000n, id(`pay ${period}`));
};

describe("Unemployment benefits (Haidian; evidence through the exchange; one payment per month)", function () {
  let connection: NetworkConnection;
  const fixture = () => deployOneStop(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  it("approves a claim on consented evidence and records each month once, whichever office tries", async function () {
    const s = await deployed();
    const { who, caseId } = await claim(s, connection, "wang");
    const stored = await s.benefits.claim(caseId);
    expect(stored).to.deep.include({ district: "HAIDIAN_HRSS", firstPeriod: 202612, months: 3, active: false });
    expect(stored.beneficiary).to.equal(who.commitment);

    const first = await (
      await s.benefits.recordPayment({
        caseId,
        department: "HAIDIAN_HRSS",
        period: 202612,
        amountFen: 187_000n,
        paymentRef: id("pay 202612"),
      })
    ).wait();
    expect(first).to.deep.include({ period: 202612, department: "HAIDIAN_HRSS", amountFen: 187_000n });
    expect((await s.benefits.claim(caseId)).active).to.equal(true);
    expect(await s.workflow.caseStatus(caseId)).to.equal(7n); // consumed by the first payment

    // The municipal bureau (a payer) tries December again: refused, nothing recorded.
    const before = await s.benefitsContract.queryFilter(s.benefitsContract.filters.BenefitPaid());
    await expect(pay(s, caseId, "HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsAlreadyPaid")
      .withArgs(who.commitment, 202612, caseId);
    await expect(pay(s, caseId, "HAIDIAN_HRSS", 202612)).to.be.revertedWithCustomError(
      s.benefitsContract,
      "UnemploymentBenefitsAlreadyPaid",
    );
    const error = await rejection(
      s.benefits
        .connect(s.district.HRSS.officer)
        .recordPayment({ caseId, department: "HRSS", period: 202612, amountFen: 1n, paymentRef: id("again") }),
    );
    expect(error).to.be.instanceOf(ConflictError);
    expect(await s.benefitsContract.queryFilter(s.benefitsContract.filters.BenefitPaid())).to.have.length(
      before.length,
    );
    expect(await s.benefits.paidUnder(who.commitment, 202612)).to.equal(caseId);

    // January by the bureau, February by the district; March 2027 is outside the claim.
    await (await pay(s, caseId, "HRSS", 202701)).wait();
    await (await pay(s, caseId, "HAIDIAN_HRSS", 202702)).wait();
    await expect(pay(s, caseId, "HAIDIAN_HRSS", 202703))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsInvalidPeriod")
      .withArgs(202703);
    // Another district's office is no payer of a Haidian claim.
    await expect(pay(s, caseId, "CHAOYANG_HRSS", 202701))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsNotPayer")
      .withArgs(caseId, code("CHAOYANG_HRSS"));
  });

  it("never pays a month twice even under a second claim for the same beneficiary", async function () {
    const s = await deployed();
    const { who, caseId } = await claim(s, connection, "li");
    await (await pay(s, caseId, "HAIDIAN_HRSS", 202612)).wait();
    const { employmentGrant, insuranceGrant } = await evidence(s, who);
    const { caseId: second } = await (
      await s.benefits.openClaim({
        district: "HAIDIAN_HRSS",
        beneficiary: who.commitment,
        employmentGrant,
        insuranceGrant,
        firstPeriod: 202612,
        months: 1,
        documentHash: doc("second claim"),
      })
    ).wait();
    await (
      await s.workflow.connect(s.district.HAIDIAN_HRSS.officer).approve(second, code("HAIDIAN_HRSS"), doc("ok"))
    ).wait();
    await expect(pay(s, second, "HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsAlreadyPaid")
      .withArgs(who.commitment, 202612, caseId);
  });

  it("refuses a payment without an approved case, or for an unknown claim", async function () {
    const s = await deployed();
    const { who, caseId } = await claim(s, connection, "zhang", false);
    await expect(pay(s, caseId, "HAIDIAN_HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsCaseNotApproved")
      .withArgs(caseId, OPEN);
    const error = await rejection(
      s.benefits.recordPayment({
        caseId,
        department: "HAIDIAN_HRSS",
        period: 202612,
        amountFen: 1n,
        paymentRef: id("p"),
      }),
    );
    expect(error).to.be.instanceOf(InvalidStateError);
    expect(await s.benefits.paidUnder(who.commitment, 202612)).to.equal(0n);

    await (
      await s.workflow
        .connect(s.district.HAIDIAN_HRSS.officer)
        .reject(caseId, code("HAIDIAN_HRSS"), "still employed", doc("no"))
    ).wait();
    await expect(pay(s, caseId, "HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsCaseNotApproved")
      .withArgs(caseId, 4);
    await expect(pay(s, 999n, "HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsUnknownClaim")
      .withArgs(999n);
  });

  it("refuses evidence that is not the beneficiary's consented, live, own-district records", async function () {
    const s = await deployed();
    const who = await person(connection, "chen");
    const other = await person(connection, "liu");
    const mine = await evidence(s, who);
    const theirs = await evidence(s, other);
    const chaoyang = await evidence(s, who, "CHAOYANG_HRSS");
    const open = (employment: bigint, insurance: bigint) =>
      s.benefitsContract
        .connect(s.district.HAIDIAN_HRSS.officer)
        .openClaim(code("HAIDIAN_HRSS"), who.commitment, employment, insurance, 202612, 3, doc("claim"));

    await expect(open(theirs.employmentGrant, mine.insuranceGrant))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsConsentMismatch")
      .withArgs(theirs.employmentGrant, who.commitment);
    await expect(open(chaoyang.employmentGrant, mine.insuranceGrant)).to.be.revertedWithCustomError(
      s.benefitsContract,
      "UnemploymentBenefitsEvidenceMismatch",
    );
    // Datasets swapped: the insurance grant is no employment evidence.
    await expect(open(mine.insuranceGrant, mine.employmentGrant)).to.be.revertedWithCustomError(
      s.benefitsContract,
      "UnemploymentBenefitsEvidenceMismatch",
    );
    // The person withdraws consent: the grants resting on it stop, and so does the claim.
    const revocation = await s.exchange.signConsentRevocation(who.key, mine.consentId);
    await (await s.exchange.revokeConsent(revocation)).wait();
    await expect(open(mine.employmentGrant, mine.insuranceGrant))
      .to.be.revertedWithCustomError(s.benefitsContract, "UnemploymentBenefitsEvidenceNotLive")
      .withArgs(mine.employmentGrant);
  });

  it("refuses a deactivated district department, while the municipal payer still pays its approved claims", async function () {
    const s = await deployed();
    const { caseId } = await claim(s, connection, "zhao");
    const who = await person(connection, "sun");
    const { employmentGrant, insuranceGrant } = await evidence(s, who);
    await (await s.access.deactivateDepartment("HAIDIAN_HRSS")).wait();
    const officer = s.district.HAIDIAN_HRSS.officer;
    await expect(pay(s, caseId, "HAIDIAN_HRSS", 202612))
      .to.be.revertedWithCustomError(s.benefitsContract, "DepartmentGatedInactiveDepartment")
      .withArgs(code("HAIDIAN_HRSS"), officer.address);
    await expect(
      s.benefitsContract
        .connect(officer)
        .openClaim(code("HAIDIAN_HRSS"), who.commitment, employmentGrant, insuranceGrant, 202612, 3, doc("c")),
    )
      .to.be.revertedWithCustomError(s.benefitsContract, "DepartmentGatedInactiveDepartment")
      .withArgs(code("HAIDIAN_HRSS"), officer.address);
    await (await pay(s, caseId, "HRSS", 202612)).wait();
  });
});
