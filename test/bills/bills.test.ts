import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  b32,
  bill,
  billBatch,
  deployBills,
  FISCAL_BILL,
  FROM,
  INVOICE,
  INVOICE_ISSUER,
  REIMBURSER,
  SUBJECT,
  UNTIL,
  type BillsFixture,
} from "./fixture.js";

/** BillReimbursement.State */
const NONE = 0n;
const LOCKED = 1n;
const CLOSED = 2n;
const UNLOCKED = 3n;
/** ICertificateRegistry.Status */
const NOT_ISSUED = 0n;
const REVOKED = 3n;
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

describe("E-bills: accredited issuance and reimbursement", function () {
  let connection: NetworkConnection;
  let f: BillsFixture;
  before(async function () {
    connection = await network.create();
  });
  beforeEach(async function () {
    f = await connection.networkHelpers.loadFixture(deployBillsFixture);
  });
  const deployBillsFixture = () => deployBills(connection);
  const state = async (certHash: string, type = INVOICE) => (await f.reimbursement.claimOf(type, certHash)).state;

  describe("AccreditedIssuance", function () {
    it("lets an accredited issuer issue a bill and records it as the bill's issuer", async function () {
      const h = bill();
      await expect(f.issuance.connect(f.hospital).issue(INVOICE, h, SUBJECT, FROM, UNTIL))
        .to.emit(f.issuance, "AccreditedIssued")
        .withArgs(INVOICE, h, f.hospital.address, INVOICE_ISSUER, false);
      expect(await f.certificateRegistry.isValid(INVOICE, h)).to.equal(true);
      expect(await f.issuance.issuerOf(INVOICE, h)).to.equal(f.hospital.address);
    });

    it("lets an accredited issuer issue a Merkle batch whose members verify in the registry", async function () {
      const batch = billBatch(8);
      await expect(f.issuance.connect(f.shop).issueBatch(INVOICE, batch.root, 8, FROM, UNTIL))
        .to.emit(f.certificateRegistry, "BatchIssued")
        .withArgs(batch.root, INVOICE, 8, FROM, UNTIL, await f.issuance.getAddress());
      expect(
        await f.certificateRegistry.isValidInBatch(INVOICE, batch.root, batch.hashes[3], batch.proofs[3]),
      ).to.equal(true);
      expect(await f.issuance.issuerOf(INVOICE, batch.root)).to.equal(f.shop.address);
    });

    it("refuses an account that was never accredited, and changes nothing", async function () {
      const h = bill();
      await expect(f.issuance.connect(f.employer).issue(INVOICE, h, SUBJECT, FROM, UNTIL))
        .to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited")
        .withArgs(INVOICE_ISSUER, f.employer.address);
      const batch = billBatch(2);
      await expect(
        f.issuance.connect(f.employer).issueBatch(INVOICE, batch.root, 2, FROM, UNTIL),
      ).to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited");
      expect(await f.certificateRegistry.statusOf(INVOICE, h)).to.equal(NOT_ISSUED);
      expect(await f.issuance.issuerOf(INVOICE, h)).to.equal(ZERO_ADDRESS);
    });

    it("refuses an issuer whose accreditation ended or was revoked; its earlier bills stay valid", async function () {
      const [before] = await f.issueBills(f.hospital);
      const now = BigInt(await connection.networkHelpers.time.latest());
      await f.accredit(INVOICE_ISSUER, f.hospital, now - 10n, now + 100n);
      await connection.networkHelpers.time.increase(200);
      await expect(
        f.issuance.connect(f.hospital).issue(INVOICE, bill(), SUBJECT, FROM, UNTIL),
      ).to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited");
      await f.revokeAccreditation(INVOICE_ISSUER, f.shop);
      await expect(
        f.issuance.connect(f.shop).issue(INVOICE, bill(), SUBJECT, FROM, UNTIL),
      ).to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited");
      // A bill is valid when its issuer was accredited when it issued it.
      expect(await f.certificateRegistry.isValid(INVOICE, before)).to.equal(true);
    });

    it("refuses every issuer of a role whose department is deactivated", async function () {
      await (await f.directory.setDepartmentActive(b32("TAX"), false)).wait();
      await expect(
        f.issuance.connect(f.hospital).issue(INVOICE, bill(), SUBJECT, FROM, UNTIL),
      ).to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited");
    });

    it("refuses a type bound to no role, and a role of another department than the type's", async function () {
      await expect(f.issuance.setIssuerRole(INVOICE, REIMBURSER))
        .to.be.revertedWithCustomError(f.issuance, "AccreditedIssuanceRoleMismatch")
        .withArgs(INVOICE, REIMBURSER, b32("FINANCE"), b32("TAX"));
      await expect(f.issuance.setIssuerRole(INVOICE, b32("NO_SUCH_ROLE"))).to.be.revertedWithCustomError(
        f.issuance,
        "AccreditedIssuanceRoleMismatch",
      );
      await (await f.issuance.setIssuerRole(FISCAL_BILL, b32(""))).wait();
      await expect(f.issuance.connect(f.hospital).issue(FISCAL_BILL, bill(), SUBJECT, FROM, UNTIL))
        .to.be.revertedWithCustomError(f.issuance, "AccreditedIssuanceUnknownType")
        .withArgs(FISCAL_BILL);
    });

    it("leaves the bill types untouchable by officers and by unauthorised contracts", async function () {
      await expect(
        f.certificateRegistry.connect(f.staff.TAX.officer).issue(INVOICE, bill(), SUBJECT, FROM, UNTIL),
      ).to.be.revertedWithCustomError(f.certificateRegistry, "CertificateRegistryManagedType");
      await expect(f.certificateRegistry.connect(f.hospital).issueBatchFor(INVOICE, bill(), 2, FROM, UNTIL))
        .to.be.revertedWithCustomError(f.certificateRegistry, "CertificateRegistryUnauthorizedIssuer")
        .withArgs(INVOICE, f.hospital.address);
    });

    it("lets the issuer or an officer of the role's department revoke a bill, nobody else", async function () {
      const [a, b] = await f.issueBills(f.hospital, 2);
      await expect(f.issuance.connect(f.shop).revoke(INVOICE, a, 1))
        .to.be.revertedWithCustomError(f.issuance, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(b32("TAX"), f.shop.address);
      await expect(f.issuance.connect(f.staff.PSB.officer).revoke(INVOICE, a, 1)).to.be.revertedWithCustomError(
        f.issuance,
        "DepartmentGatedUnauthorizedOfficer",
      );
      await expect(f.issuance.connect(f.hospital).revoke(INVOICE, a, 1))
        .to.emit(f.issuance, "AccreditedRevoked")
        .withArgs(INVOICE, a, f.hospital.address, 1);
      await (await f.issuance.connect(f.staff.TAX.officer).revoke(INVOICE, b, 2)).wait();
      expect(await f.certificateRegistry.statusOf(INVOICE, a)).to.equal(REVOKED);
      expect(await f.certificateRegistry.statusOf(INVOICE, b)).to.equal(REVOKED);
      await expect(f.issuance.connect(f.hospital).revoke(INVOICE, bill(), 1))
        .to.be.revertedWithCustomError(f.issuance, "AccreditedIssuanceUnknownCertificate")
        .withArgs(INVOICE, (v: string) => v.length === 66);
    });
  });

  describe("BillReimbursement", function () {
    it("locks then closes a bill, recording the reimbursing organisation (never an amount)", async function () {
      const [h] = await f.issueBills(f.hospital);
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [h]))
        .to.emit(f.reimbursement, "BillLocked")
        .withArgs(INVOICE, h, f.employer.address);
      const locked = await f.reimbursement.claimOf(INVOICE, h);
      expect([locked.reimburser, locked.state]).to.deep.equal([f.employer.address, LOCKED]);
      await expect(f.reimbursement.connect(f.employer).close(INVOICE, [h]))
        .to.emit(f.reimbursement, "BillClosed")
        .withArgs(INVOICE, h, f.employer.address);
      expect(await state(h)).to.equal(CLOSED);
    });

    it("never lets a second organisation lock a bill another locked or closed", async function () {
      const [a, b] = await f.issueBills(f.hospital, 2);
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, [a, b])).wait();
      await (await f.reimbursement.connect(f.employer).close(INVOICE, [b])).wait();
      await expect(f.reimbursement.connect(f.insurer).lock(INVOICE, [a]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementUnavailable")
        .withArgs(INVOICE, a, LOCKED, f.employer.address);
      await expect(f.reimbursement.connect(f.insurer).lock(INVOICE, [b]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementUnavailable")
        .withArgs(INVOICE, b, CLOSED, f.employer.address);
      // The holder of the lock cannot take it twice either, nor lock a closed bill again.
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [a])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementUnavailable",
      );
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [b])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementUnavailable",
      );
      expect((await f.reimbursement.claimOf(INVOICE, a)).reimburser).to.equal(f.employer.address);
    });

    it("lets an unlocked (abandoned) bill be locked by another organisation", async function () {
      const [h] = await f.issueBills(f.shop);
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, [h])).wait();
      await expect(f.reimbursement.connect(f.employer).unlock(INVOICE, [h]))
        .to.emit(f.reimbursement, "BillUnlocked")
        .withArgs(INVOICE, h, f.employer.address);
      expect(await state(h)).to.equal(UNLOCKED);
      await (await f.reimbursement.connect(f.insurer).lock(INVOICE, [h])).wait();
      const claim = await f.reimbursement.claimOf(INVOICE, h);
      expect([claim.reimburser, claim.state]).to.deep.equal([f.insurer.address, LOCKED]);
    });

    it("refuses to lock an unknown or revoked bill, and a call with one bad bill changes nothing", async function () {
      const [good, revoked] = await f.issueBills(f.hospital, 2);
      await (await f.issuance.connect(f.hospital).revoke(INVOICE, revoked, 1)).wait();
      const unknown = bill();
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [good, unknown]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementInvalidBill")
        .withArgs(INVOICE, unknown, NOT_ISSUED);
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [good, revoked]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementInvalidBill")
        .withArgs(INVOICE, revoked, REVOKED);
      expect(await state(good)).to.equal(NONE);
    });

    it("refuses a bill of another type than the one named (a bill's identity is its type and hash)", async function () {
      const [h] = await f.issueBills(f.hospital);
      await expect(f.reimbursement.connect(f.employer).lock(FISCAL_BILL, [h]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementInvalidBill")
        .withArgs(FISCAL_BILL, h, NOT_ISSUED);
      await expect(f.reimbursement.connect(f.employer).lock(b32("BUSINESS_LICENCE"), [h]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementUnknownBillType")
        .withArgs(b32("BUSINESS_LICENCE"));
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementInvalidInput",
      );
    });

    it("refuses to close or unlock a bill the caller did not lock", async function () {
      const [a, b, c] = await f.issueBills(f.hospital, 3);
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, [a])).wait();
      await expect(f.reimbursement.connect(f.insurer).close(INVOICE, [a]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementNotLocker")
        .withArgs(INVOICE, a, f.insurer.address, LOCKED, f.employer.address);
      await expect(f.reimbursement.connect(f.insurer).unlock(INVOICE, [a])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementNotLocker",
      );
      await expect(f.reimbursement.connect(f.employer).close(INVOICE, [b]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementNotLocker")
        .withArgs(INVOICE, b, f.employer.address, NONE, ZERO_ADDRESS);
      // Closed is final: no unlock, no second close.
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, [c])).wait();
      await (await f.reimbursement.connect(f.employer).close(INVOICE, [c])).wait();
      await expect(f.reimbursement.connect(f.employer).unlock(INVOICE, [c])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementNotLocker",
      );
      await expect(f.reimbursement.connect(f.employer).close(INVOICE, [c])).to.be.revertedWithCustomError(
        f.reimbursement,
        "BillReimbursementNotLocker",
      );
      expect(await state(a)).to.equal(LOCKED);
      expect(await state(b)).to.equal(NONE);
    });

    it("refuses a reimburser whose accreditation ended or was revoked; it can still let go of its locks", async function () {
      const [a, b] = await f.issueBills(f.hospital, 2);
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, [a])).wait();
      await (await f.reimbursement.connect(f.insurer).lock(INVOICE, [b])).wait();
      const now = BigInt(await connection.networkHelpers.time.latest());
      await f.accredit(REIMBURSER, f.employer, now - 10n, now + 100n);
      await connection.networkHelpers.time.increase(200);
      await f.revokeAccreditation(REIMBURSER, f.insurer);
      for (const [who, h] of [
        [f.employer, a],
        [f.insurer, b],
      ] as const) {
        await expect(f.reimbursement.connect(who).close(INVOICE, [h]))
          .to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited")
          .withArgs(REIMBURSER, who.address);
        await expect(
          f.reimbursement.connect(who).lock(INVOICE, await f.issueBills(f.shop)),
        ).to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited");
        await (await f.reimbursement.connect(who).unlock(INVOICE, [h])).wait();
      }
      expect(await state(a)).to.equal(UNLOCKED);
    });

    it("refuses reimbursers whose role's department is deactivated", async function () {
      const [h] = await f.issueBills(f.hospital);
      await (await f.directory.setDepartmentActive(b32("FINANCE"), false)).wait();
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [h]))
        .to.be.revertedWithCustomError(f.participants, "ParticipantRegistryNotAccredited")
        .withArgs(REIMBURSER, f.employer.address);
      expect(await state(h)).to.equal(NONE);
    });

    it("locks many bills in one transaction, and members of an accredited issuer's batch by proof", async function () {
      const singles = await f.issueBills(f.hospital, 5);
      await (await f.reimbursement.connect(f.employer).lock(INVOICE, singles)).wait();
      expect((await f.reimbursement.claims(INVOICE, singles)).map((c) => c.state)).to.deep.equal(
        singles.map(() => LOCKED),
      );
      await (await f.reimbursement.connect(f.employer).close(INVOICE, singles)).wait();

      const batch = billBatch(6);
      await (await f.issuance.connect(f.shop).issueBatch(INVOICE, batch.root, 6, FROM, UNTIL)).wait();
      const picked = [0, 2, 5];
      await (
        await f.reimbursement.connect(f.insurer).lockInBatch(
          INVOICE,
          batch.root,
          picked.map((i) => batch.hashes[i]),
          picked.map((i) => batch.proofs[i]),
        )
      ).wait();
      expect(await state(batch.hashes[2])).to.equal(LOCKED);
      // The same bill is the same bill whichever way it is proved: the employer cannot lock it.
      await expect(
        f.reimbursement.connect(f.employer).lockInBatch(INVOICE, batch.root, [batch.hashes[2]], [batch.proofs[2]]),
      ).to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementUnavailable");
      // A wrong proof, or a bill outside the batch, is no bill.
      const stranger = bill();
      await expect(f.reimbursement.connect(f.employer).lockInBatch(INVOICE, batch.root, [stranger], [batch.proofs[1]]))
        .to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementInvalidBill")
        .withArgs(INVOICE, stranger, NOT_ISSUED);
      await expect(
        f.reimbursement.connect(f.employer).lockInBatch(INVOICE, batch.root, [batch.hashes[1]], []),
      ).to.be.revertedWithCustomError(f.reimbursement, "BillReimbursementInvalidInput");
    });

    it("is halted by the emergency stop", async function () {
      const [h] = await f.issueBills(f.hospital);
      await (await f.directory.setModuleClosed(await f.reimbursement.getAddress(), true)).wait();
      await expect(f.reimbursement.connect(f.employer).lock(INVOICE, [h])).to.be.revertedWithCustomError(
        f.reimbursement,
        "AccessManagedUnauthorized",
      );
    });
  });
});
