import { expect } from "chai";
import { encodeBytes32String, id, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
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
/** A business licence named by its hash. */
const lic = (certHash: string) => ({ certType: "BUSINESS_LICENCE", certHash });
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
      subject: commitSubject("91110000MA0123456P").commitment,
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
        managed: true,
      });
      expect(await certificates.certificateType("PROPERTY_RIGHTS_CERT")).to.deep.include({
        department: "REGISTRY",
        managed: true,
      });
      expect((await certificates.certificateType("BUSINESS_LICENCE")).managed).to.equal(false);
      expect((await certificates.certificateType("FOOD_LICENCE")).maxValiditySeconds).to.equal(157_680_000n);
    });

    it("refuses a duplicate type, an unknown department, and an unknown type", async function () {
      const { certificateRegistry: r, certificates } = await deployed();
      await expect(r.registerType(LICENCE, MARKET, 0, true, true, false))
        .to.be.revertedWithCustomError(r, "CertificateRegistryTypeExists")
        .withArgs(LICENCE);
      await expect(
        r.registerType(encodeBytes32String("X"), encodeBytes32String("NOPE"), 0, true, true, false),
      ).to.be.revertedWithCustomError(r, "CertificateRegistryUnknownDepartment");
      await expect(r.registerType(ZeroHash, MARKET, 0, true, true, false)).to.be.revertedWithCustomError(
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
      expect(await certificates.status(lic(documentHash(doc)))).to.equal("notIssued");
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
      expect(await certificates.status(lic(id("a")))).to.equal("notIssued");
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
      expect(await certificates.status(lic(hash))).to.equal("notYetValid");
      await connection.networkHelpers.time.increaseTo(t + 50);
      expect(await certificates.status(lic(hash))).to.equal("active");
      await connection.networkHelpers.time.increaseTo(t + 100);
      expect(await certificates.status(lic(hash))).to.equal("expired");
      const result = await certificates.verify(issued);
      expect(result.valid).to.equal(false);
      expect(result.failures.map((f) => f.check)).to.deep.equal(["validity"]);
      expect(result.failures[0].reason).to.match(/expired at/);
      // "Was it valid when the contract was signed?"
      expect(await certificates.status(lic(hash), { at: BigInt(t + 50) })).to.equal("active");
      expect((await certificates.verify(issued, { at: BigInt(t + 50) })).valid).to.equal(true);
      expect(await certificates.status(lic(hash), { at: BigInt(t - 1000) })).to.equal("notIssued");
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
      expect(await certificates.status(lic(issued.proof.certHash))).to.equal("active");
      await (await officer.revoke(issued, "fraud")).wait();
      const revokedAt = await now();
      const [event] = await r.queryFilter(r.filters.CertificateRevoked(issued.proof.certHash));
      expect(event.args.reason).to.equal(3n);
      const before = await r.certificate(LICENCE, issued.proof.certHash);
      const error = await officer.reinstate(issued).catch((e) => e);
      expect(error).to.be.instanceOf(InvalidStateError);
      expect(error.shortMessage).to.contain("is revoked");
      await expect(r.connect(staff.MARKET.officer).revoke(LICENCE, issued.proof.certHash, 3))
        .to.be.revertedWithCustomError(r, "CertificateRegistryInvalidStatus")
        .withArgs(LICENCE, issued.proof.certHash, Status.Revoked);
      expect(await r.certificate(LICENCE, issued.proof.certHash)).to.deep.equal(before);
      expect(await certificates.status(lic(issued.proof.certHash), { at: BigInt(revokedAt - 1) })).to.equal("active");
      expect(await certificates.status(lic(issued.proof.certHash), { at: BigInt(revokedAt) })).to.equal("revoked");
      expect(suspendedAt).to.be.lessThan(revokedAt);
    });

    it("refuses revoking an unknown hash and suspending a non-suspendable type", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const error = await certificates
        .connect(staff.MARKET.officer)
        .revoke(lic(id("unknown")))
        .catch((e) => e);
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.errorName).to.equal("CertificateRegistryUnknownCertificate");
      const t = await now();
      const PERMIT = encodeBytes32String("PERMIT");
      await (await r.registerType(PERMIT, MARKET, 0, false, false, false)).wait();
      await (await r.connect(staff.MARKET.officer).issue(PERMIT, id("permit"), ZeroHash, t, t + YEAR)).wait();
      await expect(r.connect(staff.MARKET.officer).suspend(PERMIT, id("permit"), 8))
        .to.be.revertedWithCustomError(r, "CertificateRegistryNotSuspendable")
        .withArgs(PERMIT);
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
      await expect(r.connect(staff.MARKET.officer).renew(LICENCE, old.proof.certHash, id("again"), ZeroHash, 1, 2))
        .to.be.revertedWithCustomError(r, "CertificateRegistryInvalidStatus")
        .withArgs(LICENCE, old.proof.certHash, Status.Superseded);
    });

    it("lets an authorised contract issue a managed type and supersede in the same call", async function () {
      const { certificateRegistry: r, staff, signers, operator } = await deployed();
      const registryContract = signers[19];
      const t = await now();
      await expect(r.connect(registryContract).issueFor(TITLE, id("v1"), ZeroHash, t, t + YEAR, ZeroHash))
        .to.be.revertedWithCustomError(r, "CertificateRegistryUnauthorizedIssuer")
        .withArgs(TITLE, registryContract.address);
      await expect(r.setIssuerAuthorised(TITLE, registryContract.address, true))
        .to.emit(r, "IssuerAuthorisationSet")
        .withArgs(TITLE, registryContract.address, true, operator.address);
      await (await r.connect(registryContract).issueFor(TITLE, id("v1"), ZeroHash, t, t + YEAR, ZeroHash)).wait();
      await (await r.connect(registryContract).issueFor(TITLE, id("v2"), ZeroHash, t, t + YEAR, id("v1"))).wait();
      expect(await r.statusOf(TITLE, id("v1"))).to.equal(Status.Superseded);
      expect((await r.certificate(TITLE, id("v1"))).supersededBy).to.equal(id("v2"));
      expect(await r.isValid(TITLE, id("v2"))).to.equal(true);
      // `supersedes` names a certificate of the same type: a licence with that hash is untouched.
      await (await r.connect(staff.MARKET.officer).issue(LICENCE, id("lic"), ZeroHash, t, t + YEAR)).wait();
      await (await r.connect(registryContract).issueFor(TITLE, id("v3"), ZeroHash, t, t + YEAR, id("lic"))).wait();
      expect(await r.isValid(LICENCE, id("lic"))).to.equal(true);
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
      expect(await r.isValidInBatch(LICENCE, root, issued[0].proof.certHash, issued[0].proof.merkleProof!)).to.equal(
        true,
      );
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
      expect(
        await s.certificates.contract.isValidInBatch(LICENCE, other.root, a.proof.certHash, a.proof.merkleProof!),
      ).to.equal(false);
      const error = await s.certificates
        .connect(s.staff.MARKET.officer)
        .revoke(foreign)
        .catch((e) => e);
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect(error.errorName).to.equal("CertificateRegistryInvalidProof");
      await expect(
        s.certificateRegistry.connect(s.staff.MARKET.officer).revokeInBatch(LICENCE, s.root, a.proof.certHash, [], 3),
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
      await (await officer.revokeBatch("BUSINESS_LICENCE", s.root, "businessClosed")).wait();
      expect((await s.certificates.record(b)).status).to.equal("revoked");
      const error = await officer.revokeBatch("BUSINESS_LICENCE", s.root).catch((e) => e);
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
        .revokeBatch("BUSINESS_LICENCE", id("nope"))
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
    it("stops a revoked officer and a deactivated department at once (the directory pushes the change)", async function () {
      const { certificates, access, staff } = await deployed();
      await (await access.connect(staff.MARKET.admin).revokeOfficer("MARKET", staff.MARKET.officer.address)).wait();
      await expect(certificates.connect(staff.MARKET.officer).issue(await licence())).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await access.connect(staff.MARKET.admin).grantOfficer("MARKET", staff.MARKET.officer.address)).wait();
      await (await access.deactivateDepartment("MARKET")).wait();
      expect((await certificates.certificateType("BUSINESS_LICENCE")).active).to.equal(false);
      await expect(certificates.connect(staff.MARKET.officer).issue(await licence())).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await access.reactivateDepartment("MARKET")).wait();
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
      expect(
        await certificates.statuses("BUSINESS_LICENCE", [a.proof.certHash, b.proof.certHash, id("none")]),
      ).to.deep.equal(["active", "revoked", "notIssued"]);
      const records = await certificates.contract.certificates(LICENCE, [a.proof.certHash, b.proof.certHash]);
      expect(records.map((rec) => rec.status)).to.deep.equal([Status.Active, Status.Revoked]);
    });

    it("statuses and verifyMany split large inputs into chunks and answer exactly as one call / verify() would", async function () {
      const { certificates, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const singles = [];
      for (let i = 0; i < 7; i++) singles.push(await (await officer.issue(await licence())).wait());
      await (await officer.revoke(singles[2])).wait();
      const batch = await (await officer.issueBatch([await licence(), await licence(), await licence()])).wait();
      await (await officer.revoke(batch.certificates[1])).wait();
      const tampered = {
        ...singles[4],
        fields: { ...singles[4].fields, capital: { ...singles[4].fields.capital, value: 1 } },
      };
      const documents = [
        ...singles,
        ...batch.certificates,
        tampered,
        await licence(), // never issued
        { ...singles[5], issuer: "TAX", proof: undefined },
      ];
      const hashes = [...singles.map((c) => c.proof.certHash), id("none")];
      const whole = await certificates.statuses("BUSINESS_LICENCE", hashes);
      expect(await certificates.statuses("BUSINESS_LICENCE", hashes, { chunkSize: 3 })).to.deep.equal(whole);
      expect(whole[2]).to.equal("revoked");

      const many = await certificates.verifyMany(documents, { chunkSize: 2 });
      const one = await Promise.all(documents.map((d) => certificates.verify(d, { at: many[0].at })));
      expect(many.map((r) => r.failures)).to.deep.equal(one.map((r) => r.failures));
      expect(many.map((r) => r.valid)).to.deep.equal([
        true,
        true,
        false, // revoked
        true,
        true,
        true,
        true,
        true,
        false, // revoked leaf
        true,
        false, // tampered
        false, // not issued
        false, // wrong issuer
      ]);
      await expect(certificates.verifyMany(documents, { chunkSize: 0 })).to.be.rejectedWith(/chunkSize/);
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

  describe("promise 1: a certificate belongs to its type", function () {
    it("another department squatting the next title's hash under its own type neither blocks nor verifies as the title", async function () {
      const { certificates, certificateRegistry: r, staff, signers } = await deployed();
      const propertyRegistry = signers[19];
      await (await r.setIssuerAuthorised(TITLE, propertyRegistry.address, true)).wait();
      const t = await now();
      const title = createDocument({
        certType: "PROPERTY_TITLE",
        issuer: "REGISTRY",
        subject: commitSubject("110101199001011237").commitment,
        validFrom: t,
        validUntil: t + 10 * YEAR,
        fields: { unit: "110105001001GB00001F00010001" },
      });
      const titleHash = documentHash(title);
      // A MARKET officer, with one of MARKET's own types, issues the hash first.
      await (await r.connect(staff.MARKET.officer).issue(LICENCE, titleHash, ZeroHash, t, t + YEAR)).wait();
      expect(await r.isValid(LICENCE, titleHash)).to.equal(true);
      expect(await r.isValid(TITLE, titleHash)).to.equal(false);
      const squatted = await certificates.verify(title);
      expect(squatted.valid).to.equal(false);
      expect(squatted.checks.issued.ok).to.equal(false);
      // The property registry's issuance is not blocked, and the verifier reads the title's own record.
      await (
        await r.connect(propertyRegistry).issueFor(TITLE, titleHash, title.subject, t, t + 10 * YEAR, ZeroHash)
      ).wait();
      const verified = await certificates.verify(title);
      expect(verified.failures).to.deep.equal([]);
      expect(verified.record).to.deep.include({ certType: "PROPERTY_TITLE", department: "REGISTRY" });
      // Revoking the squatted licence changes nothing for the title.
      await (await r.connect(staff.MARKET.officer).revoke(LICENCE, titleHash, 3)).wait();
      expect(await r.isValid(TITLE, titleHash)).to.equal(true);
    });

    it("binds a batch root to its type", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const batch = await (
        await certificates.connect(staff.MARKET.officer).issueBatch([await licence(), await licence()])
      ).wait();
      const [a] = batch.certificates;
      const FOOD = encodeBytes32String("FOOD_LICENCE");
      expect(await r.isValidInBatch(LICENCE, batch.root, a.proof.certHash, a.proof.merkleProof!)).to.equal(true);
      expect(await r.isValidInBatch(FOOD, batch.root, a.proof.certHash, a.proof.merkleProof!)).to.equal(false);
      expect(await r.batchStatusAt(FOOD, batch.root, a.proof.certHash, a.proof.merkleProof!, await now())).to.equal(
        Status.NotIssued,
      );
      // The same root may be issued under another type: it is another batch.
      const t = await now();
      await (await r.connect(staff.MARKET.officer).issueBatch(FOOD, batch.root, 2, t, t + YEAR)).wait();
      await (await r.connect(staff.MARKET.officer).revokeBatch(FOOD, batch.root, 3)).wait();
      expect((await certificates.verify(a)).valid).to.equal(true);
    });
  });

  describe("promise 2: contract-managed types are untouchable by hand", function () {
    it("refuses every officer path on a managed type, whoever the officer", async function () {
      const { certificates, certificateRegistry: r, staff, signers, manifest } = await deployed();
      expect(await r.isIssuerAuthorised(TITLE, manifest.contracts.PropertyRegistry!.proxy)).to.equal(true);
      await (await r.setIssuerAuthorised(TITLE, signers[19].address, true)).wait();
      const t = await now();
      await (await r.connect(signers[19]).issueFor(TITLE, id("t1"), ZeroHash, t, t + YEAR, ZeroHash)).wait();
      const root = id("root");
      for (const officer of [staff.REGISTRY.officer, staff.MARKET.officer]) {
        const o = r.connect(officer);
        const calls = [
          o.issue(TITLE, id("t2"), ZeroHash, t, t + YEAR),
          o.issueBatch(TITLE, root, 2, t, t + YEAR),
          o.renew(TITLE, id("t1"), id("t2"), ZeroHash, t, t + YEAR),
          o.revoke(TITLE, id("t1"), 3),
          o.suspend(TITLE, id("t1"), 8),
          o.reinstate(TITLE, id("t1"), 9),
          o.revokeBatch(TITLE, root, 3),
          o.revokeInBatch(TITLE, root, id("t1"), [], 3),
          o.suspendInBatch(TITLE, root, id("t1"), [], 8),
          o.reinstateInBatch(TITLE, root, id("t1"), [], 9),
        ];
        for (const call of calls) {
          await expect(call).to.be.revertedWithCustomError(r, "CertificateRegistryManagedType").withArgs(TITLE);
        }
      }
      const signed = await certificates.signIssue(
        { ...(await licence()), certType: "PROPERTY_TITLE", issuer: "REGISTRY" },
        staff.REGISTRY.officer,
        { deadline: t + 3600 },
      );
      const error = await certificates
        .connect(signers[3])
        .submitSigned(signed)
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.shortMessage).to.match(/managed by a contract/);
      expect(await r.isValid(TITLE, id("t1"))).to.equal(true);
    });

    it("fixes managedness at registration: no contract can be authorised for an officer type", async function () {
      const { certificateRegistry: r, signers, operator } = await deployed();
      await expect(r.setIssuerAuthorised(LICENCE, signers[19].address, true))
        .to.be.revertedWithCustomError(r, "CertificateRegistryUnmanagedType")
        .withArgs(LICENCE);
      await expect(r.connect(signers[19]).revokeFor(LICENCE, id("x"), 3))
        .to.be.revertedWithCustomError(r, "CertificateRegistryUnauthorizedIssuer")
        .withArgs(LICENCE, signers[19].address);
      const PERMIT = encodeBytes32String("PERMIT");
      await expect(r.registerType(PERMIT, MARKET, 0, true, false, true))
        .to.emit(r, "CertificateTypeRegistered")
        .withArgs(PERMIT, MARKET, 0, true, false, true, operator.address);
    });

    it("lets the managing contract revoke, and never blocks it on the previous certificate's state", async function () {
      const { certificateRegistry: r, signers } = await deployed();
      const issuer = r.connect(signers[19]);
      await (await r.setIssuerAuthorised(TITLE, signers[19].address, true)).wait();
      const t = await now();
      await (await issuer.issueFor(TITLE, id("v1"), ZeroHash, t, t + YEAR, ZeroHash)).wait();
      await expect(issuer.revokeFor(TITLE, id("v1"), 5))
        .to.emit(r, "CertificateRevoked")
        .withArgs(id("v1"), TITLE, 5, signers[19].address);
      await expect(issuer.revokeFor(TITLE, id("v1"), 5)).to.not.emit(r, "CertificateRevoked"); // ended: a no-op
      await (await issuer.issueFor(TITLE, id("v2"), ZeroHash, t, t + YEAR, id("v1"))).wait(); // revoked: left
      await (await issuer.issueFor(TITLE, id("v3"), ZeroHash, t, t + YEAR, id("v2"))).wait();
      await (await issuer.issueFor(TITLE, id("v4"), ZeroHash, t, t + YEAR, id("v2"))).wait(); // superseded: left
      expect(await r.statusOf(TITLE, id("v1"))).to.equal(Status.Revoked);
      expect((await r.certificate(TITLE, id("v2"))).supersededBy).to.equal(id("v3"));
      expect(await r.isValid(TITLE, id("v4"))).to.equal(true);
    });
  });

  describe("promise 3: revocation is final on every path", function () {
    it("a revoked certificate is never valid again: not singly, signed, renewed into, nor put in a batch", async function () {
      const { certificates, certificateRegistry: r, staff, stranger } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const t = await now();
      const window = { validFrom: t - DAY, validUntil: t + YEAR };
      const doc = await licence(window);
      const issued = await (await officer.issue(doc)).wait();
      const hash = issued.proof.certHash;
      await (await officer.revoke(issued, "fraud")).wait();
      const again = await officer.issue(doc).catch((e) => e);
      expect(again).to.be.instanceOf(InvalidStateError);
      expect(again.errorName).to.equal("CertificateRegistryRevokedForever");
      const signed = await certificates.signIssue(doc, staff.MARKET.officer, { deadline: t + 3600 });
      await expect(certificates.connect(stranger).submitSigned(signed)).to.be.rejectedWith(InvalidStateError);
      const other = await (await officer.issue(await licence())).wait();
      await expect(r.connect(staff.MARKET.officer).renew(LICENCE, other.proof.certHash, hash, ZeroHash, t, t + YEAR))
        .to.be.revertedWithCustomError(r, "CertificateRegistryRevokedForever")
        .withArgs(LICENCE, hash);
      // The revoked hash inside a new batch root: its leaf reads the tombstone.
      const batch = await (await officer.issueBatch([doc, await licence(window)])).wait();
      const leaf = batch.certificates[0];
      expect(leaf.proof.certHash).to.equal(hash);
      expect(await r.isValidInBatch(LICENCE, batch.root, hash, leaf.proof.merkleProof!)).to.equal(false);
      expect((await certificates.verify(leaf)).failures).to.deep.equal([
        { check: "status", reason: "the certificate is revoked" },
      ]);
      expect((await certificates.verify(batch.certificates[1])).valid).to.equal(true);
    });

    it("a leaf revoked in batch A is revoked in batch B and can never be issued singly", async function () {
      const { certificates, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const t = await now();
      const window = { validFrom: t - DAY, validUntil: t + YEAR };
      const doc = await licence(window);
      const a = await (await officer.issueBatch([doc, await licence(window)])).wait();
      await (await officer.revoke(a.certificates[0], "issuedInError")).wait();
      const b = await (await officer.issueBatch([doc, await licence(window), await licence(window)])).wait();
      expect((await certificates.record(b.certificates[0])).status).to.equal("revoked");
      expect(await certificates.status(lic(documentHash(doc)))).to.equal("revoked");
      const single = await officer.issue(doc).catch((e) => e);
      expect(single.errorName).to.equal("CertificateRegistryRevokedForever");
      const reinstated = await officer.reinstate(b.certificates[0]).catch((e) => e);
      expect(reinstated).to.be.instanceOf(InvalidStateError);
    });

    it("refuses issuance whose validity window has already ended", async function () {
      const { certificates, certificateRegistry: r, staff } = await deployed();
      const t = await now();
      const late = await certificates
        .connect(staff.MARKET.officer)
        .issue(await licence({ validFrom: t - YEAR, validUntil: t - DAY }))
        .catch((e) => e);
      expect(late).to.be.instanceOf(InvalidArgumentError);
      expect(late.errorName).to.equal("CertificateRegistryValidityEnded");
      await expect(r.connect(staff.MARKET.officer).issueBatch(LICENCE, id("root"), 2, t - YEAR, t - DAY))
        .to.be.revertedWithCustomError(r, "CertificateRegistryValidityEnded")
        .withArgs(t - DAY, (issuedAt: bigint) => issuedAt > BigInt(t));
    });
  });

  describe('promise 4: "was it valid at time T" is exact', function () {
    it("shows a lifted suspension and a suspension that ended in revocation at any time inside them", async function () {
      const { certificates, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const issued = await (await officer.issue(await licence())).wait();
      const { time } = connection.networkHelpers;
      const at = async (t: number) => certificates.status(lic(issued.proof.certHash), { at: BigInt(t) });
      await time.increase(100);
      await (await officer.suspend(issued)).wait();
      const s1 = await now();
      await time.increase(100);
      await (await officer.reinstate(issued)).wait();
      const e1 = await now();
      await time.increase(100);
      await (await officer.suspend(issued)).wait();
      const s2 = await now();
      await time.increase(100);
      await (await officer.revoke(issued, "fraud")).wait();
      const r = await now();
      expect(await at(s1 - 1)).to.equal("active");
      expect(await at(s1)).to.equal("suspended");
      expect(await at(s1 + 50)).to.equal("suspended");
      expect(await at(e1)).to.equal("active");
      expect(await at(e1 + 50)).to.equal("active");
      expect(await at(s2 + 50)).to.equal("suspended");
      expect(await at(r - 1)).to.equal("suspended");
      expect(await at(r)).to.equal("revoked");
      expect((await certificates.verify(issued, { at: BigInt(s1 + 50) })).failures).to.deep.equal([
        { check: "status", reason: "the certificate is suspended" },
      ]);
      expect((await certificates.verify(issued, { at: BigInt(e1 + 50) })).valid).to.equal(true);
    });

    it("keeps a suspension ended by renewal, and a batch leaf's lifted suspension", async function () {
      const { certificates, staff } = await deployed();
      const officer = certificates.connect(staff.MARKET.officer);
      const { time } = connection.networkHelpers;
      const old = await (await officer.issue(await licence())).wait();
      await (await officer.suspend(old)).wait();
      const s = await now();
      await time.increase(100);
      await (await officer.renew(old, await licence())).wait();
      expect(await certificates.status(lic(old.proof.certHash), { at: BigInt(s + 50) })).to.equal("suspended");
      expect(await certificates.status(lic(old.proof.certHash))).to.equal("superseded");

      const batch = await (await officer.issueBatch([await licence(), await licence()])).wait();
      const [leaf] = batch.certificates;
      await (await officer.suspend(leaf)).wait();
      const ls = await now();
      await time.increase(100);
      await (await officer.reinstate(leaf)).wait();
      expect((await certificates.record(leaf, { at: BigInt(ls + 50) })).status).to.equal("suspended");
      expect((await certificates.record(leaf)).status).to.equal("active");
    });
  });

  describe("configuration events", function () {
    it("reports a department's sync with the number of its types", async function () {
      const { certificateRegistry: r, access } = await deployed();
      const tx = await (await access.deactivateDepartment("MARKET")).wait();
      void tx;
      const [event] = await r.queryFilter(r.filters.DepartmentSynced(MARKET));
      expect(event.args.active).to.equal(false);
      // Every certificate type MARKET owns in the city's services (BUSINESS_LICENCE, FOOD_LICENCE, ...).
      const owned = (loadCityConfig().certificateTypes ?? []).filter((t) => t.department === "MARKET");
      expect(owned.length).to.be.greaterThan(1);
      expect(event.args.typeCount).to.equal(BigInt(owned.length));
    });
  });
});
