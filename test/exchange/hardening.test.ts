import { expect } from "chai";
import { createHash } from "node:crypto";
import { id, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  grantReceiptKey,
  hashJson,
  keyedHash,
  newReceiptSecret,
  receiptHashes,
  verifyReceipt,
} from "../../sdk/index.js";
import { CLS, code, DAY, deployExchange, DS, LEGAL, PURPOSE, SCOPE, type ExchangeSuite } from "./fixture.js";

const q = (i: number) => keccak256(toUtf8Bytes(`query ${i}`));
const r = (i: number) => keccak256(toUtf8Bytes(`response ${i}`));

/**
 * Issue 11's promises for the exchange: deactivation and the emergency stop reach every liveness
 * read and the receipt log; two-department rules hold for pending requests; a consent backs only
 * the department it was given to and needs its subject's signature; receipts reveal nothing.
 */
describe("DataExchange trust hardening", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(exchangeFixture);
  const exchangeFixture = () => deployExchange(connection);
  const now = async () => BigInt(await connection.networkHelpers.time.latest());
  before(async function () {
    connection = await network.create();
  });

  /** `requester` asks for `dataset`; resolves to the request id. */
  async function request(s: ExchangeSuite, dataset: string, requester = "TAX", consentId = 0n) {
    const officer = s.staff[requester as "TAX"].officer;
    await (
      await s.exchangeContract
        .connect(officer)
        .requestAccess(dataset, code(requester), PURPOSE, LEGAL, SCOPE, 30 * DAY, consentId)
    ).wait();
    return s.exchangeContract.requestCount();
  }

  /** A live internal grant of PSB's household register to TAX. */
  async function granted(s: ExchangeSuite) {
    const requestId = await request(s, DS.household);
    await (await s.exchangeContract.connect(s.staff.PSB.officer).approveRequest(requestId, ZeroHash, 0)).wait();
    return requestId;
  }

  describe("deactivation stops a department everywhere (promise 7)", function () {
    it("a deactivated grantee's grants are not live and its submitter key's receipts are refused at once", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, receiptLog: log, staff, directory, operator } = s;
      const grantId = await granted(s);
      const pending = await request(s, DS.zoning);
      const taxIndex = (await directory.department(code("TAX"))).adminRole;
      const deactivation = directory.connect(operator).setDepartmentActive(code("TAX"), false);
      await expect(deactivation)
        .to.emit(x, "DepartmentStateCached")
        .withArgs(code("TAX"), (taxIndex - 100n) / 2n, false);
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      expect(await x.isGrantLive(grantId)).to.equal(false);
      expect((await exchange.grant(grantId)).live).to.equal(false);
      expect(await log.isLive(grantId)).to.equal(false);
      // The grant's submitter key (TAX's requesting officer) and a relayer key alike.
      await expect(log.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeGranteeInactive")
        .withArgs(grantId);
      await expect(log.connect(staff.TAX.officer).recordReceiptBatch(grantId, q(1), 10))
        .to.be.revertedWithCustomError(x, "DataExchangeGranteeInactive")
        .withArgs(grantId);
      // It cannot ask, and the owner cannot grant it what it asked before.
      await expect(
        x.connect(staff.TAX.officer).requestAccess(DS.zoning, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0),
      ).to.be.revertedWithCustomError(x, "DepartmentGatedInactiveDepartment");
      await expect(x.connect(staff.PLANNING.officer).approveRequest(pending, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeDepartmentInactive")
        .withArgs(code("TAX"));
      // Reactivation restores the grant (it was never revoked).
      await (await directory.connect(operator).setDepartmentActive(code("TAX"), true)).wait();
      expect(await x.isGrantLive(grantId)).to.equal(true);
      await expect(log.connect(staff.TAX.officer).recordReceipt(grantId, q(2), r(2))).to.emit(log, "AccessRecorded");
    });

    it("the operator revokes a grant of a deactivated owner, and only then", async function () {
      const s = await deployed();
      const { exchangeContract: x, receiptLog: log, staff, directory, operator } = s;
      const grantId = await granted(s);
      await expect(x.connect(operator).revokeGrantOfInactiveOwner(grantId, code("OWNER_GONE")))
        .to.be.revertedWithCustomError(x, "DataExchangeOwnerActive")
        .withArgs(grantId, code("PSB"));
      await (await directory.connect(operator).setDepartmentActive(code("PSB"), false)).wait();
      // The owner's own officers can no longer act; nobody but the operator stands in.
      await expect(x.connect(staff.PSB.officer).revokeGrant(grantId, code("X")))
        .to.be.revertedWithCustomError(x, "DepartmentGatedInactiveDepartment")
        .withArgs(code("PSB"), staff.PSB.officer.address);
      await expect(
        x.connect(staff.TAX.admin).revokeGrantOfInactiveOwner(grantId, code("X")),
      ).to.be.revertedWithCustomError(x, "AccessManagedUnauthorized");
      expect(await x.isGrantLive(grantId)).to.equal(true); // a deactivated owner does not end its grants by itself
      await expect(x.connect(operator).revokeGrantOfInactiveOwner(grantId, code("OWNER_GONE")))
        .to.emit(x, "GrantRevoked")
        .withArgs(grantId, code("PSB"), code("OWNER_GONE"), operator.address);
      expect(await x.isGrantLive(grantId)).to.equal(false);
      await expect(log.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeGrantRevoked")
        .withArgs(grantId);
    });

    it("while the exchange is closed, receipts are refused and no grant is live", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, receiptLog: log, staff, directory, operator } = s;
      const grantId = await granted(s);
      await (await directory.connect(operator).setModuleClosed(await x.getAddress(), true)).wait();
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      expect(await x.isGrantLive(grantId)).to.equal(false);
      expect((await exchange.grant(grantId)).live).to.equal(false);
      expect(await log.isLive(grantId)).to.equal(false);
      for (const send of [
        () => log.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1)),
        () => log.connect(staff.TAX.officer).recordReceiptBatch(grantId, q(1), 3),
      ]) {
        await expect(send())
          .to.be.revertedWithCustomError(x, "DataExchangeClosed")
          .withArgs(await x.getAddress());
      }
      await (await directory.connect(operator).setModuleClosed(await x.getAddress(), false)).wait();
      expect(await x.isGrantLive(grantId)).to.equal(true);
      await expect(log.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1))).to.emit(log, "AccessRecorded");
    });

    it("a receipt log is built only for an exchange that listens to the directory", async function () {
      const s = await deployed();
      const { exchangeContract: x, directory, operator } = s;
      const factory = await connection.ethers.getContractFactory("ReceiptLog");
      await (await directory.connect(operator).setDepartmentListener(await x.getAddress(), false)).wait();
      await expect(factory.deploy(await x.getAddress()))
        .to.be.revertedWithCustomError(factory, "ReceiptLogExchangeNotListening")
        .withArgs(await x.getAddress(), await directory.getAddress());
    });
  });

  describe("two-department rules (promise 8)", function () {
    it("a reclassification after a request does not lower its bar", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff } = s;
      // Restricted when requested: the owner's admin must approve even after the dataset turns public.
      const restricted = await request(s, DS.contracts);
      await (await x.connect(staff.HOUSING.admin).reclassifyDataset(DS.contracts, CLS.public, ZeroHash)).wait();
      await expect(x.connect(staff.HOUSING.officer).approveRequest(restricted, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedApprover")
        .withArgs(restricted, staff.HOUSING.officer.address);
      expect((await exchange.request(restricted)).classification).to.equal("restricted");
      await (await x.connect(staff.HOUSING.admin).approveRequest(restricted, ZeroHash, 0)).wait();

      // Confidential when requested (co-signer COURT): downgraded, or given another co-signer, it still needs COURT.
      const confidential = await request(s, DS.income, "PSB");
      await (await x.connect(staff.TAX.admin).reclassifyDataset(DS.income, CLS.confidential, code("HOUSING"))).wait();
      await (await x.connect(staff.TAX.admin).reclassifyDataset(DS.income, CLS.internal, ZeroHash)).wait();
      await expect(x.connect(staff.TAX.admin).approveRequest(confidential, ZeroHash, 0)).to.emit(x, "RequestEndorsed");
      await expect(x.connect(staff.HOUSING.admin).countersignRequest(confidential))
        .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedApprover")
        .withArgs(confidential, staff.HOUSING.admin.address);
      await expect(x.connect(staff.COURT.admin).countersignRequest(confidential)).to.emit(x, "GrantIssued");

      // A raise does apply to a pending request: internal when requested, confidential (co-signer COURT) at approval.
      const raised = await request(s, DS.household);
      await (await x.connect(staff.PSB.admin).reclassifyDataset(DS.household, CLS.confidential, code("COURT"))).wait();
      await expect(x.connect(staff.PSB.officer).approveRequest(raised, ZeroHash, 0)).to.be.revertedWithCustomError(
        x,
        "DataExchangeUnauthorizedApprover",
      );
      await expect(x.connect(staff.PSB.admin).approveRequest(raised, ZeroHash, 0)).to.emit(x, "RequestEndorsed");
      expect(await exchange.request(raised)).to.deep.include({ classification: "confidential", cosigner: "COURT" });
    });

    it("the co-signer can never be the requester, at request or at countersign", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      await expect(
        x.connect(staff.COURT.officer).requestAccess(DS.income, code("COURT"), PURPOSE, LEGAL, SCOPE, DAY, 0),
      )
        .to.be.revertedWithCustomError(x, "DataExchangeCosignerIsRequester")
        .withArgs(DS.income, code("COURT"));
      // Requested while internal; the owner then raises it to confidential naming the requester as co-signer.
      const requestId = await request(s, DS.household, "HOUSING");
      await (
        await x.connect(staff.PSB.admin).reclassifyDataset(DS.household, CLS.confidential, code("HOUSING"))
      ).wait();
      await (await x.connect(staff.PSB.admin).approveRequest(requestId, ZeroHash, 0)).wait();
      await expect(x.connect(staff.HOUSING.admin).countersignRequest(requestId))
        .to.be.revertedWithCustomError(x, "DataExchangeCosignerIsRequester")
        .withArgs(DS.household, code("HOUSING"));
      expect((await x.request(requestId)).status).to.equal(2n); // still endorsed, no grant
    });

    it("a consent backs only the department it was given to", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff, signers } = s;
      const subject = signers[17];
      const signed = await exchange.signConsent(subject, {
        department: "HOUSING",
        subject: id("citizen"),
        purpose: "DEED_TAX",
        dataset: DS.identity,
        signer: subject.address,
        expiresAt: (await now()) + 10n * BigInt(DAY),
      });
      const { consentId } = await (await exchange.connect(staff.HOUSING.officer).recordConsent(signed)).wait();
      await expect(
        x.connect(staff.TAX.officer).requestAccess(DS.identity, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, consentId),
      )
        .to.be.revertedWithCustomError(x, "DataExchangeConsentOfOtherDepartment")
        .withArgs(consentId, code("HOUSING"), code("TAX"));
      // The department it was given to may rely on it.
      await expect(
        x
          .connect(staff.HOUSING.officer)
          .requestAccess(DS.identity, code("HOUSING"), PURPOSE, LEGAL, SCOPE, DAY, consentId),
      ).to.emit(x, "AccessRequested");
    });

    it("recording a consent needs its subject key's signature over exactly those terms, once", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff, signers, stranger } = s;
      const subject = signers[17];
      const terms = {
        department: "TAX",
        subject: id("citizen"),
        purpose: "DEED_TAX",
        dataset: DS.identity,
        signer: subject.address,
        expiresAt: (await now()) + 10n * BigInt(DAY),
      };
      const tax = x.connect(staff.TAX.officer);
      // Another key signs terms naming the subject.
      const forged = await exchange.signConsent(stranger, { ...terms, signer: stranger.address });
      await expect(
        tax.recordConsent({ ...forged.terms, signer: subject.address }, 0, forged.deadline, forged.signature),
      )
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidConsentSignature")
        .withArgs(subject.address, stranger.address);
      // The subject's signature for TAX, recorded as if given to HOUSING (or for a longer time): refused.
      const signed = await exchange.signConsent(subject, terms);
      await expect(
        x
          .connect(staff.HOUSING.officer)
          .recordConsent(
            { ...signed.terms, department: code("HOUSING") },
            signed.nonce,
            signed.deadline,
            signed.signature,
          ),
      ).to.be.revertedWithCustomError(x, "DataExchangeInvalidConsentSignature");
      await expect(
        tax.recordConsent(
          { ...signed.terms, expiresAt: terms.expiresAt + 1n },
          signed.nonce,
          signed.deadline,
          signed.signature,
        ),
      ).to.be.revertedWithCustomError(x, "DataExchangeInvalidConsentSignature");
      const late = await exchange.signConsent(subject, terms, { deadline: (await now()) - 1n });
      await expect(tax.recordConsent(late.terms, late.nonce, late.deadline, late.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeSignatureExpired")
        .withArgs(late.deadline);
      expect(await x.nonces(subject.address)).to.equal(0n);
      await expect(tax.recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature)).to.emit(
        x,
        "ConsentRecorded",
      );
      // A replay of the same signed consent is refused.
      await expect(tax.recordConsent(signed.terms, signed.nonce, signed.deadline, signed.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidNonce")
        .withArgs(subject.address, 1, 0);
    });
  });

  describe("access receipts reveal nothing (promise 10)", function () {
    it("a guess cannot be tested without the grant key; the auditor holding it verifies", async function () {
      const s = await deployed();
      const { exchange, receiptLog: log, staff } = s;
      const grantId = await granted(s);
      const other = await granted(s);
      const secret = newReceiptSecret();
      const key = await exchange.grantReceiptKey(secret, grantId);
      // A query keyed by an ID number: the guessable input of the issue.
      const access = { query: { idNumber: "110101199003074514", fields: ["name"] }, response: { name: "Zhang San" } };
      const recorded = await (await exchange.connect(staff.TAX.officer).recordAccess(grantId, key, access)).wait();
      const [event] = await log.queryFilter(log.filters.AccessRecorded(grantId));
      expect([event.args.queryHash, event.args.responseHash]).to.deep.equal([
        recorded.queryHash,
        recorded.responseHash,
      ]);

      // Without the key: the bare hash of the right guess, and keys that are not this grant's, all miss.
      const onChain = { queryHash: event.args.queryHash, responseHash: event.args.responseHash };
      expect(onChain.queryHash).to.not.equal(hashJson(access.query));
      expect(onChain.queryHash).to.not.equal(
        "0x" + createHash("sha256").update(JSON.stringify(access.query)).digest("hex"),
      );
      const otherKey = await exchange.grantReceiptKey(secret, other);
      const strangerKey = await exchange.grantReceiptKey(newReceiptSecret(), grantId);
      for (const wrong of [otherKey, strangerKey, secret]) {
        expect(verifyReceipt(wrong, access, onChain)).to.equal(false);
        expect(keyedHash(wrong, access.query)).to.not.equal(onChain.queryHash);
      }
      // With the key: the right access verifies, a different one does not.
      expect(verifyReceipt(key, access, onChain)).to.equal(true);
      expect(
        verifyReceipt(key, { ...access, query: { ...access.query, idNumber: "110101199003074522" } }, onChain),
      ).to.equal(false);
      // The key is bound to chain, exchange and grant, and derived the same way by anyone holding the secret.
      const { chainId } = await connection.ethers.provider.getNetwork();
      expect(grantReceiptKey(secret, { chainId, exchange: await s.exchangeContract.getAddress(), grantId })).to.equal(
        key,
      );
      expect(receiptHashes(key, access)).to.deep.equal(onChain);
      expect(key).to.not.equal(otherKey);
    });
  });
});
