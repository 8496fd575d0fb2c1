import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const SHIPMENT = ["unknown", "open", "in clearance", "cleared", "released"];
const CONTAINER = ["unknown", "declared", "cleared", "released"];
const b = showBytes32;

/** Shipments (airport logistics) and ContainerClearance (port clearance). */
export const logisticsErrors: ErrorCatalogue = {
  ShipmentsInvalidConfig: ["invalidArgument", () => "the shipments contract needs every wiring address and role"],
  ShipmentsInvalidDocumentKind: [
    "invalidArgument",
    (a) => `document kind ${b(a.kind)} for role ${b(a.role)} is invalid (a code each; at most ${a.max} kinds)`,
  ],
  ShipmentsUnknownDocumentKind: ["notFound", (a) => `${b(a.kind)} is not a document kind`],
  ShipmentsExists: ["conflict", (a) => `shipment ${a.shipment} already exists (or the id is zero)`],
  ShipmentsUnknown: ["notFound", (a) => `shipment ${a.shipment} does not exist`],
  ShipmentsInvalidParty: [
    "invalidArgument",
    (a) => `party ${a.account} in role ${b(a.role)} is invalid (zero, repeated, or more than ${a.max} parties)`,
  ],
  ShipmentsNotEntitled: [
    "unauthorized",
    (a) => `${a.account} is not shipment ${a.shipment}'s party in role ${b(a.role)}`,
  ],
  ShipmentsInvalidStatus: [
    "invalidState",
    (a) => `shipment ${a.shipment} is ${SHIPMENT[Number(a.status)] ?? a.status}`,
  ],
  ShipmentsMissingDocuments: [
    "invalidState",
    (a) => `shipment ${a.shipment} lacks required documents (kinds mask ${a.missingMask})`,
  ],
  ShipmentsAlreadyReleased: ["conflict", (a) => `shipment ${a.shipment} was already released`],
  ShipmentsClearanceNotReturned: [
    "invalidState",
    (a) => `the clearance case ${a.caseId} of shipment ${a.shipment} is not returned: documents are fixed`,
  ],
  ShipmentsCaseMismatch: ["invalidArgument", (a) => `case ${a.caseId} is not this shipment's clearance`],
  ContainerClearanceInvalidConfig: [
    "invalidArgument",
    () => "the container clearance contract needs every wiring address and role",
  ],
  ContainerClearanceInvalidOffice: [
    "invalidArgument",
    (a) => `${b(a.office)} cannot be a customs office (unknown, repeated, or more than ${a.max})`,
  ],
  ContainerClearanceNotCustomsOffice: ["invalidArgument", (a) => `${b(a.office)} is not a customs office`],
  ContainerClearanceInvalidTerminalRole: [
    "invalidArgument",
    (a) => `${b(a.role)} cannot be a terminal role (zero, or more than ${a.max})`,
  ],
  ContainerClearanceUnknownTerminal: ["invalidArgument", (a) => `${b(a.role)} is not a terminal role`],
  ContainerClearanceExists: ["conflict", (a) => `container ${a.container} is already declared (or the id is zero)`],
  ContainerClearanceUnknown: ["notFound", (a) => `container ${a.container} is not declared`],
  ContainerClearanceInvalidStatus: [
    "invalidState",
    (a) => `container ${a.container} is ${CONTAINER[Number(a.status)] ?? a.status}`,
  ],
  ContainerClearanceNotDeclarant: [
    "unauthorized",
    (a) => `${a.account} is not the declarant of container ${a.container}`,
  ],
  ContainerClearanceHeld: [
    "invalidState",
    (a) => `container ${a.container} is held by ${b(a.office)} (holds mask ${a.holdMask}): no terminal may release it`,
  ],
  ContainerClearanceAlreadyHeld: ["conflict", (a) => `${b(a.office)} already holds container ${a.container}`],
  ContainerClearanceNotHeld: ["invalidState", (a) => `${b(a.office)} holds no hold on container ${a.container}`],
  ContainerClearanceAlreadyReleased: ["conflict", (a) => `container ${a.container} was already released`],
  ContainerClearanceCaseMismatch: ["invalidArgument", (a) => `case ${a.caseId} is not the case expected here`],
};
