import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { mandateAction, mandateScope, materialsWaived } from "../../sdk/index.js";
import {
  code,
  deployFinanceSuite,
  grantWithConsent,
  recordEnterpriseConsent,
  registerDataset,
  type FinanceSuite,
} from "./fixture.js";

/** Issue 15 §3: City Financial Electronic Identity for enterprise banking, with Beijing's departments. */
describe("Enterprise financial e-identity (services/enterprise-identity.json)", function () {
  let connection: NetworkConnection;
  const suite = () => deployFinanceSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  const now = async () => BigInt(await connection.networkHelpers.time.latest());
  before(async function () {
    connection = await network.create();
  });

  const scopes = (s: FinanceSuite) => s.city.enterpriseIdentity!.scopes;
  /** The representative authorises the agent to open accounts at ICBC for 30 days; relayed by a stranger. */
  async function mandateAtIcbc(s: FinanceSuite, actions = ["OPEN_ACCOUNT"], bank: string | null = "BANK_ICBC") {
    const signed = await s.finance.signMandate(s.representative, {
      enterprise: s.enterprise,
      mandateHash: id(`mandate ${actions.join("+")} ${bank} ${await now()}`),
      agent: s.agent.address,
      scope: mandateScope(actions, scopes(s)),
      bank: bank ?? undefined,
      expiresAt: (await now()) + 30n * 86_400n,
    });
    return { signed, mandateId: await (await s.finance.grantMandate(signed)).wait() };
  }

  it("MARKET issues the identity credential; a bank verifies it and the mandate with no key", async function () {
    const s = await deployed();
    const { signed, mandateId } = await mandateAtIcbc(s);
    const [, , identityType, mandateType] = await s.mandates.config();
    // Any reader: the certificate registry says both credentials are valid, the mandate says what it allows.
    expect(await s.certificateRegistry.isValid(identityType, s.credential)).to.equal(true);
    expect(await s.certificateRegistry.isValid(mandateType, signed.terms.mandateHash)).to.equal(true);
    const keyless = s.finance.connectAs(connection.ethers.provider);
    expect(await keyless.verifyEnterprise(s.enterprise)).to.deep.include({
      valid: true,
      representative: s.representative.address,
    });
    const open = mandateAction("OPEN_ACCOUNT", scopes(s));
    expect(await keyless.verifyMandate(mandateId, s.agent.address, "BANK_ICBC", open)).to.deep.equal({ valid: true });
    await (
      await s.finance.connectAs(s.agent).actFor(mandateId, "BANK_ICBC", open, id("ICBC account-opening form 1"))
    ).wait();
  });

  it("opens an account with registration and tax standing pulled through the exchange, with the enterprise's consent", async function () {
    const s = await deployed();
    const opening = s.city.enterpriseIdentity!.accountOpening;
    const { mandateId } = await mandateAtIcbc(s);
    await (
      await s.finance
        .connectAs(s.agent)
        .actFor(mandateId, "BANK_ICBC", mandateAction("OPEN_ACCOUNT", scopes(s)), id("form"))
    ).wait();
    const officers: Record<string, FinanceSuite["staff"]["TAX"]["officer"]> = {
      MARKET: s.staff.MARKET.officer,
      TAX: s.staff.TAX.officer,
    };
    const datasets = [];
    for (const d of opening.datasets) datasets.push(await registerDataset(s, d.name, officers[d.owner], d.owner));
    // Before the exchange: the bank asks for every paper.
    expect(materialsWaived(opening.datasets, new Set(), opening.stillAsked).waived).to.deep.equal([]);
    const consentId = await recordEnterpriseConsent(
      s,
      "BANK_ICBC",
      s.staff.BANK_ICBC.officer,
      opening.purpose,
      (await now()) + 7n * 86_400n,
    );
    const live = new Set<string>();
    for (const [i, d] of opening.datasets.entries()) {
      const grantId = await grantWithConsent(
        s,
        datasets[i],
        "BANK_ICBC",
        s.staff.BANK_ICBC.officer,
        officers[d.owner],
        opening.purpose,
        consentId,
      );
      await (
        await s.receiptLog.connect(s.staff.BANK_ICBC.officer).recordReceipt(grantId, id(`q${i}`), id(`r${i}`))
      ).wait();
      if (await s.exchangeContract.isGrantLive(grantId)) live.add(d.name);
    }
    const { waived, stillAsked } = materialsWaived(opening.datasets, live, opening.stillAsked);
    expect(waived).to.include.members([
      "business licence (copy, stamped)",
      "tax registration certificate",
      "tax clearance (no arrears) statement",
    ]);
    expect(stillAsked).to.deep.equal(opening.stillAsked);
    // The enterprise sees the bank's two receipted reads.
    const accesses = await s.finance.lenderAccesses(s.exchangeAddresses, s.enterprise);
    expect(accesses.map((a) => a.grantee)).to.deep.equal([code("BANK_ICBC"), code("BANK_ICBC")]);
  });

  describe("an agent acting beyond its mandate is refused, and nothing changes", function () {
    it("out of scope, at another bank, by another key, with a combined action", async function () {
      const s = await deployed();
      const { mandateId } = await mandateAtIcbc(s);
      const borrow = mandateAction("BORROW", scopes(s));
      const open = mandateAction("OPEN_ACCOUNT", scopes(s));
      const agent = s.mandates.connect(s.agent);
      await expect(agent.actFor(mandateId, code("BANK_ICBC"), borrow, id("loan"))).to.be.revertedWithCustomError(
        s.mandates,
        "EnterpriseMandatesOutOfScope",
      );
      await expect(agent.actFor(mandateId, code("BANK_ICBC"), open | borrow, id("x"))).to.be.revertedWithCustomError(
        s.mandates,
        "EnterpriseMandatesOutOfScope",
      );
      await expect(agent.actFor(mandateId, code("BANK_CCB"), open, id("x"))).to.be.revertedWithCustomError(
        s.mandates,
        "EnterpriseMandatesWrongBank",
      );
      await expect(s.mandates.connect(s.stranger).actFor(mandateId, code("BANK_ICBC"), open, id("x")))
        .to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesNotAgent")
        .withArgs(mandateId, s.stranger.address);
      expect((await s.finance.verifyMandate(mandateId, s.agent.address, "BANK_ICBC", borrow)).reason).to.equal(
        "EnterpriseMandatesOutOfScope",
      );
    });

    it("after expiry", async function () {
      const s = await deployed();
      const { signed, mandateId } = await mandateAtIcbc(s);
      await connection.networkHelpers.time.increaseTo(signed.terms.expiresAt);
      const open = mandateAction("OPEN_ACCOUNT", scopes(s));
      await expect(
        s.mandates.connect(s.agent).actFor(mandateId, code("BANK_ICBC"), open, id("x")),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesMandateExpired");
      expect((await s.finance.verifyMandate(mandateId, s.agent.address, "BANK_ICBC", open)).valid).to.equal(false);
    });

    it("after the representative revokes it (and the revocation cannot be replayed)", async function () {
      const s = await deployed();
      const { mandateId, signed } = await mandateAtIcbc(s);
      const revocation = await s.finance.signMandateRevocation(s.representative, mandateId);
      await (await s.finance.revokeMandate(revocation)).wait();
      const [, , , mandateType] = await s.mandates.config();
      expect(await s.certificateRegistry.isValid(mandateType, signed.terms.mandateHash)).to.equal(false);
      const open = mandateAction("OPEN_ACCOUNT", scopes(s));
      await expect(
        s.mandates.connect(s.agent).actFor(mandateId, code("BANK_ICBC"), open, id("x")),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesMandateRevoked");
      await expect(
        s.mandates.revokeMandate(mandateId, revocation.nonce, revocation.deadline, revocation.signature),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesMandateRevoked");
    });

    it("after MARKET revokes it, or re-binds the enterprise to a new representative", async function () {
      const s = await deployed();
      const first = await mandateAtIcbc(s);
      const second = await mandateAtIcbc(s, ["OPEN_ACCOUNT", "PAYMENTS"], null);
      await expect(
        s.mandates.connect(s.staff.TAX.officer).revokeMandateByMarket(first.mandateId, code("COURT_ORDER")),
      ).to.be.revertedWithCustomError(s.mandates, "DepartmentGatedUnauthorizedOfficer");
      await (
        await s.mandates.connect(s.staff.MARKET.officer).revokeMandateByMarket(first.mandateId, code("COURT_ORDER"))
      ).wait();
      expect((await s.mandates.mandate(first.mandateId)).revoked).to.equal(true);
      const open = mandateAction("OPEN_ACCOUNT", scopes(s));
      expect((await s.finance.verifyMandate(second.mandateId, s.agent.address, "BANK_CCB", open)).valid).to.equal(true);
      // A new legal representative: the old key's mandates end, and the old key can grant nothing more.
      const newRep = connection.ethers.Wallet.createRandom();
      await (
        await s.mandates
          .connect(s.staff.MARKET.officer)
          .bindEnterprise(s.enterprise, id("re-issued credential"), newRep.address, 0)
      ).wait();
      expect((await s.finance.verifyMandate(second.mandateId, s.agent.address, "BANK_CCB", open)).reason).to.equal(
        "EnterpriseMandatesBindingEnded",
      );
      const stale = await s.finance.signMandate(
        s.representative,
        {
          enterprise: s.enterprise,
          mandateHash: id("stale"),
          agent: s.agent.address,
          scope: 1n,
          expiresAt: (await now()) + 100n,
        },
        { nonce: 0n },
      );
      await expect(s.mandates.grantMandate(stale.terms, stale.nonce, stale.deadline, stale.signature))
        .to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesInvalidSignature")
        .withArgs(newRep.address, s.representative.address);
    });
  });

  describe("bad input: custom errors, nothing changed", function () {
    it("a replayed, forged, expired or mis-nonced mandate signature", async function () {
      const s = await deployed();
      const { signed } = await mandateAtIcbc(s);
      const count = await s.mandates.mandateCount();
      await expect(
        s.mandates.grantMandate(signed.terms, signed.nonce, signed.deadline, signed.signature),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesInvalidNonce");
      const forged = await s.finance.signMandate(
        connection.ethers.Wallet.createRandom(),
        { ...signed.terms, mandateHash: id("forged") },
        { nonce: 1n },
      );
      await expect(
        s.mandates.grantMandate(forged.terms, forged.nonce, forged.deadline, forged.signature),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesInvalidSignature");
      // The agent widening its own scope breaks the representative's signature.
      const next = await s.finance.signMandate(s.representative, { ...signed.terms, mandateHash: id("next") });
      await expect(
        s.mandates.grantMandate(
          { ...next.terms, scope: next.terms.scope | 2n },
          next.nonce,
          next.deadline,
          next.signature,
        ),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesInvalidSignature");
      const late = await s.finance.signMandate(
        s.representative,
        { ...signed.terms, mandateHash: id("late") },
        { deadline: (await now()) - 1n },
      );
      await expect(
        s.mandates.grantMandate(late.terms, late.nonce, late.deadline, late.signature),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesSignatureExpired");
      expect(await s.mandates.mandateCount()).to.equal(count);
    });

    it("an unknown enterprise, a revoked enterprise, a non-MARKET binding", async function () {
      const s = await deployed();
      await expect(
        s.mandates.connect(s.staff.TAX.officer).bindEnterprise(id("other"), id("c"), s.representative.address, 0),
      ).to.be.revertedWithCustomError(s.mandates, "DepartmentGatedUnauthorizedOfficer");
      const unknown = await s.finance.signMandate(s.representative, {
        enterprise: id("nobody"),
        mandateHash: id("m"),
        agent: s.agent.address,
        scope: 1n,
        expiresAt: (await now()) + 100n,
      });
      await expect(
        s.mandates.grantMandate(unknown.terms, unknown.nonce, unknown.deadline, unknown.signature),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesUnknownEnterprise");
      const { mandateId } = await mandateAtIcbc(s);
      await (await s.mandates.connect(s.staff.MARKET.officer).revokeEnterprise(s.enterprise, 3)).wait();
      expect((await s.finance.verifyEnterprise(s.enterprise)).valid).to.equal(false);
      expect((await s.finance.verifyMandate(mandateId, s.agent.address, "BANK_ICBC", 1n)).reason).to.equal(
        "EnterpriseMandatesBindingEnded",
      );
      await expect(
        s.mandates
          .connect(s.staff.MARKET.officer)
          .bindEnterprise(s.enterprise, id("again"), s.representative.address, 0),
      ).to.be.revertedWithCustomError(s.mandates, "EnterpriseMandatesEnterpriseRevoked");
    });
  });
});
