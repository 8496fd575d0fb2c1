import { readFileSync } from "node:fs";

import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { cityConfigPath, loadCityConfig } from "../../config/city.js";
import { code, deployLogisticsSuite, doc, type LogisticsSuite } from "./fixture.js";

const BOX = id("container MSKU1234565 / entry TJ-2026-0001");
const Status = { None: 0n, Declared: 1n, Cleared: 2n, Released: 3n };
const [BEIJING, TIANJIN, HEBEI] = ["CUSTOMS", "TIANJIN_CUSTOMS", "HEBEI_CUSTOMS"].map(code);

/** Each department's jurisdiction as the city file gives it (read raw: the schema may not know the key yet). */
function jurisdictions(): Map<string, string> {
  const raw = JSON.parse(readFileSync(cityConfigPath(), "utf8")) as {
    departments: { code: string; jurisdiction?: string }[];
  };
  return new Map(raw.departments.map((d) => [d.code, d.jurisdiction ?? "BEIJING"]));
}

describe("Beijing-Tianjin-Hebei port clearance (ContainerClearance)", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const fixture = () => deployLogisticsSuite(connection);
  before(async function () {
    connection = await network.create();
  });

  /** Declared by the forwarder, approved by every department of the case type, recorded as cleared. */
  async function cleared(s: LogisticsSuite, box = BOX) {
    await (await s.ports.connect(s.participants.forwarder).declare(box, doc("declaration"))).wait();
    const caseId = (await s.ports.containerOf(box)).caseId;
    const type = await s.workflow.caseTypeOf(code("PORT_CLEARANCE"));
    for (const stage of [0n, 1n]) {
      for (const d of type.departments.filter((r) => r.stage === stage)) {
        const officer = (s.staff as Record<string, { officer: typeof s.stranger }>)[
          Buffer.from(d.department.slice(2), "hex").toString().replace(/\0+$/, "")
        ].officer;
        await (await s.workflow.connect(officer).approve(caseId, d.department, doc("ok"))).wait();
      }
    }
    await (await s.ports.connect(s.participants.forwarder).recordClearance(box)).wait();
    return caseId;
  }

  it("requires departments of two jurisdictions in one case type, on one chain", function () {
    const city = loadCityConfig();
    const type = city.caseTypes!.find((t) => t.id === city.portClearance!.clearanceCaseType)!;
    const where = jurisdictions();
    const required = new Set(type.stages.flatMap((st) => st.departments.map((d) => where.get(d.code))));
    expect(required).to.include("BEIJING").and.to.include("TIANJIN");
    expect(city.portClearance!.customsOffices.map((o) => where.get(o))).to.deep.equal(["BEIJING", "TIANJIN", "HEBEI"]);
  });

  it("clears a container and releases it once, at any terminal of the three jurisdictions", async function () {
    const s = await deployed();
    await cleared(s);
    // Every terminal reads the same record.
    const view = await s.ports.containerOf(BOX);
    expect(view.status).to.equal(Status.Cleared);
    expect(view.holdMask).to.equal(0n);
    await expect(s.ports.connect(s.participants.terminalHebei).release(BOX, code("TERMINAL_HEBEI"), doc("gate out")))
      .to.emit(s.ports, "ContainerReleased")
      .withArgs(BOX, code("TERMINAL_HEBEI"), s.participants.terminalHebei.address, doc("gate out"));
    expect((await s.ports.containerOf(BOX)).releasedBy).to.equal(code("TERMINAL_HEBEI"));
    await expect(s.ports.connect(s.participants.terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("again")))
      .to.be.revertedWithCustomError(s.ports, "ContainerClearanceAlreadyReleased")
      .withArgs(BOX);
    expect(await s.ports.queryFilter(s.ports.filters.ContainerReleased(BOX))).to.have.length(1);
  });

  it("a hold by one customs office blocks release at every terminal until that office lifts it", async function () {
    const s = await deployed();
    await cleared(s);
    await expect(s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).hold(BOX, HEBEI, doc("suspected mis-declaration")))
      .to.emit(s.ports, "HoldPlaced")
      .withArgs(BOX, HEBEI, s.staff.HEBEI_CUSTOMS.officer.address, doc("suspected mis-declaration"));
    const held = await s.ports.containerOf(BOX);
    expect(await s.ports.holdsOf(BOX)).to.deep.equal([HEBEI]);
    for (const [terminal, role] of [
      [s.participants.terminalTianjin, "TERMINAL_TIANJIN"],
      [s.participants.terminalBeijing, "TERMINAL_BEIJING"],
      [s.participants.terminalHebei, "TERMINAL_HEBEI"],
    ] as const) {
      await expect(s.ports.connect(terminal).release(BOX, code(role), doc("gate out")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceHeld")
        .withArgs(BOX, HEBEI, 0b100n);
    }
    expect(await s.ports.containerOf(BOX)).to.deep.equal(held);
    // Another office cannot lift it, not even naming the holder.
    await expect(s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).liftHold(BOX, HEBEI, doc("x")))
      .to.be.revertedWithCustomError(s.ports, "DepartmentGatedUnauthorizedOfficer")
      .withArgs(HEBEI, s.staff.TIANJIN_CUSTOMS.officer.address);
    await expect(s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).liftHold(BOX, TIANJIN, doc("x")))
      .to.be.revertedWithCustomError(s.ports, "ContainerClearanceNotHeld")
      .withArgs(BOX, TIANJIN);
    // A second hold by the same office, and a hold by a department that is no customs office.
    await expect(s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).hold(BOX, HEBEI, doc("again")))
      .to.be.revertedWithCustomError(s.ports, "ContainerClearanceAlreadyHeld")
      .withArgs(BOX, HEBEI);
    await expect(s.ports.connect(s.staff.TAX.officer).hold(BOX, code("TAX"), doc("x")))
      .to.be.revertedWithCustomError(s.ports, "ContainerClearanceNotCustomsOffice")
      .withArgs(code("TAX"));
    expect(await s.ports.containerOf(BOX)).to.deep.equal(held);
    await (await s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).liftHold(BOX, HEBEI, doc("cleared up"))).wait();
    await (
      await s.ports.connect(s.participants.terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("out"))
    ).wait();
    expect((await s.ports.containerOf(BOX)).status).to.equal(Status.Released);
  });

  it("holds of two offices both block; a deactivated office's hold stays until a court-approved lift", async function () {
    const s = await deployed();
    await cleared(s);
    await (await s.ports.connect(s.staff.CUSTOMS.officer).hold(BOX, BEIJING, doc("hold bj"))).wait();
    await (await s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).hold(BOX, TIANJIN, doc("hold tj"))).wait();
    await (await s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).liftHold(BOX, TIANJIN, doc("lift tj"))).wait();
    await (await s.directory.connect(s.operator).setDepartmentActive(code("CUSTOMS"), false)).wait();
    // The deactivated office can neither hold nor lift; its hold still blocks.
    await expect(s.ports.connect(s.staff.CUSTOMS.officer).liftHold(BOX, BEIJING, doc("x")))
      .to.be.revertedWithCustomError(s.ports, "DepartmentGatedInactiveDepartment")
      .withArgs(BEIJING, s.staff.CUSTOMS.officer.address);
    await expect(s.ports.connect(s.participants.terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("out")))
      .to.be.revertedWithCustomError(s.ports, "ContainerClearanceHeld")
      .withArgs(BOX, BEIJING, 0b1n);
    // The legal basis: Tianjin customs opens a hold-lift case, the court approves, Tianjin executes it.
    await (
      await s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).openHoldLift(BOX, BEIJING, TIANJIN, doc("court order"))
    ).wait();
    const caseId = await s.workflow.caseCount();
    await expect(
      s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).executeHoldLift(BOX, BEIJING, TIANJIN, caseId, doc("early")),
    ).to.be.revertedWithCustomError(s.workflow, "WorkflowInvalidStatus");
    await (await s.workflow.connect(s.staff.COURT.officer).approve(caseId, code("COURT"), doc("ruling"))).wait();
    await expect(
      s.ports.connect(s.staff.TIANJIN_CUSTOMS.officer).executeHoldLift(BOX, BEIJING, TIANJIN, caseId, doc("lifted")),
    )
      .to.emit(s.ports, "HoldLifted")
      .withArgs(BOX, BEIJING, caseId, s.staff.TIANJIN_CUSTOMS.officer.address, doc("lifted"));
    await (
      await s.ports.connect(s.participants.terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("out"))
    ).wait();
  });

  describe("bad input: custom errors, nothing changed", function () {
    it("refuses a hold by a deactivated customs office", async function () {
      const s = await deployed();
      await cleared(s);
      await (await s.directory.connect(s.operator).setDepartmentActive(code("HEBEI_CUSTOMS"), false)).wait();
      await expect(s.ports.connect(s.staff.HEBEI_CUSTOMS.officer).hold(BOX, HEBEI, doc("x")))
        .to.be.revertedWithCustomError(s.ports, "DepartmentGatedInactiveDepartment")
        .withArgs(HEBEI, s.staff.HEBEI_CUSTOMS.officer.address);
      expect((await s.ports.containerOf(BOX)).holdMask).to.equal(0n);
    });

    it("refuses a release before clearance, by an expired terminal, or under a role that is no terminal", async function () {
      const s = await deployed();
      await (await s.ports.connect(s.participants.forwarder).declare(BOX, doc("declaration"))).wait();
      const { terminalTianjin } = s.participants;
      await expect(s.ports.connect(terminalTianjin).release(BOX, code("TERMINAL_TIANJIN"), doc("out")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceInvalidStatus")
        .withArgs(BOX, Status.Declared);
      const box2 = id("container 2");
      await cleared(s, box2);
      await expect(s.ports.connect(terminalTianjin).release(box2, code("AIRLINE"), doc("out")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceUnknownTerminal")
        .withArgs(code("AIRLINE"));
      const now = BigInt(await connection.networkHelpers.time.latest());
      await s.accredit("TERMINAL_TIANJIN", terminalTianjin, now + 50n);
      await connection.networkHelpers.time.increaseTo(now + 50n);
      await expect(s.ports.connect(terminalTianjin).release(box2, code("TERMINAL_TIANJIN"), doc("out")))
        .to.be.revertedWithCustomError(s.registry, "ParticipantRegistryNotAccredited")
        .withArgs(code("TERMINAL_TIANJIN"), terminalTianjin.address);
      expect((await s.ports.containerOf(box2)).status).to.equal(Status.Cleared);
    });

    it("refuses a declaration by a participant who is not a declarant, and a container declared twice", async function () {
      const s = await deployed();
      await expect(s.ports.connect(s.participants.merchant).declare(BOX, doc("d")))
        .to.be.revertedWithCustomError(s.registry, "ParticipantRegistryNotAccredited")
        .withArgs(code("FORWARDER"), s.participants.merchant.address);
      await (await s.ports.connect(s.participants.forwarder).declare(BOX, doc("d"))).wait();
      const count = await s.workflow.caseCount();
      await expect(s.ports.connect(s.participants.forwarder).declare(BOX, doc("d")))
        .to.be.revertedWithCustomError(s.ports, "ContainerClearanceExists")
        .withArgs(BOX);
      expect(await s.workflow.caseCount()).to.equal(count);
    });
  });
});
