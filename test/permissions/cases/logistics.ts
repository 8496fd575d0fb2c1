import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { StaffedSuite } from "../../helpers/suite.js";
import {
  ContainerClearance__factory,
  IParticipantRegistry__factory,
  Shipments__factory,
} from "../../../typechain-types/index.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import {
  actor,
  code,
  doc,
  logisticsOfficer,
  PARTICIPANTS,
  prepareLogistics,
  type LogisticsDepartment,
  type LogisticsSuite,
} from "../../logistics/fixture.js";
import type { DeactivatedCase, MatrixCases } from "../types.js";

/** A participant as the matrix's signer type (a funded Wallet the logistics fixture accredits). */
const participant = (s: StaffedSuite, key: keyof typeof PARTICIPANTS) =>
  actor(s.operator.provider!, PARTICIPANTS[key]) as unknown as HardhatEthersSigner;
const officer = (s: StaffedSuite, department: LogisticsDepartment) =>
  logisticsOfficer(s.operator.provider!, department) as unknown as HardhatEthersSigner;
const shipmentsOf = (s: StaffedSuite) => Shipments__factory.connect(s.manifest.contracts.Shipments!.proxy, s.operator);
const portsOf = (s: StaffedSuite) =>
  ContainerClearance__factory.connect(s.manifest.contracts.ContainerClearance!.proxy, s.operator);

let serial = 0;
const fresh = (what: string) => id(`matrix ${what} ${++serial}`);

const ready = (s: StaffedSuite, connection: NetworkConnection) => prepareLogistics(connection, s);

/** A shipment created by the forwarder with the merchant and the airline; resolves to its id. */
async function shipment(l: LogisticsSuite): Promise<string> {
  const awb = fresh("awb");
  const { forwarder, merchant, airline } = l.participants;
  await (
    await l.shipments.connect(forwarder).createShipment(awb, [
      { role: code("MERCHANT"), account: merchant.address },
      { role: code("AIRLINE"), account: airline.address },
    ])
  ).wait();
  return awb;
}

/** Every required document added; then (`stage`) clearance opened, approved, recorded. */
async function shipmentAt(l: LogisticsSuite, stage: "documented" | "approved" | "cleared"): Promise<string> {
  const awb = await shipment(l);
  const { forwarder, merchant, airline } = l.participants;
  await (await l.shipments.connect(merchant).addDocument(awb, code("COMMERCIAL_INVOICE"), doc("i"))).wait();
  await (await l.shipments.connect(merchant).addDocument(awb, code("PACKING_LIST"), doc("p"))).wait();
  await (await l.shipments.connect(airline).addDocument(awb, code("MANIFEST"), doc("m"))).wait();
  await (await l.shipments.connect(forwarder).addDocument(awb, code("DECLARATION"), doc("d"))).wait();
  if (stage === "documented") return awb;
  await (await l.shipments.connect(forwarder).openClearance(awb, doc("file"))).wait();
  const caseId = (await l.shipments.shipmentOf(awb)).caseId;
  await (await l.workflow.connect(l.staff.CUSTOMS.officer).approve(caseId, code("CUSTOMS"), doc("ok"))).wait();
  await (
    await l.workflow.connect(l.staff.AIRPORT_CUSTOMS.officer).approve(caseId, code("AIRPORT_CUSTOMS"), doc("ok"))
  ).wait();
  if (stage === "approved") return awb;
  await (await l.shipments.connect(forwarder).recordClearance(awb)).wait();
  return awb;
}

/** A container declared; with `stage`, its case approved by every department, then recorded, then held. */
async function containerAt(l: LogisticsSuite, stage: "declared" | "approved" | "cleared" | "held"): Promise<string> {
  const box = fresh("container");
  await (await l.ports.connect(l.participants.forwarder).declare(box, doc("declaration"))).wait();
  if (stage === "declared") return box;
  const caseId = (await l.ports.containerOf(box)).caseId;
  for (const department of ["TIANJIN_CUSTOMS", "CUSTOMS", "TIANJIN_PORT", "TAX"] as const) {
    await (await l.workflow.connect(l.staff[department].officer).approve(caseId, code(department), doc("ok"))).wait();
  }
  if (stage === "approved") return box;
  await (await l.ports.connect(l.participants.forwarder).recordClearance(box)).wait();
  if (stage === "cleared") return box;
  await (await l.ports.connect(l.staff.HEBEI_CUSTOMS.officer).hold(box, code("HEBEI_CUSTOMS"), doc("hold"))).wait();
  return box;
}

