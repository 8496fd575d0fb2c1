import { expect } from "chai";
import { id, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { hashScope } from "../../sdk/index.js";
import { CLS, code, DAY, deployExchange, DS, LEGAL, PURPOSE, SCOPE, type ExchangeSuite } from "./fixture.js";

const q = (i: number) => keccak256(toUtf8Bytes(`query ${i}`));
const r = (i: number) => keccak256(toUtf8Bytes(`response ${i}`));

describe("DataExchange", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(exchangeFixture);
  const exchangeFixture = () => deployExchange(connection);
  const now = async () => BigInt(await connection.networkHelpers.time.latest());
  before(async function () {
    connection = await network.create();
  });

  /** TAX asks for `dataset` (default PSB's household register); resolves to the request id. */
  async function request(s: ExchangeSuite, dataset: string = DS.household, consentId = 0n, requester = "TAX") {
    const officer = s.staff[requester as "TAX"].officer;
    await s.exchangeContract
      .connect(officer)
      .requestAccess(dataset, code(requester), PURPOSE, LEGAL, SCOPE, 30 * DAY, consentId);
    return s.exchangeContract.requestCount();
  }

  /** A live internal grant of PSB's household register to TAX; resolves to its id. */
  async function granted(s: ExchangeSuite) {
    const requestId = await request(s);
    await s.exchangeContract.connect(s.staff.PSB.officer).approveRequest(requestId, ZeroHash, 0);
    return requestId;
  }

  describe("catalogue", function () {
    it("registers datasets with owner, hashes, classification and version 1", async function () {
      const { exchange, exchangeContract, staff } = await deployed();
      expect(await exchange.dataset(DS.income)).to.deep.include({
        owner: "TAX",
        classification: "confidential",
        cosigner: "COURT",
        version: 1,
        personal: false,
        retired: false,
      });
      const [event] = await exchangeContract.queryFilter(exchangeContract.filters.DatasetRegistered(DS.household));
      expect(event.args.owner).to.equal(code("PSB"));
      expect(event.args.actor).to.equal(staff.PSB.officer.address);
    });

    it("refuses a duplicate id, an officer of another department, zero values and a bad co-signer", async function () {
      const { exchangeContract: x, staff } = await deployed();
      const psb = x.connect(staff.PSB.officer);
      await expect(psb.registerDataset(DS.household, code("PSB"), id("s"), id("e"), CLS.internal, false, ZeroHash))
        .to.be.revertedWithCustomError(x, "DataExchangeDuplicateDataset")
        .withArgs(DS.household);
      const fresh = id("fresh");
      await expect(psb.registerDataset(fresh, code("TAX"), id("s"), id("e"), CLS.internal, false, ZeroHash))
        .to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("TAX"), staff.PSB.officer.address);
      await expect(psb.registerDataset(fresh, code("PSB"), ZeroHash, id("e"), CLS.internal, false, ZeroHash))
        .to.be.revertedWithCustomError(x, "DataExchangeZeroValue")
        .withArgs(code("schemaHash"));
      for (const [classification, cosigner] of [
        [CLS.confidential, ZeroHash],
        [CLS.confidential, code("PSB")],
        [CLS.confidential, code("NOPE")],
        [CLS.restricted, code("COURT")],
      ] as const) {
        await expect(psb.registerDataset(fresh, code("PSB"), id("s"), id("e"), classification, false, cosigner))
          .to.be.revertedWithCustomError(x, "DataExchangeInvalidCosigner")
          .withArgs(fresh, cosigner);
      }
      await expect(x.dataset(fresh)).to.be.revertedWithCustomError(x, "DataExchangeUnknownDataset");
    });

    it("updates hashes (owner officer) and reclassifies (owner admin only), bumping the version", async function () {
      const { exchange, exchangeContract: x, staff } = await deployed();
      await expect(x.connect(staff.PSB.officer).updateDataset(DS.household, id("s2"), id("e2")))
        .to.emit(x, "DatasetUpdated")
        .withArgs(DS.household, 2, id("s2"), id("e2"), staff.PSB.officer.address);
      await expect(x.connect(staff.TAX.officer).updateDataset(DS.household, id("s3"), id("e3")))
        .to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("PSB"), staff.TAX.officer.address);
      await expect(x.connect(staff.PSB.officer).reclassifyDataset(DS.household, CLS.public, ZeroHash))
        .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedAdmin")
        .withArgs(code("PSB"), staff.PSB.officer.address);
      expect(await exchange.dataset(DS.household)).to.deep.include({ classification: "internal", version: 2 });
      await (await exchange.connect(staff.PSB.admin).reclassifyDataset(DS.household, "confidential", "COURT")).wait();
      expect(await exchange.dataset(DS.household)).to.deep.include({
        classification: "confidential",
        cosigner: "COURT",
        version: 3,
        schemaHash: id("s2"),
      });
    });

    it("retires a dataset: no new requests, updates or approvals; refused for other departments", async function () {
      const { exchange, exchangeContract: x, staff } = await deployed();
      const pending = await request(await deployed());
      await expect(x.connect(staff.TAX.officer).retireDataset(DS.household)).to.be.revertedWithCustomError(
        x,
        "DepartmentGatedUnauthorizedOfficer",
      );
      await expect(x.connect(staff.PSB.officer).retireDataset(DS.household))
        .to.emit(x, "DatasetRetired")
        .withArgs(DS.household, code("PSB"), staff.PSB.officer.address);
      const before = await x.requestCount();
      await expect(x.connect(staff.TAX.officer).requestAccess(DS.household, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeDatasetRetired")
        .withArgs(DS.household);
      expect(await x.requestCount()).to.equal(before);
      await expect(x.connect(staff.PSB.officer).approveRequest(pending, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeDatasetRetired")
        .withArgs(DS.household);
      await expect(x.connect(staff.PSB.officer).retireDataset(DS.household)).to.be.revertedWithCustomError(
        x,
        "DataExchangeDatasetRetired",
      );
      expect((await exchange.request(pending)).status).to.equal("pending");
      expect((await exchange.dataset(DS.household)).retired).to.equal(true);
    });
  });

  describe("requests", function () {
    it("records a request with purpose, legal basis, scope, duration and the requesting officer", async function () {
      const s = await deployed();
      const requestId = await request(s);
      expect(await s.exchange.request(requestId)).to.deep.include({
        dataset: DS.household,
        requester: "TAX",
        purpose: "DEED_TAX",
        legalBasis: "PRC-DEED-TAX-LAW-15",
        scopeHash: SCOPE,
        requestedBy: s.staff.TAX.officer.address,
        durationSeconds: BigInt(30 * DAY),
        status: "pending",
      });
    });

    it("refuses an unknown dataset, a self-request, a bad duration, zero codes and a non-officer", async function () {
      const { exchangeContract: x, staff, stranger } = await deployed();
      const tax = x.connect(staff.TAX.officer);
      await expect(tax.requestAccess(id("nope"), code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownDataset")
        .withArgs(id("nope"));
      await expect(tax.requestAccess(DS.income, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeSelfRequest")
        .withArgs(DS.income, code("TAX"));
      const max = await x.MAX_GRANT_DURATION();
      for (const duration of [0n, max + 1n]) {
        await expect(tax.requestAccess(DS.household, code("TAX"), PURPOSE, LEGAL, SCOPE, duration, 0))
          .to.be.revertedWithCustomError(x, "DataExchangeInvalidDuration")
          .withArgs(duration, max);
      }
      await expect(tax.requestAccess(DS.household, code("TAX"), ZeroHash, LEGAL, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeZeroValue")
        .withArgs(code("purpose"));
      await expect(tax.requestAccess(DS.household, code("TAX"), PURPOSE, ZeroHash, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeZeroValue")
        .withArgs(code("legalBasis"));
      await expect(
        x.connect(stranger).requestAccess(DS.household, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0),
      ).to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer");
      expect(await x.requestCount()).to.equal(0n);
    });
  });

  describe("approval rules by classification", function () {
    it("public and internal: any owner officer approves; the grant is live and canAccess answers", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      const requestId = await request(s);
      const tx = x.connect(staff.PSB.officer).approveRequest(requestId, ZeroHash, 0);
      const expiresAt = (await now()) + 1n + BigInt(30 * DAY);
      await expect(tx)
        .to.emit(x, "GrantIssued")
        .withArgs(
          requestId,
          DS.household,
          code("TAX"),
          PURPOSE,
          SCOPE,
          expiresAt,
          staff.TAX.officer.address,
          staff.PSB.officer.address,
        );
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(true);
      expect(await x.canAccess(code("TAX"), DS.household, code("OTHER"))).to.equal(false);
      expect(await x.canAccess(code("HOUSING"), DS.household, PURPOSE)).to.equal(false);
      expect(await s.exchange.grant(requestId)).to.deep.include({ grantee: "TAX", live: true, revoked: false });
      const publicRequest = await request(s, DS.zoning);
      await (await x.connect(staff.PLANNING.officer).approveRequest(publicRequest, ZeroHash, 0)).wait();
      expect(await x.canAccess(code("TAX"), DS.zoning, PURPOSE)).to.equal(true);
    });

    it("approves a narrower scope and a shorter expiry, never a longer one", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const requestId = await request(s);
      const narrower = hashScope(["name"]);
      const t = await now();
      const tooLate = t + 1n + BigInt(30 * DAY) + 1n;
      await expect(x.connect(staff.PSB.officer).approveRequest(requestId, narrower, tooLate))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidExpiry")
        .withArgs(tooLate, t + 1n + BigInt(30 * DAY));
      await expect(x.connect(staff.PSB.officer).approveRequest(requestId, narrower, t)).to.be.revertedWithCustomError(
        x,
        "DataExchangeInvalidExpiry",
      );
      await (await x.connect(staff.PSB.officer).approveRequest(requestId, narrower, t + BigInt(DAY))).wait();
      expect(await s.exchange.grant(requestId)).to.deep.include({ scopeHash: narrower, expiresAt: t + BigInt(DAY) });
    });

    it("refuses approval by a non-owner and leaves the request pending with no access", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff, stranger } = s;
      const requestId = await request(s);
      for (const caller of [staff.TAX.officer, staff.HOUSING.officer, staff.PSB.admin, stranger]) {
        await expect(x.connect(caller).approveRequest(requestId, ZeroHash, 0))
          .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedApprover")
          .withArgs(requestId, caller.address);
      }
      expect((await s.exchange.request(requestId)).status).to.equal("pending");
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      await expect(x.grant(requestId)).to.be.revertedWithCustomError(x, "DataExchangeUnknownGrant");
    });

    it("restricted: the owner's officer is refused, the owner's department admin approves", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const requestId = await request(s, DS.contracts);
      await expect(x.connect(staff.HOUSING.officer).approveRequest(requestId, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedApprover")
        .withArgs(requestId, staff.HOUSING.officer.address);
      await expect(x.connect(staff.HOUSING.admin).approveRequest(requestId, ZeroHash, 0)).to.emit(x, "GrantIssued");
      expect(await x.canAccess(code("TAX"), DS.contracts, PURPOSE)).to.equal(true);
    });

    it("confidential: the owner's admin endorses, then only the co-signing department's admin issues", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff } = s;
      const requestId = await request(s, DS.income, 0n, "PSB");
      await expect(x.connect(staff.COURT.admin).countersignRequest(requestId))
        .to.be.revertedWithCustomError(x, "DataExchangeRequestNotPending")
        .withArgs(requestId, 1);
      await expect(x.connect(staff.TAX.officer).approveRequest(requestId, ZeroHash, 0)).to.be.revertedWithCustomError(
        x,
        "DataExchangeUnauthorizedApprover",
      );
      const outcome = await (await exchange.connect(staff.TAX.admin).approveRequest(requestId)).wait();
      expect(outcome.status).to.equal("endorsed");
      expect(await x.canAccess(code("PSB"), DS.income, PURPOSE)).to.equal(false);
      for (const caller of [staff.COURT.officer, staff.TAX.admin, staff.HOUSING.admin]) {
        await expect(x.connect(caller).countersignRequest(requestId))
          .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedApprover")
          .withArgs(requestId, caller.address);
      }
      const issued = await (await exchange.connect(staff.COURT.admin).countersignRequest(requestId)).wait();
      expect(issued.grantId).to.equal(requestId);
      expect(issued.expiresAt).to.equal(outcome.expiresAt);
      expect(await x.canAccess(code("PSB"), DS.income, PURPOSE)).to.equal(true);
    });

    it("rejection: by the owner (pending) or the co-signer (endorsed); a decided request cannot be decided again", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const first = await request(s);
      await expect(x.connect(staff.TAX.officer).rejectRequest(first, code("NO"))).to.be.revertedWithCustomError(
        x,
        "DataExchangeUnauthorizedApprover",
      );
      await expect(x.connect(staff.PSB.officer).rejectRequest(first, code("NO_LEGAL_BASIS")))
        .to.emit(x, "RequestRejected")
        .withArgs(first, code("PSB"), code("NO_LEGAL_BASIS"), staff.PSB.officer.address);
      await expect(x.connect(staff.PSB.officer).approveRequest(first, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeRequestNotPending")
        .withArgs(first, 4);
      const confidential = await request(s, DS.income, 0n, "PSB");
      await expect(x.connect(staff.COURT.admin).rejectRequest(confidential, code("X"))).to.be.revertedWithCustomError(
        x,
        "DataExchangeUnauthorizedApprover",
      );
      await (await x.connect(staff.TAX.admin).approveRequest(confidential, ZeroHash, 0)).wait();
      await expect(x.connect(staff.COURT.admin).rejectRequest(confidential, code("DISPROPORTIONATE")))
        .to.emit(x, "RequestRejected")
        .withArgs(confidential, code("COURT"), code("DISPROPORTIONATE"), staff.COURT.admin.address);
      await expect(x.connect(staff.COURT.admin).countersignRequest(confidential)).to.be.revertedWithCustomError(
        x,
        "DataExchangeRequestNotPending",
      );
      await expect(x.connect(staff.PSB.officer).approveRequest(999, ZeroHash, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownRequest")
        .withArgs(999);
    });
  });

  describe("grants: expiry and revocation", function () {
    it("expires on chain: the last live second accepts a receipt, the next refuses it", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const grantId = await granted(s);
      const { expiresAt } = await s.exchange.grant(grantId);
      await connection.networkHelpers.time.setNextBlockTimestamp(expiresAt - 1n);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1))).to.emit(
        s.receiptLog,
        "AccessRecorded",
      );
      await connection.networkHelpers.time.setNextBlockTimestamp(expiresAt);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(2), r(2)))
        .to.be.revertedWithCustomError(x, "DataExchangeGrantExpired")
        .withArgs(grantId, expiresAt);
      await connection.networkHelpers.mine();
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      expect(await x.isGrantLive(grantId)).to.equal(false);
    });

    it("the owner revokes at once; the grantee cannot revoke; receipts after revocation are refused", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff, stranger } = s;
      const grantId = await granted(s);
      for (const caller of [staff.TAX.officer, staff.TAX.admin, stranger]) {
        await expect(x.connect(caller).revokeGrant(grantId, code("X")))
          .to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer")
          .withArgs(code("PSB"), caller.address);
      }
      expect(await x.isGrantLive(grantId)).to.equal(true);
      await expect(x.connect(staff.PSB.officer).revokeGrant(grantId, code("PURPOSE_ENDED")))
        .to.emit(x, "GrantRevoked")
        .withArgs(grantId, code("PSB"), code("PURPOSE_ENDED"), staff.PSB.officer.address);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeGrantRevoked")
        .withArgs(grantId);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceiptBatch(grantId, q(1), 5))
        .to.be.revertedWithCustomError(x, "DataExchangeGrantRevoked")
        .withArgs(grantId);
      await expect(x.connect(staff.PSB.officer).revokeGrant(grantId, code("AGAIN"))).to.be.revertedWithCustomError(
        x,
        "DataExchangeGrantRevoked",
      );
      expect(await x.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      await expect(x.connect(staff.PSB.officer).revokeGrant(77, code("X")))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownGrant")
        .withArgs(77);
    });

    it("canAccess and isGrantLive answer false while the operator has closed the module (emergency stop)", async function () {
      const s = await deployed();
      const grantId = await granted(s);
      await (await s.access.closeModule(await s.exchangeContract.getAddress())).wait();
      expect(await s.exchangeContract.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(false);
      expect(await s.exchangeContract.isGrantLive(grantId)).to.equal(false);
      await expect(
        s.exchangeContract.connect(s.staff.PSB.officer).revokeGrant(grantId, code("X")),
      ).to.be.revertedWithCustomError(s.exchangeContract, "AccessManagedUnauthorized");
      await (await s.access.reopenModule(await s.exchangeContract.getAddress())).wait();
      expect(await s.exchangeContract.canAccess(code("TAX"), DS.household, PURPOSE)).to.equal(true);
    });
  });

  describe("receipts", function () {
    it("records one access (event only) and a batch under one root", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const grantId = await granted(s);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(1), r(1)))
        .to.emit(s.receiptLog, "AccessRecorded")
        .withArgs(grantId, q(1), r(1), staff.TAX.officer.address);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceiptBatch(grantId, id("root"), 1000))
        .to.emit(s.receiptLog, "AccessBatchRecorded")
        .withArgs(grantId, id("root"), 1000, staff.TAX.officer.address);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceiptBatch(grantId, id("root"), 0))
        .to.be.revertedWithCustomError(x, "DataExchangeEmptyBatch")
        .withArgs(grantId);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(123, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownGrant")
        .withArgs(123);
    });

    it("accepts the submitter key and grantee officers; refuses everyone else", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff, stranger, signers } = s;
      const grantId = await granted(s);
      const relayer = signers[18];
      for (const caller of [staff.PSB.officer, staff.TAX.admin, relayer, stranger]) {
        await expect(s.receiptLog.connect(caller).recordReceipt(grantId, q(1), r(1)))
          .to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedSubmitter")
          .withArgs(grantId, caller.address);
      }
      await expect(x.connect(staff.PSB.officer).setGrantSubmitter(grantId, relayer.address))
        .to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("TAX"), staff.PSB.officer.address);
      await expect(x.connect(staff.TAX.officer).setGrantSubmitter(grantId, ZeroHash.slice(0, 42)))
        .to.be.revertedWithCustomError(x, "DataExchangeZeroSubmitter")
        .withArgs(grantId);
      await expect(x.connect(staff.TAX.officer).setGrantSubmitter(grantId, relayer.address))
        .to.emit(x, "GrantSubmitterSet")
        .withArgs(grantId, relayer.address, staff.TAX.officer.address);
      await expect(s.receiptLog.connect(relayer).recordReceipt(grantId, q(2), r(2))).to.emit(
        s.receiptLog,
        "AccessRecorded",
      );
      // No longer the key, but still a TAX officer: the directory path accepts it.
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(3), r(3))).to.emit(
        s.receiptLog,
        "AccessRecorded",
      );
      await (await s.directory.connect(staff.TAX.admin).revokeOfficer(code("TAX"), staff.TAX.officer.address)).wait();
      await expect(
        s.receiptLog.connect(staff.TAX.officer).recordReceipt(grantId, q(4), r(4)),
      ).to.be.revertedWithCustomError(x, "DataExchangeUnauthorizedSubmitter");
    });
  });

  describe("the receipt log", function () {
    it("takes grant changes only from the exchange", async function () {
      const s = await deployed();
      const grantId = await granted(s);
      await expect(
        s.receiptLog
          .connect(s.staff.TAX.officer)
          .mirrorGrant(grantId, s.staff.TAX.officer.address, 2n ** 39n, false, 0, 0, true),
      )
        .to.be.revertedWithCustomError(s.receiptLog, "ReceiptLogOnlyExchange")
        .withArgs(s.staff.TAX.officer.address);
      await expect(s.receiptLog.connect(s.operator).mirrorConsentRevoked(1)).to.be.revertedWithCustomError(
        s.receiptLog,
        "ReceiptLogOnlyExchange",
      );
      await expect(s.receiptLog.connect(s.operator).mirrorDepartment(1, false)).to.be.revertedWithCustomError(
        s.receiptLog,
        "ReceiptLogOnlyExchange",
      );
      expect(await s.receiptLog.exchange()).to.equal(await s.exchangeContract.getAddress());
      expect(await s.exchangeContract.receiptLog()).to.equal(await s.receiptLog.getAddress());
    });

    it("is set once; a log that missed grants refuses their receipts until synced from the exchange", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const live = await granted(s);
      const revoked = await granted(s);
      await (await x.connect(staff.PSB.officer).revokeGrant(revoked, code("ENDED"))).wait();
      const fresh = await connection.ethers.deployContract("ReceiptLog", [await x.getAddress()]);
      await expect(x.setReceiptLog(await fresh.getAddress()))
        .to.be.revertedWithCustomError(x, "DataExchangeReceiptLogAlreadySet")
        .withArgs(await s.receiptLog.getAddress());
      await expect(x.setReceiptLog(await s.receiptLog.getAddress()))
        .to.emit(x, "ReceiptLogSet")
        .withArgs(await s.receiptLog.getAddress(), s.operator.address);
      await expect(x.connect(staff.PSB.officer).setReceiptLog(await fresh.getAddress())).to.be.revertedWithCustomError(
        x,
        "AccessManagedUnauthorized",
      );
      await expect(fresh.connect(staff.TAX.officer).recordReceipt(live, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownGrant")
        .withArgs(live);
      await (await fresh.sync([live, revoked])).wait();
      await expect(fresh.connect(staff.TAX.officer).recordReceipt(live, q(1), r(1))).to.emit(fresh, "AccessRecorded");
      await expect(fresh.connect(staff.TAX.officer).recordReceipt(revoked, q(1), r(1)))
        .to.be.revertedWithCustomError(x, "DataExchangeGrantRevoked")
        .withArgs(revoked);
      expect(await s.receiptLog.isLive(live)).to.equal(true);
      expect(await s.receiptLog.isLive(revoked)).to.equal(false);
    });

    it("refuses a log that is not a contract or mirrors another exchange", async function () {
      const s = await deployed();
      const { exchangeContract: x, stranger } = s;
      await expect(x.setReceiptLog(stranger.address))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidReceiptLog")
        .withArgs(stranger.address);
      for (const notALog of [await s.directory.getAddress(), await s.manager.getAddress()]) {
        await expect(x.setReceiptLog(notALog))
          .to.be.revertedWithCustomError(x, "DataExchangeInvalidReceiptLog")
          .withArgs(notALog);
      }
      await expect(connection.ethers.deployContract("ReceiptLog", [stranger.address])).to.be.rejected;
      // A log built for another exchange (a second proxy on the same directory, listening too).
      const implementation = await connection.ethers.deployContract("DataExchange");
      const init = implementation.interface.encodeFunctionData("initialize", [
        await s.manager.getAddress(),
        await s.directory.getAddress(),
      ]);
      const proxy = await connection.ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), init]);
      await (await s.directory.setDepartmentListener(await proxy.getAddress(), true)).wait();
      const foreign = await connection.ethers.deployContract("ReceiptLog", [await proxy.getAddress()]);
      await expect(x.setReceiptLog(await foreign.getAddress()))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidReceiptLog")
        .withArgs(await foreign.getAddress());
      expect(await x.receiptLog()).to.equal(await s.receiptLog.getAddress());
    });
  });

  describe("consent for personal data", function () {
    /** The subject (account 17) consents to TAX's use of PSB's identity records; a TAX officer records it. */
    async function consented(s: ExchangeSuite, expiresIn = 10n * BigInt(DAY)) {
      const subject = s.signers[17];
      const signed = await s.exchange.signConsent(subject, {
        department: "TAX",
        subject: id("citizen-commitment"),
        purpose: "DEED_TAX",
        dataset: DS.identity,
        signer: subject.address,
        expiresAt: (await now()) + expiresIn,
      });
      const { consentId } = await (await s.exchange.connect(s.staff.TAX.officer).recordConsent(signed)).wait();
      return { subject, consentId };
    }

    it("refuses a personal dataset without a consent, or with one that does not cover it", async function () {
      const s = await deployed();
      const { exchangeContract: x, staff } = s;
      const tax = x.connect(staff.TAX.officer);
      await expect(tax.requestAccess(DS.identity, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 0))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentMismatch")
        .withArgs(0, DS.identity, PURPOSE);
      const { consentId } = await consented(s);
      await expect(tax.requestAccess(DS.identity, code("TAX"), code("MARKETING"), LEGAL, SCOPE, DAY, consentId))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentMismatch")
        .withArgs(consentId, DS.identity, code("MARKETING"));
      await expect(tax.requestAccess(DS.household, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, consentId))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentMismatch")
        .withArgs(consentId, DS.household, PURPOSE);
      await expect(tax.requestAccess(DS.identity, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, 99))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentMismatch")
        .withArgs(99, DS.identity, PURPOSE);
      expect(await x.requestCount()).to.equal(0n);
    });

    it("a grant never outlives its consent, and stops when the subject revokes it by signature", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff, stranger } = s;
      const { subject, consentId } = await consented(s);
      const consentExpiry = (await exchange.consent(consentId)).expiresAt;
      const requestId = await request(s, DS.identity, consentId);
      await (await x.connect(staff.PSB.officer).approveRequest(requestId, ZeroHash, 0)).wait();
      expect((await exchange.grant(requestId)).expiresAt).to.equal(consentExpiry);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(requestId, q(1), r(1))).to.emit(
        s.receiptLog,
        "AccessRecorded",
      );

      const signed = await exchange.signConsentRevocation(subject, consentId);
      expect(signed.nonce).to.equal(1n); // nonce 0 signed the consent itself
      await expect(exchange.connect(stranger).revokeConsent(signed)).to.not.be.rejected;
      expect(await x.nonces(subject.address)).to.equal(2n);
      expect((await exchange.consent(consentId)).revoked).to.equal(true);
      expect(await x.isGrantLive(requestId)).to.equal(false);
      expect(await x.canAccess(code("TAX"), DS.identity, PURPOSE)).to.equal(false);
      await expect(s.receiptLog.connect(staff.TAX.officer).recordReceipt(requestId, q(2), r(2)))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentRevoked")
        .withArgs(consentId);
      await expect(
        x.connect(staff.TAX.officer).requestAccess(DS.identity, code("TAX"), PURPOSE, LEGAL, SCOPE, DAY, consentId),
      )
        .to.be.revertedWithCustomError(x, "DataExchangeConsentRevoked")
        .withArgs(consentId);
    });

    it("refuses a reused nonce, another key's signature and a passed deadline, leaving the consent live", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, stranger } = s;
      const { subject, consentId } = await consented(s);
      const second = await consented(s);
      // Nonces 0 and 1 signed the two consents, 2 revokes the second; replaying nonce 2 for the first is refused.
      await (
        await exchange.revokeConsent(await exchange.signConsentRevocation(second.subject, second.consentId))
      ).wait();
      const replay = await exchange.signConsentRevocation(subject, consentId, { nonce: 2n });
      await expect(x.revokeConsent(replay.consentId, replay.nonce, replay.deadline, replay.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidNonce")
        .withArgs(subject.address, 3, 2);
      const forged = await exchange.signConsentRevocation(stranger, consentId, { nonce: 3n });
      await expect(x.revokeConsent(consentId, 3, forged.deadline, forged.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidSignature")
        .withArgs(consentId, stranger.address);
      const late = await exchange.signConsentRevocation(subject, consentId, { deadline: (await now()) - 1n });
      await expect(x.revokeConsent(consentId, late.nonce, late.deadline, late.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeSignatureExpired")
        .withArgs(late.deadline);
      // A signature for one consent does not revoke another.
      const other = await consented(s);
      const mine = await exchange.signConsentRevocation(subject, consentId);
      await expect(x.revokeConsent(other.consentId, mine.nonce, mine.deadline, mine.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeInvalidSignature")
        .withArgs(other.consentId, (recovered: string) => recovered !== subject.address);
      expect((await exchange.consent(consentId)).revoked).to.equal(false);
      expect(await x.nonces(subject.address)).to.equal(4n); // the third consent used nonce 3
      await (await exchange.revokeConsent(mine)).wait();
      await expect(x.revokeConsent(consentId, mine.nonce, mine.deadline, mine.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeConsentRevoked")
        .withArgs(consentId);
      await expect(x.revokeConsent(42, 0, mine.deadline, mine.signature))
        .to.be.revertedWithCustomError(x, "DataExchangeUnknownConsent")
        .withArgs(42);
    });

    it("refuses a consent recorded by a non-officer, for the past, or without a signer", async function () {
      const s = await deployed();
      const { exchange, exchangeContract: x, staff, stranger } = s;
      const t = await now();
      const terms = { department: "TAX", subject: id("c"), purpose: "DEED_TAX", signer: stranger.address };
      const valid = await exchange.signConsent(stranger, { ...terms, expiresAt: t + 100n });
      await expect(
        x.connect(stranger).recordConsent(valid.terms, valid.nonce, valid.deadline, valid.signature),
      ).to.be.revertedWithCustomError(x, "DepartmentGatedUnauthorizedOfficer");
      const past = await exchange.signConsent(stranger, { ...terms, expiresAt: t });
      await expect(
        x.connect(staff.TAX.officer).recordConsent(past.terms, past.nonce, past.deadline, past.signature),
      ).to.be.revertedWithCustomError(x, "DataExchangeInvalidExpiry");
      await expect(
        x
          .connect(staff.TAX.officer)
          .recordConsent(
            { ...valid.terms, signer: ZeroHash.slice(0, 42) },
            valid.nonce,
            valid.deadline,
            valid.signature,
          ),
      )
        .to.be.revertedWithCustomError(x, "DataExchangeZeroValue")
        .withArgs(code("signer"));
      await expect(x.consent(1)).to.be.revertedWithCustomError(x, "DataExchangeUnknownConsent");
    });
  });
});
