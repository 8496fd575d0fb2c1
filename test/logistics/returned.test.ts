import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { code, deployLogisticsSuite, doc, type LogisticsSuite } from "./fixture.js";

/**
 * A returned clearance case is never a dead end for the participant that opened it (issue 16, review gap 1):
 * the shipment's parties correct their documents and the forwarder resubmits or withdraws; a container's declarant
 * resubmits a corrected declaration or withdraws and declares again (its holds stay).
 */
const AWB = id("AWB 999-55555550");
const BOX = id("container TGHU7777770 / entry TJ-2026-0042");
const Shipment = { Open: 1n, InClearance: 2n, Cleared: 3n, Released: 4n };
const Container = { None: 0n, Declared: 1n, Cleared: 2n, Released: 3n };
const Case = { Open: 1n, Returned: 2n, Withdrawn: 5n, Consumed: 7n };

describe("Logistics: a returned clearance case is corrected, resubmitted or withdrawn", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const fixture = () => deployLogisticsSuite(connection);
  before(async function () {
    connection = await network.create();
  });

  async function shipmentReturned(s: LogisticsSuite) {
    const { forwarder, merchant, airline } = s.participants;
    await (
      await s.shipments.connect(forwarder).createShipment(AWB, [
        { role: code("MERCHANT"), account: merchant.address },
        { role: code("AIRLINE"), account: airline.address },
      ])
    ).wait();
    await (await s.shipments.connect(merchant).addDocument(AWB, code("COMMERCIAL_INVOICE"), doc("invoice"))).wait();
    await (await s.shipments.connect(merchant).addDocument(AWB, code("PACKING_LIST"), doc("packing"))).wait();
    await (await s.shipments.connect(airline).addDocument(AWB, code("MANIFEST"), doc("manifest"))).wait();
    await (await s.shipments.connect(forwarder).addDocument(AWB, code("DECLARATION"), doc("declaration"))).wait();
    await (await s.shipments.connect(forwarder).openClearance(AWB, doc("file"))).wait();
    const caseId = (await s.shipments.shipmentOf(AWB)).caseId;
    await (
      await s.workflow.connect(s.staff.CUSTOMS.officer).returnCase(caseId, code("CUSTOMS"), "invoice total", doc("r"))
    ).wait();
    return caseId;
  }

  async function approveAll(s: LogisticsSuite, caseId: bigint, type: string) {
    const t = await s.workflow.caseTypeOf(code(type));
    const stages = [...new Set(t.departments.map((d) => d.stage))].sort();
    for (const stage of stages) {
      for (const d of t.departments.filter((r) => r.stage === stage)) {
        const name = Buffer.from(d.department.slice(2), "hex").toString().replace(/\0+$/, "");
        const officer = (s.staff as Record<string, { officer: typeof s.stranger }>)[name].officer;
        await (await s.workflow.connect(officer).approve(caseId, d.department, doc("ok"))).wait();
      }
    }
  }

  describe("air shipments (AIR_CLEARANCE)", function () {
    it("return → the merchant corrects its invoice → the forwarder resubmits → approved → released once", async function () {
      const s = await deployed();
      const caseId = await shipmentReturned(s);
      const { forwarder, merchant, airport } = s.participants;
      // Only the party entitled to the kind corrects it.
      await expect(s.shipments.connect(airport).correctDocument(AWB, code("COMMERCIAL_INVOICE"), doc("x")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsNotEntitled")
        .withArgs(AWB, code("MERCHANT"), airport.address);
      await expect(s.shipments.connect(merchant).correctDocument(AWB, code("COMMERCIAL_INVOICE"), doc("invoice v2")))
        .to.emit(s.shipments, "DocumentAdded")
        .withArgs(AWB, code("COMMERCIAL_INVOICE"), merchant.address, doc("invoice v2"));
      // Only the creator resubmits.
      await expect(s.shipments.connect(merchant).resubmitClearance(AWB, doc("file v2")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsNotEntitled")
        .withArgs(AWB, code("FORWARDER"), merchant.address);
      await expect(s.shipments.connect(forwarder).resubmitClearance(AWB, doc("file v2")))
        .to.emit(s.shipments, "ClearanceResubmitted")
        .withArgs(AWB, caseId, doc("file v2"), forwarder.address)
        .and.to.emit(s.workflow, "CaseResubmitted");
      expect(await s.workflow.caseStatus(caseId)).to.equal(Case.Open);
      // The correction window is closed again once the case is open.
      await expect(s.shipments.connect(merchant).correctDocument(AWB, code("COMMERCIAL_INVOICE"), doc("v3")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsClearanceNotReturned")
        .withArgs(AWB, caseId);
      await expect(s.shipments.connect(forwarder).resubmitClearance(AWB, doc("again"))).to.be.revertedWithCustomError(
        s.workflow,
        "WorkflowInvalidStatus",
      );
      await approveAll(s, caseId, "AIR_CLEARANCE");
      await (await s.shipments.connect(forwarder).recordClearance(AWB)).wait();
      await expect(s.shipments.connect(airport).release(AWB, doc("gate pass"))).to.emit(
        s.shipments,
        "ShipmentReleased",
      );
      expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Shipment.Released);
      await expect(s.shipments.connect(airport).release(AWB, doc("again"))).to.be.revertedWithCustomError(
        s.shipments,
        "ShipmentsAlreadyReleased",
      );
    });

    it("return → the forwarder withdraws → documents reopen → a new clearance case is opened", async function () {
      const s = await deployed();
      const caseId = await shipmentReturned(s);
      const { forwarder, merchant, airline } = s.participants;
      await expect(s.shipments.connect(airline).withdrawClearance(AWB, "wrong consignee"))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsNotEntitled")
        .withArgs(AWB, code("FORWARDER"), airline.address);
      await expect(s.shipments.connect(forwarder).withdrawClearance(AWB, "wrong consignee"))
        .to.emit(s.shipments, "ClearanceWithdrawn")
        .withArgs(AWB, caseId, forwarder.address);
      expect(await s.workflow.caseStatus(caseId)).to.equal(Case.Withdrawn);
      const view = await s.shipments.shipmentOf(AWB);
      expect(view.status).to.equal(Shipment.Open);
      expect(view.caseId).to.equal(0n);
      expect(view.documentMask).to.equal(0b1111n); // the documents added before still count
      // Parties add (amend) documents again; the withdrawn case cannot be consumed.
      await (await s.shipments.connect(merchant).addDocument(AWB, code("COMMERCIAL_INVOICE"), doc("v2"))).wait();
      await expect(s.shipments.connect(forwarder).recordClearance(AWB)).to.be.revertedWithCustomError(
        s.shipments,
        "ShipmentsInvalidStatus",
      );
      await expect(s.shipments.connect(forwarder).openClearance(AWB, doc("file v2"))).to.emit(
        s.shipments,
        "ClearanceOpened",
      );
      const fresh = (await s.shipments.shipmentOf(AWB)).caseId;
      expect(fresh).to.not.equal(caseId);
      expect(await s.workflow.caseStatus(fresh)).to.equal(Case.Open);
      await approveAll(s, fresh, "AIR_CLEARANCE");
      await (await s.shipments.connect(forwarder).recordClearance(AWB)).wait();
      expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Shipment.Cleared);
    });

    it("refuses corrections, resubmission and withdrawal outside clearance or by a party no longer accredited", async function () {
      const s = await deployed();
      const { forwarder, merchant } = s.participants;
      await expect(s.shipments.connect(forwarder).resubmitClearance(AWB, doc("x")))
        .to.be.revertedWithCustomError(s.shipments, "ShipmentsUnknown")
        .withArgs(AWB);
      await shipmentReturned(s);
      const now = BigInt(await connection.networkHelpers.time.latest());
      await s.accredit("MERCHANT", merchant, now + 100n);
      await connection.networkHelpers.time.increaseTo(now + 100n); // the returned case's clock is stopped
      await expect(s.shipments.connect(merchant).correctDocument(AWB, code("COMMERCIAL_INVOICE"), doc("x")))
        .to.be.revertedWithCustomError(s.registry, "ParticipantRegistryNotAccredited")
        .withArgs(code("MERCHANT"), merchant.address);
      await expect(s.shipments.connect(merchant).withdrawClearance(AWB, "x")).to.be.revertedWithCustomError(
        s.shipments,
        "ShipmentsNotEntitled",
      );
      expect((await s.shipments.shipmentOf(AWB)).status).to.equal(Shipment.InClearance);
    });
  });

  describe("port containers (PORT_CLEARANCE)", function () {
    async function declaredAndReturned(s: LogisticsSuite) {
      await (await s.ports.connect(s.participants.forwarder).declare(BOX, doc("declaration"))).wait();
      const caseId = (await s.ports.containerOf(BOX)).caseId;
      await (
        await s.workflow
          .connect(s.staff.TIANJIN_CUSTOMS.officer)
          .returnCase(caseId, code("TIANJIN_CUSTOMS"), "gross weight missing", doc("r"))
      ).wait();
      return caseId;
    }

    it("return → the declarant resubmits the corrected declaration → approved → released at a terminal", async function () {
      const s = await deployed();
      const caseId = await declaredAndReturned(s);
      const { forwarder, merchant, terminalTianjin } = s.participants;
      await expect(s.ports.connect(merchant).resubmitClearance(BOX, doc("v2")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceNotDeclarant")
        .withArgs(BOX, merchant.address);
      await expect(s.ports.connect(forwarder).resubmitClearance(BOX, doc("declaration v2")))
        .to.emit(s.ports, "ClearanceResubmitted")
        .withArgs(BOX, caseId, doc("declaration v2"), forwarder.address);
      expect(await s.workflow.caseStatus(caseId)).to.equal(Case.Open);
      await approveAll(s, caseId, "PORT_CLEARANCE");
      await (await s.ports.connect(forwarder).recordClearance(BOX)).wait();
      await expect(s.ports.connect(terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("out"))).to.emit(
        s.ports,
        "ContainerReleased",
      );
      expect((await s.ports.containerOf(BOX)).status).to.equal(Container.Released);
    });

    it("return → the declarant withdraws → the container is declared again; a hold survives the withdrawal", async function () {
      const s = await deployed();
      const caseId = await declaredAndReturned(s);
      const { forwarder, terminalHebei } = s.participants;
      const hebei = code("HEBEI_CUSTOMS");
      await (await s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).hold(BOX, hebei, doc("hold"))).wait();
      await expect(s.ports.connect(forwarder).withdrawClearance(BOX, "wrong vessel"))
        .to.emit(s.ports, "ClearanceWithdrawn")
        .withArgs(BOX, caseId, forwarder.address);
      expect(await s.workflow.caseStatus(caseId)).to.equal(Case.Withdrawn);
      let view = await s.ports.containerOf(BOX);
      expect(view.status).to.equal(Container.None);
      expect(view.holdMask).to.not.equal(0n);
      await expect(s.ports.connect(forwarder).recordClearance(BOX)).to.be.revertedWithCustomError(
        s.ports,
        "ContainerClearanceUnknown",
      );
      await (await s.ports.connect(forwarder).declare(BOX, doc("declaration v2"))).wait();
      view = await s.ports.containerOf(BOX);
      expect(view.status).to.equal(Container.Declared);
      expect(view.caseId).to.not.equal(caseId);
      expect(view.holdMask).to.not.equal(0n); // the withdrawal did not lift Hebei's hold
      await approveAll(s, view.caseId, "PORT_CLEARANCE");
      await (await s.ports.connect(forwarder).recordClearance(BOX)).wait();
      await expect(s.ports.connect(terminalHebei).release(BOX, code("TERMINAL_HEBEI"), doc("out")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceHeld")
        .withArgs(BOX, hebei, view.holdMask);
      await (await s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).liftHold(BOX, hebei, doc("lift"))).wait();
      await (await s.ports.connect(terminalHebei).release(BOX, code("TERMINAL_HEBEI"), doc("out"))).wait();
    });
  });
});
