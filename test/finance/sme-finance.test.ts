import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { outcomeCommitment, outcomeMatches } from "../../sdk/index.js";
import {
  code,
  deployFinanceSuite,
  grantWithConsent,
  recordEnterpriseConsent,
  registerDataset,
  type FinanceSuite,
} from "./fixture.js";

/** Issue 16 §3: Haidian District Finance Platform for SMEs, with Beijing's departments. */
describe("SME finance (services/sme-finance.json)", function () {
  let connection: NetworkConnection;
  const suite = () => deployFinanceSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  const now = async () => BigInt(await connection.networkHelpers.time.latest());
  before(async function () {
    connection = await network.create();
  });

  const RECEIVABLE = id("e-invoice 011002300111 / 00091234 (receivable from a state-owned buyer)");

  /** The enterprise's representative signs a loan with `lender`; the lender's officer records it. */
  async function loanWith(s: FinanceSuite, lender: "BANK_ICBC" | "BANK_CCB", collateral = RECEIVABLE) {
    const officer = lender === "BANK_ICBC" ? s.staff.BANK_ICBC.officer : s.more.BANK_CCB.officer;
    const signed = await s.finance.signLoan(s.representative, {
      enterprise: s.enterprise,
      lender,
      contractHash: id(`${lender} loan contract ${await now()}`),
      amountBand: 2,
      termMonths: 12,
      collateralKind: "receivable",
      collateral,
    });
    const loanId = await (await s.finance.connectAs(officer).recordLoan(signed)).wait();
    return { loanId, officer, signed };
  }

  it("a lender reads tax, social-insurance and utility standing for a purpose and a period; the enterprise sees every read", async function () {
    const s = await deployed();
    const lending = s.city.lending!;
    const owners = { TAX: s.staff.TAX.officer, HRSS: s.more.HRSS.officer, CITYMGMT: s.more.CITYMGMT.officer } as const;
    const expiresAt = (await now()) + 30n * 86_400n;
    const consentId = await recordEnterpriseConsent(
      s,
      "BANK_CCB",
      s.more.BANK_CCB.officer,
      lending.creditPurpose,
      expiresAt,
    );
    const grants: bigint[] = [];
    for (const d of lending.datasets) {
      const owner = owners[d.owner as keyof typeof owners];
      const dataset = await registerDataset(s, d.name, owner, d.owner);
      grants.push(
        await grantWithConsent(
          s,
          dataset,
          "BANK_CCB",
          s.more.BANK_CCB.officer,
          owner,
          lending.creditPurpose,
          consentId,
        ),
      );
    }
    for (const [i, grantId] of grants.entries()) {
      await (
        await s.receiptLog.connect(s.more.BANK_CCB.officer).recordReceipt(grantId, id(`q${i}`), id(`r${i}`))
      ).wait();
    }
    const seen = await s.finance.lenderAccesses(s.exchangeAddresses, s.enterprise);
    expect(seen.map((a) => a.grantId)).to.deep.equal(grants);
    expect(new Set(seen.map((a) => a.grantee))).to.deep.equal(new Set([code("BANK_CCB")]));
    // Past the authorised period the lender's read is refused, and no receipt is added.
    await connection.networkHelpers.time.increaseTo(expiresAt);
    await expect(
      s.receiptLog.connect(s.more.BANK_CCB.officer).recordReceipt(grants[0], id("late"), id("late")),
    ).to.be.revert(connection.ethers);
    expect(await s.exchangeContract.isGrantLive(grants[0])).to.equal(false);
    expect(await s.finance.lenderAccesses(s.exchangeAddresses, s.enterprise)).to.have.length(3);
  });

  it("records loans as facts both sides signed; a receivable is pledged once, again only after release", async function () {
    const s = await deployed();
    const icbc = await loanWith(s, "BANK_ICBC");
    await (await s.finance.connectAs(icbc.officer).pledge(icbc.loanId, RECEIVABLE)).wait();
    expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(icbc.loanId);
    const loan = await s.lending.loan(icbc.loanId);
    expect([loan.enterprise, loan.lender, loan.amountBand, loan.termMonths]).to.deep.equal([
      s.enterprise,
      code("BANK_ICBC"),
      2n,
      12n,
    ]);
    // The same receivable offered to CCB: the loan can be signed, the pledge is refused while ICBC holds it.
    const ccb = await loanWith(s, "BANK_CCB");
    await expect(s.lending.connect(ccb.officer).pledge(ccb.loanId, RECEIVABLE))
      .to.be.revertedWithCustomError(s.lending, "LendingRegistryAlreadyPledged")
      .withArgs(RECEIVABLE, icbc.loanId);
    expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(icbc.loanId);
    const repaid = outcomeCommitment(icbc.loanId, "REPAID");
    await (await s.lending.connect(icbc.officer).closeLoan(icbc.loanId, repaid.commitment)).wait();
    await (await s.lending.connect(ccb.officer).pledge(ccb.loanId, RECEIVABLE)).wait();
    expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(ccb.loanId);
  });

  it("a default is disclosed to another lender only with the enterprise's prior consent or a recorded legal basis", async function () {
    const s = await deployed();
    const lending = s.city.lending!;
    const { loanId, officer } = await loanWith(s, "BANK_ICBC");
    const defaulted = outcomeCommitment(loanId, "DEFAULTED");
    await (await s.lending.connect(officer).closeLoan(loanId, defaulted.commitment)).wait();
    // Readers of the chain see a commitment, not the outcome.
    expect((await s.lending.loan(loanId)).outcome).to.equal(defaulted.commitment);
    await expect(
      s.lending.connect(officer).discloseOutcome(loanId, code("BANK_CCB"), 0, id("no basis")),
    ).to.be.revertedWithCustomError(s.lending, "LendingRegistryNoDisclosureBasis");
    await expect(
      s.lending.connect(officer).discloseOutcome(loanId, code("BANK_CCB"), 0, "0x" + "00".repeat(32)),
    ).to.be.revertedWithCustomError(s.lending, "LendingRegistryNoDisclosureBasis");
    // A consent for another purpose does not back it.
    const wrong = await recordEnterpriseConsent(
      s,
      "BANK_CCB",
      s.more.BANK_CCB.officer,
      lending.creditPurpose,
      (await now()) + 86_400n,
    );
    await expect(
      s.lending.connect(officer).discloseOutcome(loanId, code("BANK_CCB"), wrong, "0x" + "00".repeat(32)),
    ).to.be.revertedWithCustomError(s.lending, "LendingRegistryNoDisclosureBasis");
    const consentId = await recordEnterpriseConsent(
      s,
      "BANK_CCB",
      s.more.BANK_CCB.officer,
      lending.disclosurePurpose,
      (await now()) + 86_400n,
    );
    await expect(
      s.lending.connect(officer).discloseOutcome(loanId, code("BANK_CCB"), consentId, "0x" + "00".repeat(32)),
    ).to.emit(s.lending, "OutcomeDisclosed");
    expect(outcomeMatches(loanId, defaulted.commitment, "DEFAULTED", defaulted.salt)).to.equal(true);
    expect(outcomeMatches(loanId, defaulted.commitment, "REPAID", defaulted.salt)).to.equal(false);
    // A legal basis recorded by COURT (and only COURT) backs disclosure to a lender the enterprise never consented to.
    const basis = id("Haidian court ruling (2026) Jing 0108 Min Chu 1234");
    await expect(
      s.lending.connect(s.staff.BANK_ICBC.officer).recordLegalBasis(s.enterprise, basis),
    ).to.be.revertedWithCustomError(s.lending, "DepartmentGatedUnauthorizedOfficer");
    await (await s.lending.connect(s.staff.COURT.officer).recordLegalBasis(s.enterprise, basis)).wait();
    await expect(s.lending.connect(officer).discloseOutcome(loanId, code("HAIDIAN_SME_GUARANTEE"), 0, basis)).to.emit(
      s.lending,
      "OutcomeDisclosed",
    );
  });

  it("a deactivated bank, or an officer it revoked, can no longer pledge or close", async function () {
    const s = await deployed();
    const { loanId, officer } = await loanWith(s, "BANK_ICBC");
    await (await s.directory.connect(s.operator).setDepartmentActive(code("BANK_ICBC"), false)).wait();
    await expect(s.lending.connect(officer).pledge(loanId, RECEIVABLE))
      .to.be.revertedWithCustomError(s.lending, "DepartmentGatedInactiveDepartment")
      .withArgs(code("BANK_ICBC"), officer.address);
    await expect(s.lending.connect(officer).closeLoan(loanId, id("x"))).to.be.revertedWithCustomError(
      s.lending,
      "DepartmentGatedInactiveDepartment",
    );
    await (await s.directory.connect(s.operator).setDepartmentActive(code("BANK_ICBC"), true)).wait();
    await (await s.directory.connect(s.staff.BANK_ICBC.admin).revokeOfficer(code("BANK_ICBC"), officer.address)).wait();
    await expect(s.lending.connect(officer).pledge(loanId, RECEIVABLE)).to.be.revertedWithCustomError(
      s.lending,
      "DepartmentGatedUnauthorizedOfficer",
    );
    expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(0n);
  });

  it("a lender that is not a bank lends as an accredited participant, and stops when FINREG revokes it", async function () {
    const s = await deployed();
    const lender = await s.fresh();
    const role = code(s.city.lending!.lenderRole);
    await (
      await s.participantRegistry
        .connect(s.more.FINREG.officer)
        .accredit(role, lender.address, 0, 0, "Haidian SME micro-lender")
    ).wait();
    const signed = await s.finance.signLoan(s.representative, {
      enterprise: s.enterprise,
      lender: lender.address,
      contractHash: id("micro-loan"),
      amountBand: 1,
      termMonths: 6,
      collateralKind: "receivable",
      collateral: RECEIVABLE,
    });
    // Another account cannot record it in the participant's name.
    await expect(
      s.lending.connect(s.stranger).recordLoan(signed.terms, signed.nonce, signed.deadline, signed.signature),
    ).to.be.revertedWithCustomError(s.lending, "LendingRegistryUnauthorizedLender");
    const loanId = await (await s.finance.connectAs(lender).recordLoan(signed)).wait();
    expect((await s.lending.loan(loanId)).lender).to.equal(
      "0x" + lender.address.slice(2).toLowerCase().padStart(64, "0"),
    );
    await (
      await s.participantRegistry
        .connect(s.more.FINREG.officer)
        .revokeAccreditation(role, lender.address, code("LICENCE_WITHDRAWN"))
    ).wait();
    await expect(s.lending.connect(lender).pledge(loanId, RECEIVABLE)).to.be.revertedWithCustomError(
      s.lending,
      "LendingRegistryUnauthorizedLender",
    );
    expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(0n);
  });

  describe("bad input: custom errors, nothing changed", function () {
    it("a second pledge, a pledge by another key, a pledge of a receivable the enterprise did not agree to", async function () {
      const s = await deployed();
      const { loanId, officer } = await loanWith(s, "BANK_ICBC");
      await expect(s.lending.connect(s.more.BANK_CCB.officer).pledge(loanId, RECEIVABLE)).to.be.revertedWithCustomError(
        s.lending,
        "DepartmentGatedUnauthorizedOfficer",
      );
      await expect(s.lending.connect(officer).pledge(loanId, id("another invoice"))).to.be.revertedWithCustomError(
        s.lending,
        "LendingRegistryNotLoanCollateral",
      );
      await (await s.lending.connect(officer).pledge(loanId, RECEIVABLE)).wait();
      await expect(s.lending.connect(officer).pledge(loanId, RECEIVABLE)).to.be.revertedWithCustomError(
        s.lending,
        "LendingRegistryAlreadyPledged",
      );
      expect(await s.lending.pledgedTo(RECEIVABLE)).to.equal(loanId);
    });

    it("a loan the representative did not sign, a replayed signature, a non-lender, a mortgage the registry never issued", async function () {
      const s = await deployed();
      const { signed, officer } = await loanWith(s, "BANK_ICBC");
      const count = await s.lending.loanCount();
      await expect(
        s.lending.connect(officer).recordLoan(signed.terms, signed.nonce, signed.deadline, signed.signature),
      ).to.be.revertedWithCustomError(s.lending, "LendingRegistryInvalidNonce");
      await expect(
        s.lending
          .connect(officer)
          .recordLoan({ ...signed.terms, amountBand: 5 }, 1n, signed.deadline, signed.signature),
      ).to.be.revertedWithCustomError(s.lending, "LendingRegistryInvalidSignature");
      const other = await s.finance.signLoan(s.representative, {
        enterprise: s.enterprise,
        lender: "BANK_ICBC",
        contractHash: id("c2"),
        amountBand: 1,
        termMonths: 6,
        collateralKind: "none",
      });
      await expect(
        s.lending.connect(s.staff.TAX.officer).recordLoan(other.terms, other.nonce, other.deadline, other.signature),
      ).to.be.revertedWithCustomError(s.lending, "DepartmentGatedUnauthorizedOfficer");
      await expect(
        s.lending
          .connect(s.stranger)
          .recordLoan(
            { ...other.terms, lender: "0x" + s.stranger.address.slice(2).padStart(64, "0") },
            other.nonce,
            other.deadline,
            other.signature,
          ),
      ).to.be.revertedWithCustomError(s.lending, "LendingRegistryUnauthorizedLender");
      const mortgage = await s.finance.signLoan(s.representative, {
        enterprise: s.enterprise,
        lender: "BANK_ICBC",
        contractHash: id("c3"),
        amountBand: 3,
        termMonths: 36,
        collateralKind: "propertyMortgage",
        collateral: id("no such mortgage"),
      });
      await expect(
        s.lending.connect(officer).recordLoan(mortgage.terms, mortgage.nonce, mortgage.deadline, mortgage.signature),
      ).to.be.revertedWithCustomError(s.lending, "LendingRegistryInvalidCollateral");
      expect(await s.lending.loanCount()).to.equal(count);
    });
  });
});
