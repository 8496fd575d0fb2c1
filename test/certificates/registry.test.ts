import { expect } from "chai";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  commitSubject,
  ConflictError,
  createDocument,
  disclose,
  documentHash,
  InvalidArgumentError,
  InvalidStateError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  type CertificateDocument,
} from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

const LICENCE = encodeBytes32String("BUSINESS_LICENCE");
const TITLE = encodeBytes32String("PROPERTY_TITLE");
const MARKET = encodeBytes32String("MARKET");
const DAY = 86_400;
const YEAR = 365 * DAY;
const Status = { NotIssued: 0n, Active: 1n, Suspended: 2n, Revoked: 3n, Expired: 4n, Superseded: 5n, NotYetValid: 6n };

describe("CertificateRegistry", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  const now = async () => Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);

  async function licence(
    overrides: Partial<{ validFrom: number; validUntil: number; certType: string; issuer: string }> = {},
  ) {
    const t = await now();
    return createDocument({
      certType: overrides.certType ?? "BUSINESS_LICENCE",
      issuer: overrides.issuer ?? "MARKET",
      subject: commitSubject("91110000MA01234567").commitment,
      validFrom: overrides.validFrom ?? t - DAY,
      validUntil: overrides.validUntil ?? t + YEAR,
      fields: { name: "Beijing Example Trading Co., Ltd.", legalRepresentative: "Zhang San", capital: 1_000_000 },
    });
  }

  describe("types from the city config", function () {
    it("registers Beijing's types bound to their departments", async function () {
      const { certificates } = await deployed();
      expect(await certificates.certificateType("BUSINESS_LICENCE")).to.deep.include({
        department: "MARKET",
        renewable: true,
      });
      expect(await certificates.certificateType("PROPERTY_TITLE")).to.deep.include({
        department: "REGISTRY",
        suspendable: false,
      });
      expect(await certificates.certificateType("PROPERTY_RIGHTS_CERT")).to.deep.include({ department: "REGISTRY" });
      expect((await certificates.certificateType("FOOD_LICENCE")).maxValiditySeconds).to.equal(157_680_000n);
    });

    it("refuses a duplicate type, an unknown department, and an unknown type", async function () {
      const { certificateRegistry: r, certificates } = await deployed();
      await expect(r.registerType(LICENCE, MARKET, 0, true, true))
        .to.be.revertedWithCustomError(r, "CertificateRegistryTypeExists")
        .withArgs(LICENCE);
      await expect(
        r.registerType(encodeBytes32String("X"), encodeBytes32String("NOPE"), 0, true, true),
      ).to.be.revertedWithCustomError(r, "CertificateRegistryUnknownDepartment");
      await expect(r.registerType(ZeroHash, MARKET, 0, true, true)).to.be.revertedWithCustomError(
        r,
        "CertificateRegistryInvalidType",
      );
      await expect(certificates.certificateType("NOPE")).to.be.rejectedWith(NotFoundError, /no certificate type/);
    });
  });

  describe("single issuance", function () {
    it("issues a document, emits the event with the subject commitment only, and verifies", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const doc = await licence();
      const issued = await (await certificates.connect(staff.MARKET.officer).issue(doc)).wait();
      expect(issued.proof.certHash).to.equal(documentHash(doc));
      const [event] = await r.queryFilter(r.filters.CertificateIssued(issued.proof.certHash));
      expect(event.args.certType).to.equal(LICENCE);
      expect(event.args.subject).to.equal(doc.subject);
      expect(event.args.actor).to.equal(staff.MARKET.officer.address);
      const result = await certificates.verify(issued);
      expect(result.failures).to.deep.equal([]);
      expect(result.valid).to.equal(true);
      expect(result.record).to.deep.include({ status: "active", department: "MARKET", certType: "BUSINESS_LICENCE" });
    });

    it("refuses a type another department owns (state unchanged)", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const doc = await licence();
      const error = await certificates
        .connect(staff.TAX.officer)
        .issue(doc)
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.shortMessage).to.contain("not an officer of department MARKET");
      await expect(r.connect(staff.REGISTRY.officer).issue(LICENCE, id("x"), ZeroHash, 1, 2))
        .to.be.revertedWithCustomError(r, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(MARKET, staff.REGISTRY.officer.address);
      expect(await certificates.status(documentHash(doc))).to.equal("notIssued");
    });

    it("refuses re-issuing a hash, a zero hash, an empty window and a window past the type's maximum", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const officer = staff.MARKET.officer;
      const doc = await licence();
      await (await certificates.connect(officer).issue(doc)).wait();
      const dup = await certificates
        .connect(officer)
        .issue(doc)
        .catch((e) => e);
      expect(dup).to.be.instanceOf(ConflictError);
      expect(dup.errorName).to.equal("CertificateRegistryAlreadyIssued");
      await expect(r.connect(officer).issue(LICENCE, ZeroHash, ZeroHash, 1, 2)).to.be.revertedWithCustomError(
        r,
        "CertificateRegistryZeroHash",
      );
      await expect(r.connect(officer).issue(LICENCE, id("a"), ZeroHash, 10, 10))
        .to.be.revertedWithCustomError(r, "CertificateRegistryInvalidValidity")
        .withArgs(10, 10);
      await expect(r.connect(officer).issue(LICENCE, id("a"), ZeroHash, 10, 9)).to.be.revertedWithCustomError(
        r,
        "CertificateRegistryInvalidValidity",
      );
      const t = await now();
      const tooLong = await certificates
        .connect(officer)
        .issue(await licence({ certType: "FOOD_LICENCE", validFrom: t, validUntil: t + 6 * YEAR }))
        .catch((e) => e);
      expect(tooLong).to.be.instanceOf(InvalidArgumentError);
      expect(tooLong.errorName).to.equal("CertificateRegistryValidityTooLong");
      await (
        await certificates
          .connect(officer)
          .issue(await licence({ certType: "FOOD_LICENCE", validFrom: t, validUntil: t + 5 * YEAR }))
      ).wait();
      expect(await certificates.status(id("a"))).to.equal("notIssued");
      await expect(
        r.connect(officer).issue(encodeBytes32String("NOPE"), id("b"), ZeroHash, 1, 2),
      ).to.be.revertedWithCustomError(r, "CertificateRegistryUnknownType");
    });

    it("enforces expiry on chain and answers for a past moment", async function () {
      const { certificates, staff } = await deployed();
      const t = await now();
      const doc = await licence({ validFrom: t + 10, validUntil: t + 100 });
      const issued = await (await certificates.connect(staff.MARKET.officer).issue(doc)).wait();
      const hash = issued.proof.certHash;
      expect(await certificates.status(hash)).to.equal("notYetValid");
      await connection.networkHelpers.time.increaseTo(t + 50);
      expect(await certificates.status(hash)).to.equal("active");
      await connection.networkHelpers.time.increaseTo(t + 100);
      expect(await certificates.status(hash)).to.equal("expired");
      const result = await certificates.verify(issued);
      expect(result.valid).to.equal(false);
      expect(result.failures.map((f) => f.check)).to.deep.equal(["validity"]);
      expect(result.failures[0].reason).to.match(/expired at/);
      // "Was it valid when the contract was signed?"
      expect(await certificates.status(hash, { at: BigInt(t + 50) })).to.equal("active");
      expect((await certificates.verify(issued, { at: BigInt(t + 50) })).valid).to.equal(true);
      expect(await certificates.status(hash, { at: BigInt(t - 1000) })).to.equal("notIssued");
    });
  });

  describe("suspension, revocation, renewal", function () {
    it("suspends and reinstates with reasons; refuses reinstating a revoked certificate", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const issued = await (await officer.issue(await licence())).wait();
      await (await officer.suspend(issued, "investigation")).wait();
      const suspendedAt = await now();
      expect((await certificates.verify(issued)).failures).to.deep.equal([
        { check: "status", reason: "the certificate is suspended" },
      ]);
      await (await officer.reinstate(issued)).wait();
      expect(await certificates.status(issued.proof.certHash)).to.equal("active");
      await (await officer.revoke(issued, "fraud")).wait();
      const revokedAt = await now();
      const [event] = await r.queryFilter(r.filters.CertificateRevoked(issued.proof.certHash));
      expect(event.args.reason).to.equal(3n);
      const before = await r.certificate(issued.proof.certHash);
      const error = await officer.reinstate(issued).catch((e) => e);
      expect(error).to.be.instanceOf(InvalidStateError);
      expect(error.shortMessage).to.contain("is revoked");
      await expect(r.connect(staff.MARKET.officer).revoke(issued.proof.certHash, 3))
        .to.be.revertedWithCustomError(r, "CertificateRegistryInvalidStatus")
        .withArgs(issued.proof.certHash, Status.Revoked);
      expect(await r.certificate(issued.proof.certHash)).to.deep.equal(before);
      expect(await certificates.status(issued.proof.certHash, { at: BigInt(revokedAt - 1) })).to.equal("active");
      expect(await certificates.status(issued.proof.certHash, { at: BigInt(revokedAt) })).to.equal("revoked");
      expect(suspendedAt).to.be.lessThan(revokedAt);
    });

    it("refuses revoking an unknown hash and suspending a non-suspendable type", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const error = await certificates
        .connect(staff.MARKET.officer)
        .revoke(id("unknown"))
        .catch((e) => e);
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.errorName).to.equal("CertificateRegistryUnknownCertificate");
      const t = await now();
      await (await r.connect(staff.REGISTRY.officer).issue(TITLE, id("title"), ZeroHash, t, t + YEAR)).wait();
      await expect(r.connect(staff.REGISTRY.officer).suspend(id("title"), 8))
        .to.be.revertedWithCustomError(r, "CertificateRegistryNotSuspendable")
        .withArgs(TITLE);
    });

    it("renews: the old certificate is superseded, and verify says by what", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const old = await (await officer.issue(await licence())).wait();
      const renewed = await (await officer.renew(old, await licence())).wait();
      const result = await certificates.verify(old);
      expect(result.valid).to.equal(false);
      expect(result.failures).to.deep.equal([{ check: "status", reason: `superseded by ${renewed.proof.certHash}` }]);
      expect((await certificates.verify(renewed)).valid).to.equal(true);
      const [event] = await r.queryFilter(r.filters.CertificateSuperseded(old.proof.certHash));
      expect(event.args.successor).to.equal(renewed.proof.certHash);
      await expect(r.connect(staff.MARKET.officer).renew(old.proof.certHash, id("again"), ZeroHash, 1, 2))
        .to.be.revertedWithCustomError(r, "CertificateRegistryInvalidStatus")
        .withArgs(old.proof.certHash, Status.Superseded);
    });

    it("lets an authorised contract issue for a type and supersede in the same call", async function () {
      const { certificateRegistry: r, staff, signers } = await deployed();
      const registryContract = signers[19];
      const t = await now();
      await expect(r.connect(registryContract).issueFor(TITLE, id("v1"), ZeroHash, t, t + YEAR, ZeroHash))
        .to.be.revertedWithCustomError(r, "CertificateRegistryUnauthorizedIssuer")
        .withArgs(TITLE, registryContract.address);
      await (await r.setIssuerAuthorised(TITLE, registryContract.address, true)).wait();
      await (await r.connect(registryContract).issueFor(TITLE, id("v1"), ZeroHash, t, t + YEAR, ZeroHash)).wait();
      await (await r.connect(registryContract).issueFor(TITLE, id("v2"), ZeroHash, t, t + YEAR, id("v1"))).wait();
      expect(await r.statusOf(id("v1"))).to.equal(Status.Superseded);
      expect((await r.certificate(id("v1"))).supersededBy).to.equal(id("v2"));
      expect(await r.isValid(id("v2"))).to.equal(true);
      // Superseding across types is refused.
      await (await r.connect(staff.MARKET.officer).issue(LICENCE, id("lic"), ZeroHash, t, t + YEAR)).wait();
      await expect(
        r.connect(registryContract).issueFor(TITLE, id("v3"), ZeroHash, t, t + YEAR, id("lic")),
      ).to.be.revertedWithCustomError(r, "CertificateRegistryTypeMismatch");
      await (await r.setIssuerAuthorised(TITLE, registryContract.address, false)).wait();
      await expect(
        r.connect(registryContract).issueFor(TITLE, id("v4"), ZeroHash, t, t + YEAR, ZeroHash),
      ).to.be.revertedWithCustomError(r, "CertificateRegistryUnauthorizedIssuer");
    });
  });

  describe("batches", function () {
    async function issuedBatch(size = 5) {
      const s = await deployed();
      const t = await now();
      const docs: CertificateDocument[] = [];
      for (let i = 0; i < size; i++) {
        docs.push(
          createDocument({
            certType: "BUSINESS_LICENCE",
            issuer: "MARKET",
            subject: commitSubject(`company ${i}`).commitment,
            validFrom: t - DAY,
            validUntil: t + YEAR,
            fields: { name: `Company ${i}` },
          }),
        );
      }
      const batch = await (await s.certificates.connect(s.staff.MARKET.officer).issueBatch(docs)).wait();
      return { ...s, root: batch.root, issued: batch.certificates };
    }

    it("issues many certificates under one root; each verifies with its proof", async function () {
      const { certificates, certificateRegistry: r, root, issued } = await issuedBatch();
      for (const c of issued.slice(0, 2)) {
        const result = await certificates.verify(c);
        expect(result.valid, JSON.stringify(result.failures)).to.equal(true);
      }
      expect(await r.isValidInBatch(root, issued[0].proof.certHash, issued[0].proof.merkleProof!)).to.equal(true);
    });

    it("refuses a wrong proof and a proof from another batch", async function () {
      const s = await issuedBatch();
      const other = await (
        await s.certificates.connect(s.staff.MARKET.officer).issueBatch([await licence(), await licence()])
      ).wait();
      const [a] = s.issued;
      const foreign = { ...a, proof: { ...a.proof, root: other.root } };
      const result = await s.certificates.verify(foreign);
      expect(result.checks.integrity.ok).to.equal(false);
      expect(await s.certificates.contract.isValidInBatch(other.root, a.proof.certHash, a.proof.merkleProof!)).to.equal(
        false,
      );
      const error = await s.certificates
        .connect(s.staff.MARKET.officer)
        .revoke(foreign)
        .catch((e) => e);
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect(error.errorName).to.equal("CertificateRegistryInvalidProof");
      await expect(
        s.certificateRegistry.connect(s.staff.MARKET.officer).revokeInBatch(s.root, a.proof.certHash, [], 3),
      ).to.be.revertedWithCustomError(s.certificateRegistry, "CertificateRegistryInvalidProof");
    });

    it("revokes one leaf without touching the rest, then the whole batch", async function () {
      const s = await issuedBatch();
      const officer = s.certificates.connect(s.staff.MARKET.officer);
      const [a, b] = s.issued;
      await (await officer.revoke(a, "issuedInError")).wait();
      expect((await s.certificates.verify(a)).failures[0]).to.deep.equal({
        check: "status",
        reason: "the certificate is revoked",
      });
      expect((await s.certificates.verify(b)).valid).to.equal(true);
      await (await officer.suspend(b)).wait();
      expect((await s.certificates.record(b)).status).to.equal("suspended");
      await (await officer.reinstate(b)).wait();
      expect((await s.certificates.verify(b)).valid).to.equal(true);
      await (await officer.revokeBatch(s.root, "businessClosed")).wait();
      expect((await s.certificates.record(b)).status).to.equal("revoked");
      const error = await officer.revokeBatch(s.root).catch((e) => e);
      expect(error).to.be.instanceOf(InvalidStateError);
    });

    it("refuses another department's officer and an unknown root", async function () {
      const s = await issuedBatch(2);
      const [a] = s.issued;
      const error = await s.certificates
        .connect(s.staff.TAX.officer)
        .revoke(a)
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      const unknown = await s.certificates
        .connect(s.staff.MARKET.officer)
        .revokeBatch(id("nope"))
        .catch((e) => e);
      expect(unknown).to.be.instanceOf(NotFoundError);
      expect((await s.certificates.record(a)).status).to.equal("active");
    });

    it("refuses a batch mixing types or windows before sending", async function () {
      const { certificates, staff } = await deployed();
      const t = await now();
      const mixed = [await licence(), await licence({ validFrom: t, validUntil: t + 10 })];
      await expect(certificates.connect(staff.MARKET.officer).issueBatch(mixed)).to.be.rejectedWith(ValidationError);
      await expect(certificates.connect(staff.MARKET.officer).issueBatch([])).to.be.rejectedWith(ValidationError);
    });
  });

  describe("delegated issuance (EIP-712)", function () {
    it("an officer signs, a stranger relays; replay, expiry and wrong signers are refused", async function () {
      const { certificates, certificateRegistry: r, staff, stranger } = await deployed();
      const t = await now();
      const doc = await licence();
      const signed = await certificates.signIssue(doc, staff.MARKET.officer, { deadline: t + 3600 });
      const relayer = certificates.connect(stranger);
      const issued = await (await relayer.submitSigned(signed)).wait();
      const [event] = await r.queryFilter(r.filters.CertificateIssued(issued.proof.certHash));
      expect(event.args.actor).to.equal(staff.MARKET.officer.address);
      expect(await r.nonces(staff.MARKET.officer.address)).to.equal(1n);

      const replay = await relayer.submitSigned(signed).catch((e) => e);
      expect(replay).to.be.instanceOf(ConflictError);
      expect(replay.errorName).to.equal("InvalidAccountNonce");

      const late = await certificates.signIssue(await licence(), staff.MARKET.officer, { deadline: t + 5 });
      await connection.networkHelpers.time.increaseTo(t + 10);
      const expired = await relayer.submitSigned(late).catch((e) => e);
      expect(expired).to.be.instanceOf(InvalidStateError);
      expect(expired.errorName).to.equal("CertificateRegistryExpiredSignature");

      const forged = await certificates.signIssue(await licence(), stranger, { deadline: t + 3600 });
      const claimed = { ...forged, request: { ...forged.request, signer: staff.MARKET.officer.address } };
      const wrong = await relayer.submitSigned(claimed).catch((e) => e);
      expect(wrong).to.be.instanceOf(UnauthorizedError);
      expect(wrong.errorName).to.equal("CertificateRegistryInvalidSigner");

      const notOfficer = await relayer.submitSigned(forged).catch((e) => e);
      expect(notOfficer).to.be.instanceOf(UnauthorizedError);
      expect(notOfficer.errorName).to.equal("DepartmentGatedUnauthorizedOfficer");
    });

    it("refuses a signature made for another registry (the domain binds chain id and contract)", async function () {
      const { certificates, staff, stranger } = await deployed();
      const t = await now();
      const signed = await certificates.signIssue(await licence(), staff.MARKET.officer, { deadline: t + 3600 });
      const otherDomain = await staff.MARKET.officer.signTypedData(
        { ...(await certificates.domain()), verifyingContract: stranger.address },
        {
          IssueRequest: [
            { name: "certType", type: "bytes32" },
            { name: "certHash", type: "bytes32" },
            { name: "subject", type: "bytes32" },
            { name: "validFrom", type: "uint64" },
            { name: "validUntil", type: "uint64" },
            { name: "signer", type: "address" },
            { name: "nonce", type: "uint256" },
            { name: "deadline", type: "uint256" },
          ],
        },
        signed.request,
      );
      const error = await certificates
        .connect(stranger)
        .submitSigned({ ...signed, signature: otherDomain })
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.errorName).to.equal("CertificateRegistryInvalidSigner");
    });
  });

  describe("department deactivation and officer revocation", function () {
    it("stops a revoked officer at once and a deactivated department once synced", async function () {
      const { certificates, access, staff } = await deployed();
      await (await access.connect(staff.MARKET.admin).revokeOfficer("MARKET", staff.MARKET.officer.address)).wait();
      await expect(certificates.connect(staff.MARKET.officer).issue(await licence())).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await access.connect(staff.MARKET.admin).grantOfficer("MARKET", staff.MARKET.officer.address)).wait();
      await (await access.deactivateDepartment("MARKET")).wait();
      await (await certificates.syncDepartment("MARKET")).wait();
      expect((await certificates.certificateType("BUSINESS_LICENCE")).active).to.equal(false);
      await expect(certificates.connect(staff.MARKET.officer).issue(await licence())).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await access.reactivateDepartment("MARKET")).wait();
      await (await certificates.syncDepartment("MARKET")).wait();
      await (await certificates.connect(staff.MARKET.officer).issue(await licence())).wait();
    });
  });

  describe("reads and documents", function () {
    it("reads many statuses in one call", async function () {
      const { certificates, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const a = await (await officer.issue(await licence())).wait();
      const b = await (await officer.issue(await licence())).wait();
      await (await officer.revoke(b)).wait();
      expect(await certificates.statuses([a.proof.certHash, b.proof.certHash, id("none")])).to.deep.equal([
        "active",
        "revoked",
        "notIssued",
      ]);
      const records = await certificates.contract.certificates([a.proof.certHash, b.proof.certHash]);
      expect(records.map((rec) => rec.status)).to.deep.equal([Status.Active, Status.Revoked]);
    });

    it("selective disclosure keeps the hash; an altered field fails integrity/issuance", async function () {
      const { certificates, staff } = await deployed();
      const issued = await (await certificates.connect(staff.MARKET.officer).issue(await licence())).wait();
      const shown = disclose(issued, ["name"]);
      expect(Object.keys(shown.fields)).to.deep.equal(["name"]);
      expect(shown.hiddenFields).to.have.length(2);
      expect(JSON.stringify(shown)).to.not.contain("Zhang San");
      expect((await certificates.verify(shown)).valid).to.equal(true);

      const altered = { ...shown, fields: { name: { ...shown.fields.name, value: "Another Co." } } };
      const result = await certificates.verify(altered);
      expect(result.valid).to.equal(false);
      expect(result.failures[0].check).to.equal("integrity");
      expect(result.failures[0].reason).to.match(/altered/);
      const { proof: _proof, ...withoutProof } = altered;
      void _proof;
      const unproved = await certificates.verify(withoutProof);
      expect(unproved.failures[0].check).to.equal("issued");
      const wrongIssuer = await certificates.verify({ ...issued, issuer: "TAX", proof: undefined });
      expect(wrongIssuer.failures.map((f) => f.check)).to.deep.equal([
        "issued",
        "status",
        "issuer",
        "type",
        "validity",
      ]);
    });
  });
});