/** A shipment whose clearance case CUSTOMS returned (a correction window). */
async function returnedShipment(l: LogisticsSuite): Promise<string> {
  const awb = await shipmentAt(l, "documented");
  await (await l.shipments.connect(l.participants.forwarder).openClearance(awb, doc("file"))).wait();
  const caseId = (await l.shipments.shipmentOf(awb)).caseId;
  await (
    await l.workflow
      .connect(l.staff.CUSTOMS.officer)
      .returnCase(caseId, code("CUSTOMS"), "invoice unreadable", doc("r"))
  ).wait();
  return awb;
}

/** A container whose clearance case TIANJIN_CUSTOMS returned. */
async function returnedContainer(l: LogisticsSuite): Promise<string> {
  const box = await containerAt(l, "declared");
  const caseId = (await l.ports.containerOf(box)).caseId;
  await (
    await l.workflow
      .connect(l.staff.TIANJIN_CUSTOMS.officer)
      .returnCase(caseId, code("TIANJIN_CUSTOMS"), "weight missing", doc("r"))
  ).wait();
  return box;
}

const shipmentsError = (error: string) => (s: StaffedSuite) => ({ contract: shipmentsOf(s), error });
/** Refusals raised by the participant registry (the caller is not accredited in the role). */
const notAccredited = (s: StaffedSuite) => ({
  contract: IParticipantRegistry__factory.connect(
    (s.manifest.contracts as unknown as Record<string, { proxy: string }>).ParticipantRegistry.proxy,
    s.operator,
  ),
  error: "ParticipantRegistryNotAccredited",
});
const portsError = (error: string) => (s: StaffedSuite) => ({ contract: portsOf(s), error });
/** A participant's accrediting department deactivated: its accreditations stop counting. */
const accreditorDeactivated = (department: string): DeactivatedCase => ({
  department,
  deniedWith: (s) => ({ ...notAccredited(s), args: [] }),
});

