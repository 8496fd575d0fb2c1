import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { datasetId, ShipmentsClient } from "../../sdk/index.js";
import { code, deployLogisticsSuite, doc, type LogisticsSuite } from "./fixture.js";

const AWB = id("AWB 999-12345675");
const KINDS = { invoice: code("COMMERCIAL_INVOICE"), packing: code("PACKING_LIST"), manifest: code("MANIFEST") };
const DECLARATION = code("DECLARATION");
const Status = { None: 0n, Open: 1n, InClearance: 2n, Cleared: 3n, Released: 4n };

describe("Airport international logistics (Shipments)", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const fixture = () => deployLogisticsSuite(connection);
  before(async function () {
    connection = await network.create();
  });

  /** The forwarder's shipment with the merchant and the airline as parties. */
  async function created(s: LogisticsSuite, awb = AWB) {
    const { forwarder, merchant, airline } = s.participants;
    await (
      await s.shipments.connect(forwarder).createShipment(awb, [
        { role: code("MERCHANT"), account: merchant.address },
        { role: code("AIRLINE"), account: airline.address },
      ])
    ).wait();
  }

  /** Every document added by its entitled party. */
  async function documented(s: LogisticsSuite, awb = AWB) {
    await created(s, awb);
    const { forwarder, merchant, airline } = s.participants;
    await (await s.shipments.connect(merchant).addDocument(awb, KINDS.invoice, doc("invoice"))).wait();
    await (await s.shipments.connect(merchant).addDocument(awb, KINDS.packing, doc("packing list"))).wait();
    await (await s.shipments.connect(airline).addDocument(awb, KINDS.manifest, doc("manifest"))).wait();
    await (await s.shipments.connect(forwarder).addDocument(awb, DECLARATION, doc("declaration"))).wait();
  }

  /** Clearance opened, approved by CUSTOMS then AIRPORT_CUSTOMS, recorded. Resolves to the case id. */
  async function cleared(s: LogisticsSuite, awb = AWB) {
    await documented(s, awb);
    await (await s.shipments.connect(s.participants.forwarder).openClearance(awb, doc("file"))).wait();
    const caseId = (await s.shipments.shipmentOf(awb)).caseId;
    await (await s.workflow.connect(s.staff.CUSTOMS.officer).approve(caseId, code("CUSTOMS"), doc("ok"))).wait();
    await (
      await s.workflow.connect(s.staff.AIRPORT_CUSTOMS.officer).approve(caseId, code("AIRPORT_CUSTOMS"), doc("ok"))
    ).wait();
    await (await s.shipments.connect(s.participants.forwarder).recordClearance(awb)).wait();
    return caseId;
  }

  it("runs a shipment end to end: documents by their parties, customs then inspection, one release", async function () {
    const s = await deployed();
    const caseId = await cleared(s);
    const before = await s.shipments.shipmentOf(AWB);
    expect(before.status).to.equal(Status.Cleared);
    expect(before.documentMask).to.equal(0b1111n);
    expect(await s.workflow.caseStatus(caseId)).to.equal(7n); // Consumed
    await expect(s.shipments.connect(s.participants.airport).release(AWB, doc("gate pass")))
      .to.emit(s.shipments, "ShipmentReleased")
      .withArgs(AWB, s.participants.airport.address, doc("gate pass"));
    expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Status.Released);
  });

  it("records the case's departments in order: customs, then inspection", async function () {
    const s = await deployed();
    await documented(s);
    await (await s.shipments.connect(s.participants.forwarder).openClearance(AWB, doc("file"))).wait();
    const caseId = (await s.shipments.shipmentOf(AWB)).caseId;
    await expect(
      s.workflow.connect(s.staff.AIRPORT_CUSTOMS.officer).approve(caseId, code("AIRPORT_CUSTOMS"), doc("early")),
    ).to.be.revertedWithCustomError(s.workflow, "WorkflowStageNotReached");
    // The airport cannot release a shipment customs has not cleared.
    await expect(s.shipments.connect(s.participants.airport).release(AWB, doc("early")))
      .to.be.revertedWithCustomError(s.shipments, "ShipmentsInvalidStatus")
      .withArgs(AWB, Status.InClearance);
  });

  it("shows every party the same timeline: documents, the case's decisions, clearance, release", async function () {
    const s = await deployed();
    await cleared(s);
    await (await s.shipments.connect(s.participants.airport).release(AWB, doc("gate pass"))).wait();
    const address = await s.shipments.getAddress();
    const views = await Promise.all(
      [s.participants.merchant, s.participants.airline, s.staff.CUSTOMS.officer].map((who) =>
        new ShipmentsClient(address, who, { fromBlock: s.manifest.deploymentBlock }).timeline(AWB),
      ),
    );
    expect(views[1]).to.deep.equal(views[0]);
    expect(views[2]).to.deep.equal(views[0]);
    const events = views[0].map((e) => ((e.kind ?? e.department) ? `${e.event}:${e.kind ?? e.department}` : e.event));
    expect(events).to.deep.equal([
      "ShipmentCreated",
      "DocumentAdded:COMMERCIAL_INVOICE",
      "DocumentAdded:PACKING_LIST",
      "DocumentAdded:MANIFEST",
      "DocumentAdded:DECLARATION",
      "CaseOpened",
      "ClearanceOpened",
      "CaseApprovalSigned:CUSTOMS",
      "CaseStageAdvanced",
      "CaseApprovalSigned:AIRPORT_CUSTOMS",
      "CaseApproved",
      "CaseConsumed",
      "ClearanceRecorded",
      "ShipmentReleased",
    ]);
    const invoice = views[0].find((e) => e.kind === "COMMERCIAL_INVOICE")!;
    expect(invoice).to.include({ actor: s.participants.merchant.address, documentHash: doc("invoice") });
    const client = new ShipmentsClient(address, s.participants.merchant);
    expect(await client.shipment(AWB)).to.deep.include({
      status: "released",
      documents: ["COMMERCIAL_INVOICE", "PACKING_LIST", "MANIFEST", "DECLARATION"],
    });
  });

  describe("bad input: custom errors, nothing changed", function () {
    it("refuses a document from a party not entitled to its kind", async function () {
      const s = await deployed();
      await created(s);
      const { merchant, otherMerchant, airline } = s.participants;
      // The merchant is a party, but the manifest is the airline's.
      await expect(s.shipments.connect(merchant).addDocument(AWB, KINDS.manifest, doc("forged manifest")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsNotEntitled")
        .withArgs(AWB, code("AIRLINE"), merchant.address);
      // An accredited merchant that is not this shipment's merchant.
      await expect(s.shipments.connect(otherMerchant).addDocument(AWB, KINDS.invoice, doc("other invoice")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsNotEntitled")
        .withArgs(AWB, code("MERCHANT"), otherMerchant.address);
      await expect(s.shipments.connect(airline).addDocument(AWB, code("NO_SUCH_KIND"), doc("x")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsUnknownDocumentKind")
        .withArgs(code("NO_SUCH_KIND"));
      expect((await s.shipments.shipmentOf(AWB)).documentMask).to.equal(0n);
      expect(await s.shipments.queryFilter(s.shipments.filters.DocumentAdded(AWB))).to.have.length(0);
    });

    it("refuses clearance before the required documents, and a second release", async function () {
      const s = await deployed();
      await created(s);
      await (await s.shipments.connect(s.participants.merchant).addDocument(AWB, KINDS.invoice, doc("inv"))).wait();
      await expect(s.shipments.connect(s.participants.forwarder).openClearance(AWB, doc("file")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsMissingDocuments")
        .withArgs(AWB, 0b1110n);
      await (await s.shipments.connect(s.participants.merchant).addDocument(AWB, KINDS.packing, doc("p"))).wait();
      await (await s.shipments.connect(s.participants.airline).addDocument(AWB, KINDS.manifest, doc("m"))).wait();
      await (await s.shipments.connect(s.participants.forwarder).addDocument(AWB, DECLARATION, doc("d"))).wait();
      await (await s.shipments.connect(s.participants.forwarder).openClearance(AWB, doc("file"))).wait();
      const caseId = (await s.shipments.shipmentOf(AWB)).caseId;
      await (await s.workflow.connect(s.staff.CUSTOMS.officer).approve(caseId, code("CUSTOMS"), doc("ok"))).wait();
      await (
        await s.workflow.connect(s.staff.AIRPORT_CUSTOMS.officer).approve(caseId, code("AIRPORT_CUSTOMS"), doc("ok"))
      ).wait();
      await (await s.shipments.connect(s.participants.forwarder).recordClearance(AWB)).wait();
      await (await s.shipments.connect(s.participants.airport).release(AWB, doc("first"))).wait();
      const after = await s.shipments.shipmentOf(AWB);
      await expect(s.shipments.connect(s.participants.airport).release(AWB, doc("second")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsAlreadyReleased")
        .withArgs(AWB);
      expect(await s.shipments.shipmentOf(AWB)).to.deep.equal(after);
      expect(await s.shipments.queryFilter(s.shipments.filters.ShipmentReleased(AWB))).to.have.length(1);
      // Recording the clearance again: the case is consumed once.
      await expect(s.shipments.connect(s.participants.forwarder).recordClearance(AWB))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsInvalidStatus")
        .withArgs(AWB, Status.Released);
    });

    it("refuses a release by anyone not accredited as the airport operator", async function () {
      const s = await deployed();
      await cleared(s);
      for (const caller of [s.participants.forwarder, s.participants.airline, s.stranger]) {
        await expect(s.shipments.connect(caller).release(AWB, doc("x")))
          .to.be.revertedWithCustomError(s.registry, "ParticipantRegistryNotAccredited")
          .withArgs(code("AIRPORT_OPERATOR"), caller.address);
      }
      expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Status.Cleared);
    });

    it("refuses a party whose accreditation expired", async function () {
      const s = await deployed();
      await created(s);
      const { airline } = s.participants;
      const now = BigInt(await connection.networkHelpers.time.latest());
      await s.accredit("AIRLINE", airline, now + 100n);
      await connection.networkHelpers.time.increaseTo(now + 100n);
      await expect(s.shipments.connect(airline).addDocument(AWB, KINDS.manifest, doc("late manifest")))
        .to.be.revertedWithCustomError(s.registry, "ParticipantRegistryNotAccredited")
        .withArgs(code("AIRLINE"), airline.address);
      expect((await s.shipments.shipmentOf(AWB)).documentMask).to.equal(0n);
    });

    it("refuses customs approval once CUSTOMS is deactivated: the shipment stays in clearance", async function () {
      const s = await deployed();
      await documented(s);
      await (await s.shipments.connect(s.participants.forwarder).openClearance(AWB, doc("file"))).wait();
      const caseId = (await s.shipments.shipmentOf(AWB)).caseId;
      await (await s.directory.connect(s.operator).setDepartmentActive(code("CUSTOMS"), false)).wait();
      await expect(
        s.workflow.connect(s.staff.CUSTOMS.officer).approve(caseId, code("CUSTOMS"), doc("ok")),
      ).to.be.revertedWithCustomError(s.workflow, "DepartmentGatedInactiveDepartment");
      await expect(s.shipments.connect(s.participants.forwarder).recordClearance(AWB)).to.be.revertedWithCustomError(
        s.workflow,
        "WorkflowInvalidStatus",
      );
      expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Status.InClearance);
    });

    it("stops documents and releases under the emergency stop", async function () {
      const s = await deployed();
      await created(s);
      await (await s.directory.connect(s.operator).setModuleClosed(await s.shipments.getAddress(), true)).wait();
      await expect(
        s.shipments.connect(s.participants.merchant).addDocument(AWB, KINDS.invoice, doc("inv")),
      ).to.be.revertedWithCustomError(s.shipments, "AccessManagedUnauthorized");
      await expect(s.shipments.connect(s.participants.airport).release(AWB, doc("x"))).to.be.revertedWithCustomError(
        s.shipments,
        "AccessManagedUnauthorized",
      );
    });
  });

  it("shares the clearance records with the commerce bureau through a grant, with receipts", async function () {
    const s = await deployed();
    await cleared(s);
    const dataset = datasetId("customs.air-clearance-records");
    const customs = s.exchange.connect(s.staff.CUSTOMS.officer);
    await (
      await customs.registerDataset({
        id: dataset,
        owner: "CUSTOMS",
        schemaHash: doc("schema: awb, status, case"),
        endpointHash: doc("https://customs.example/api"),
        classification: "internal",
      })
    ).wait();
    const commerce = s.exchange.connect(s.staff.COMMERCE.officer);
    const { requestId } = await (
      await commerce.requestAccess({
        dataset,
        requester: "COMMERCE",
        purpose: "TRADE_STATISTICS",
        legalBasis: "FOREIGN_TRADE_REGULATIONS",
        scope: ["awb", "status"],
        durationSeconds: 30 * 24 * 3600,
      })
    ).wait();
    const outcome = await (await customs.approveRequest(requestId)).wait();
    if (outcome.status !== "approved") throw new Error("an internal dataset's request is approved at once");
    const { grantId } = outcome;
    const key = await commerce.grantReceiptKey(id("commerce secret"), grantId);
    await (await commerce.recordAccess(grantId, key, { query: { awb: AWB }, response: { status: "cleared" } })).wait();
    const receipts = await s.receiptLog.queryFilter(s.receiptLog.filters.AccessRecorded(grantId));
    expect(receipts).to.have.length(1);
  });
});
