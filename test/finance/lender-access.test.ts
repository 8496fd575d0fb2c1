import { expect } from "chai";
import { id, ZeroHash, type ContractTransactionReceipt, type HDNodeWallet, type Wallet } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { ExchangeClient } from "../../sdk/index.js";
import type { LenderAccess } from "../../typechain-types/index.js";
import { code, deployFinanceSuite, registerDataset, type FinanceSuite } from "./fixture.js";

/**
 * Issue 16 §3, review gap 2: a lender that is a participant (LENDER role, accredited by FINREG), not a bank
 * department, reads the enterprise's tax, social-insurance and utility standing through the exchange exactly as a
 * bank's officer does: the enterprise's consent (to this lender), the owners' approval, a receipt per read, each
 * act refused once the lender's accreditation is revoked or expired. LenderAccess is FINREG's officer (the desk).
 */
describe("SME finance: participant lenders read through the exchange (LenderAccess)", function () {
  let connection: NetworkConnection;
  const now = async () => BigInt(await connection.networkHelpers.time.latest());
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  async function fixture() {
    const s = await deployFinanceSuite(connection);
    const gateway = (await connection.ethers.getContractAt(
      "LenderAccess",
      (s.manifest.contracts as unknown as Record<string, { proxy: string }>).LenderAccess.proxy,
    )) as unknown as LenderAccess;
    // FINREG's admin staffs the contract as the desk's officer (as it would a person).
    await (await s.access.connect(s.more.FINREG.admin).grantOfficer("FINREG", await gateway.getAddress())).wait();
    const owners = { TAX: s.staff.TAX.officer, HRSS: s.more.HRSS.officer, CITYMGMT: s.more.CITYMGMT.officer } as const;
    const datasets: { dataset: string; owner: (typeof owners)[keyof typeof owners] }[] = [];
    for (const d of s.city.lending!.datasets) {
      const owner = owners[d.owner as keyof typeof owners];
      datasets.push({ dataset: await registerDataset(s, d.name, owner, d.owner), owner });
    }
    const lender = await s.fresh();
    const other = await s.fresh();
    for (const who of [lender, other]) await accredit(s, who, 0n);
    return { ...s, gateway, datasets, lender, other };
  }
  type Suite = Awaited<ReturnType<typeof fixture>>;
  before(async function () {
    connection = await network.create();
  });

  const consentIdOf = (s: Suite, receipt: ContractTransactionReceipt): bigint =>
    receipt.logs.map((l) => s.gateway.interface.parseLog(l)).find((p) => p?.name === "LenderConsentRecorded")!.args
      .consentId as bigint;
  const role = (s: FinanceSuite) => code(s.city.lending!.lenderRole);
  async function accredit(s: FinanceSuite, who: Wallet | HDNodeWallet, validUntil: bigint) {
    await (
      await s.participantRegistry.connect(s.more.FINREG.officer).accredit(role(s), who.address, 0, validUntil, "micro")
    ).wait();
  }

  /** The enterprise's representative signs a consent to `lender` (the desk, the lender's purpose). */
  async function signedConsent(s: Suite, lender: Wallet | HDNodeWallet, expiresAt: bigint) {
    return new ExchangeClient(s.exchangeAddresses, lender).signConsent(s.representative, {
      department: "FINREG",
      subject: s.enterprise,
      purpose: await s.gateway.purposeOf(lender.address),
      signer: s.representative.address,
      expiresAt,
    });
  }

  /** Consent recorded, every standing dataset requested and approved by its owner: the grant ids. */
  async function granted(s: Suite, lender: Wallet | HDNodeWallet, expiresAt: bigint) {
    const signed = await signedConsent(s, lender, expiresAt);
    const gateway = s.gateway.connect(lender);
    const receipt = await (
      await gateway.recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature)
    ).wait();
    const consentId = consentIdOf(s, receipt!);
    const grants: bigint[] = [];
    for (const { dataset, owner } of s.datasets) {
      await (await gateway.requestAccess(dataset, id("standing fields"), 30n * 86_400n, consentId)).wait();
      const grantId = await s.exchangeContract.requestCount();
      await (await s.exchangeContract.connect(owner).approveRequest(grantId, ZeroHash, 0)).wait();
      grants.push(grantId);
    }
    return { consentId, grants };
  }

  it("reads tax, social-insurance and utility standing with the enterprise's consent; every read is receipted and visible", async function () {
    const s = await deployed();
    const { consentId, grants } = await granted(s, s.lender, (await now()) + 30n * 86_400n);
    expect((await s.exchangeContract.consent(consentId)).department).to.equal(code("FINREG"));
    for (const [i, grantId] of grants.entries()) {
      await expect(s.gateway.connect(s.lender).recordReceipt(grantId, id(`q${i}`), id(`r${i}`)))
        .to.emit(s.gateway, "LenderRead")
        .withArgs(grantId, s.lender.address, id(`q${i}`), id(`r${i}`));
    }
    // The enterprise sees every read (the exchange's view of its consents and receipts) and which lender read.
    const seen = await s.finance.lenderAccesses(s.exchangeAddresses, s.enterprise);
    expect(seen.map((a) => a.grantId)).to.deep.equal(grants);
    const reads = await s.gateway.queryFilter(s.gateway.filters.LenderRead(undefined, s.lender.address));
    expect(reads.map((e) => e.args.grantId)).to.deep.equal(grants);
  });

  it("keeps lenders apart: no lender records, uses or reads on another lender's consent or grant", async function () {
    const s = await deployed();
    const { consentId, grants } = await granted(s, s.lender, (await now()) + 30n * 86_400n);
    // A consent signed for the lender, recorded by the other lender: refused.
    const forLender = await signedConsent(s, s.lender, (await now()) + 86_400n);
    await expect(
      s.gateway
        .connect(s.other)
        .recordConsent(forLender.terms, forLender.nonce, forLender.deadline, forLender.signature),
    )
      .to.be.revertedWithCustomError(s.gateway, "LenderAccessWrongConsentTerms")
      .withArgs(
        code("FINREG"),
        await s.gateway.purposeOf(s.lender.address),
        await s.gateway.purposeOf(s.other.address),
      );
    // The lender's consent does not back the other's request (the exchange: another purpose).
    await expect(
      s.gateway.connect(s.other).requestAccess(s.datasets[0].dataset, id("fields"), 86_400n, consentId),
    ).to.be.revertedWithCustomError(s.exchangeContract, "DataExchangeConsentMismatch");
    await expect(s.gateway.connect(s.other).recordReceipt(grants[0], id("q"), id("r")))
      .to.be.revertedWithCustomError(s.gateway, "LenderAccessNotGrantLender")
      .withArgs(grants[0], s.other.address);
    // And nobody reads through the desk without being an accredited lender.
    await expect(s.gateway.connect(s.stranger).recordReceipt(grants[0], id("q"), id("r")))
      .to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited")
      .withArgs(role(s), s.stranger.address);
  });

  it("refuses a lender whose accreditation FINREG revoked, or that expired, at the moment of reading", async function () {
    const s = await deployed();
    const { grants } = await granted(s, s.lender, (await now()) + 30n * 86_400n);
    await (
      await s.participantRegistry
        .connect(s.more.FINREG.officer)
        .revokeAccreditation(role(s), s.lender.address, code("LICENCE_WITHDRAWN"))
    ).wait();
    await expect(s.gateway.connect(s.lender).recordReceipt(grants[0], id("q"), id("r")))
      .to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited")
      .withArgs(role(s), s.lender.address);
    expect(await s.exchangeContract.isGrantLive(grants[0])).to.equal(true); // the grant lives; the lender may not read

    const expiring = await s.fresh();
    await accredit(s, expiring, (await now()) + 3_600n);
    const second = await granted(s, expiring, (await now()) + 30n * 86_400n);
    await (await s.gateway.connect(expiring).recordReceipt(second.grants[0], id("q"), id("r"))).wait();
    await connection.networkHelpers.time.increase(3_600n);
    await expect(s.gateway.connect(expiring).recordReceipt(second.grants[1], id("q"), id("r")))
      .to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited")
      .withArgs(role(s), expiring.address);
    await expect(
      s.gateway.connect(expiring).requestAccess(s.datasets[0].dataset, id("fields"), 86_400n, second.consentId),
    ).to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited");
    const reads = await s.gateway.queryFilter(s.gateway.filters.LenderRead());
    expect(reads).to.have.length(1);
  });

  it("stops at the consent's end and when the enterprise's period is over, as for a bank", async function () {
    const s = await deployed();
    const expiresAt = (await now()) + 86_400n;
    const { grants } = await granted(s, s.lender, expiresAt);
    await connection.networkHelpers.time.increaseTo(expiresAt);
    await expect(s.gateway.connect(s.lender).recordReceipt(grants[0], id("late"), id("late"))).to.be.revert(
      connection.ethers,
    );
    expect(await s.exchangeContract.isGrantLive(grants[0])).to.equal(false);
  });
});