export const logisticsCases: MatrixCases = {
  "Shipments.setDocumentKind(bytes32,bytes32,bool)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) =>
      (await ready(s, connection)).shipments
        .connect(signer)
        .setDocumentKind(code("CERT_OF_ORIGIN"), code("MERCHANT"), false),
  },
  "Shipments.createShipment(bytes32,(bytes32,address)[])": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments
        .connect(signer)
        .createShipment(fresh("awb"), [{ role: code("MERCHANT"), account: l.participants.merchant.address }]);
    },
    deniedWith: notAccredited,
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.addDocument(bytes32,bytes32,bytes32)": {
    allowed: (s) => participant(s, "merchant"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).addDocument(await shipment(l), code("COMMERCIAL_INVOICE"), doc("invoice"));
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.openClearance(bytes32,bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).openClearance(await shipmentAt(l, "documented"), doc("file"));
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.recordClearance(bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).recordClearance(await shipmentAt(l, "approved"));
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.release(bytes32,bytes32)": {
    allowed: (s) => participant(s, "airport"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).release(await shipmentAt(l, "cleared"), doc("gate pass"));
    },
    deniedWith: notAccredited,
    deactivated: accreditorDeactivated("CUSTOMS"),
  },
  "Shipments.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      shipmentsOf(s).connect(signer).upgradeToAndCall(s.manifest.contracts.Shipments!.implementation, "0x"),
    // The new implementation keeps the live wiring (implementation immutables, read back by config()).
    succeed: async (s, connection) =>
      upgradeThroughDelay(connection, s, shipmentsOf(s), "Shipments", [[...(await shipmentsOf(s).config())]]),
  },
  "ContainerClearance.addCustomsOffice(bytes32)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) =>
      (await ready(s, connection)).ports.connect(signer).addCustomsOffice(code("AIRPORT_CUSTOMS")),
  },
  "ContainerClearance.setTerminalRole(bytes32,bool)": {
    allowed: (s) => s.operator,
    call: async (s, signer, connection) =>
      (await ready(s, connection)).ports.connect(signer).setTerminalRole(code("TERMINAL_HEBEI"), false),
  },
  "ContainerClearance.declare(bytes32,bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) =>
      (await ready(s, connection)).ports.connect(signer).declare(fresh("container"), doc("declaration")),
    deniedWith: notAccredited,
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "ContainerClearance.recordClearance(bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).recordClearance(await containerAt(l, "approved"));
    },
    deniedWith: portsError("ContainerClearanceNotDeclarant"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "ContainerClearance.release(bytes32,bytes32,bytes32)": {
    allowed: (s) => participant(s, "terminalTianjin"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).release(await containerAt(l, "cleared"), code("TERMINAL_TIANJIN"), doc("out"));
    },
    deniedWith: notAccredited,
    deactivated: accreditorDeactivated("TIANJIN_PORT"),
  },
  "ContainerClearance.hold(bytes32,bytes32,bytes32)": {
    allowed: (s) => officer(s, "HEBEI_CUSTOMS"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).hold(await containerAt(l, "cleared"), code("HEBEI_CUSTOMS"), doc("hold"));
    },
    deniedWith: portsError("DepartmentGatedUnauthorizedOfficer"),
    deactivated: { department: "HEBEI_CUSTOMS" },
  },
  "ContainerClearance.liftHold(bytes32,bytes32,bytes32)": {
    allowed: (s) => officer(s, "HEBEI_CUSTOMS"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).liftHold(await containerAt(l, "held"), code("HEBEI_CUSTOMS"), doc("lift"));
    },
    deniedWith: portsError("DepartmentGatedUnauthorizedOfficer"),
    deactivated: { department: "HEBEI_CUSTOMS" },
  },
  "ContainerClearance.openHoldLift(bytes32,bytes32,bytes32,bytes32)": {
    allowed: (s) => officer(s, "TIANJIN_CUSTOMS"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      const box = await containerAt(l, "held");
      return l.ports.connect(signer).openHoldLift(box, code("HEBEI_CUSTOMS"), code("TIANJIN_CUSTOMS"), doc("order"));
    },
    deniedWith: portsError("DepartmentGatedUnauthorizedOfficer"),
    deactivated: { department: "TIANJIN_CUSTOMS" },
  },
  "ContainerClearance.executeHoldLift(bytes32,bytes32,bytes32,uint256,bytes32)": {
    allowed: (s) => officer(s, "TIANJIN_CUSTOMS"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      const box = await containerAt(l, "held");
      const tianjin = l.staff.TIANJIN_CUSTOMS.officer;
      await (
        await l.ports.connect(tianjin).openHoldLift(box, code("HEBEI_CUSTOMS"), code("TIANJIN_CUSTOMS"), doc("order"))
      ).wait();
      const caseId = await l.workflow.caseCount();
      await (await l.workflow.connect(l.staff.COURT.officer).approve(caseId, code("COURT"), doc("ruling"))).wait();
      return l.ports
        .connect(signer)
        .executeHoldLift(box, code("HEBEI_CUSTOMS"), code("TIANJIN_CUSTOMS"), caseId, doc("x"));
    },
    deniedWith: portsError("DepartmentGatedUnauthorizedOfficer"),
    deactivated: { department: "TIANJIN_CUSTOMS" },
  },
  "Shipments.correctDocument(bytes32,bytes32,bytes32)": {
    allowed: (s) => participant(s, "merchant"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments
        .connect(signer)
        .correctDocument(await returnedShipment(l), code("COMMERCIAL_INVOICE"), doc("v2"));
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.resubmitClearance(bytes32,bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).resubmitClearance(await returnedShipment(l), doc("file v2"));
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "Shipments.withdrawClearance(bytes32,string)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.shipments.connect(signer).withdrawClearance(await returnedShipment(l), "wrong consignee");
    },
    deniedWith: shipmentsError("ShipmentsNotEntitled"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "ContainerClearance.resubmitClearance(bytes32,bytes32)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).resubmitClearance(await returnedContainer(l), doc("declaration v2"));
    },
    deniedWith: portsError("ContainerClearanceNotDeclarant"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "ContainerClearance.withdrawClearance(bytes32,string)": {
    allowed: (s) => participant(s, "forwarder"),
    call: async (s, signer, connection) => {
      const l = await ready(s, connection);
      return l.ports.connect(signer).withdrawClearance(await returnedContainer(l), "wrong vessel");
    },
    deniedWith: portsError("ContainerClearanceNotDeclarant"),
    deactivated: accreditorDeactivated("COMMERCE"),
  },
  "ContainerClearance.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      portsOf(s).connect(signer).upgradeToAndCall(s.manifest.contracts.ContainerClearance!.implementation, "0x"),
    succeed: async (s, connection) =>
      upgradeThroughDelay(connection, s, portsOf(s), "ContainerClearance", [[...(await portsOf(s).config())]]),
  },
};
