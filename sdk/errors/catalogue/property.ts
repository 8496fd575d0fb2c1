import { decodeBytes32String } from "ethers";

import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const unit = (value: unknown): string => {
  try {
    return decodeBytes32String(String(value)) || String(value);
  } catch {
    return String(value);
  }
};
const OWNERSHIP = ["sole", "joint", "by shares"];
const TRANSFER = ["initial registration", "sale", "inheritance", "gift", "court-ordered transfer", "new-build sale"];
const ENCUMBRANCE = ["none", "mortgage", "freeze", "lien", "lease", "easement"];
const KIND = ["government", "court", "bank", "other"];
const CASE = ["mortgage", "release"];

export const propertyErrors: ErrorCatalogue = {
  PropertyRegistryInvalidUnitNumber: [
    "invalidArgument",
    (a) => `${showBytes32(a.unit)} is not a 28-character unit number`,
  ],
  PropertyRegistryUnitExists: ["conflict", (a) => `unit ${unit(a.unit)} is already registered`],
  PropertyRegistryUnknownUnit: ["notFound", (a) => `unit ${unit(a.unit)} is not registered`],
  PropertyRegistryInvalidArea: ["invalidArgument", () => "the area must be greater than zero"],
  PropertyRegistryLengthMismatch: ["invalidArgument", (a) => `${a.owners} owners but ${a.shares} shares were given`],
  PropertyRegistryInvalidOwnerCount: ["invalidArgument", (a) => `a title has 1 to ${a.max} owners, not ${a.count}`],
  PropertyRegistryOwnershipKindMismatch: [
    "invalidArgument",
    (a) => `${OWNERSHIP[Number(a.kind)]} ownership does not fit ${a.count} owner(s)`,
  ],
  PropertyRegistryZeroOwner: ["invalidArgument", (a) => `owner ${a.index} has a zero commitment`],
  PropertyRegistryOwnersNotSorted: [
    "invalidArgument",
    (a) => `owner ${a.index} is out of order or repeated (commitments must be strictly ascending)`,
  ],
  PropertyRegistryZeroShare: ["invalidArgument", (a) => `owner ${a.index} has a zero share`],
  PropertyRegistrySharesDoNotSum: ["invalidArgument", (a) => `the shares sum to ${a.total} basis points, not 10000`],
  PropertyRegistryInvalidTransferKind: [
    "invalidArgument",
    (a) => `${TRANSFER[Number(a.kind)] ?? a.kind} is not an available transfer kind`,
  ],
  PropertyRegistryUnitFrozen: [
    "invalidState",
    (a) => `unit ${unit(a.unit)} is frozen by ${showBytes32(a.court)} (encumbrance ${a.seq})`,
  ],
  PropertyRegistryUnitMortgaged: [
    "invalidState",
    (a) =>
      `unit ${unit(a.unit)} is mortgaged to ${showBytes32(a.bank)} (encumbrance ${a.seq}), which has not released it or consented to this transfer`,
  ],
  PropertyRegistryCaseMismatch: [
    "invalidArgument",
    (a) =>
      `case ${a.caseId} approved something else (subject ${a.caseSubject}, expected ${a.expectedSubject}): another unit, title version, party or terms`,
  ],
  PropertyRegistryWrongDepartmentKind: [
    "unauthorized",
    (a) => `department ${showBytes32(a.department)} is not a ${KIND[Number(a.required)]}`,
  ],
  PropertyRegistryTooManyEncumbrances: [
    "invalidState",
    (a) => `unit ${unit(a.unit)} already carries ${a.max} active mortgages, liens, leases and easements`,
  ],
  PropertyRegistryTooManyFreezes: [
    "invalidState",
    (a) => `unit ${unit(a.unit)} already carries ${a.max} freezes (in effect and waiting)`,
  ],
  PropertyRegistryHolderCapReached: [
    "invalidState",
    (a) => `${showBytes32(a.holder)} already holds ${a.max} active encumbrances of unit ${unit(a.unit)}`,
  ],
  PropertyRegistryCaseTypeNotSet: [
    "invalidState",
    (a) => `no case type is configured for ${CASE[Number(a.which)] ?? a.which} cases`,
  ],
  PropertyRegistryCaseNotApprovedBy: [
    "unauthorized",
    (a) =>
      `case ${a.caseId} was not approved by ${showBytes32(a.department)} (the registrar must approve every mortgage)`,
  ],
  PropertyRegistryHolderActive: [
    "invalidState",
    (a) =>
      `encumbrance ${a.seq} of unit ${unit(a.unit)} is held by ${showBytes32(a.holder)}, which is active: it releases it itself`,
  ],
  PropertyRegistryUnknownEncumbrance: [
    "notFound",
    (a) => `unit ${unit(a.unit)} has no active encumbrance ${a.seq} (slot ${a.slot})`,
  ],
  PropertyRegistryNotHolder: [
    "unauthorized",
    (a) =>
      `encumbrance ${a.seq} of unit ${unit(a.unit)} is held by ${showBytes32(a.holder)}, not ${showBytes32(a.department)}`,
  ],
  PropertyRegistryNotMortgage: [
    "invalidArgument",
    (a) => `encumbrance ${a.seq} of unit ${unit(a.unit)} is not a mortgage`,
  ],
  PropertyRegistryInvalidEncumbranceKind: [
    "invalidArgument",
    (a) => `a ${ENCUMBRANCE[Number(a.kind)] ?? a.kind} cannot be recorded this way`,
  ],
  PropertyRegistryInvalidPeriod: [
    "invalidArgument",
    (a) => `the period from ${a.start} to ${a.end} is empty or already over`,
  ],
  PropertyRegistryCaseIdTooLarge: ["invalidArgument", (a) => `case id ${a.caseId} does not fit 32 bits`],
  PropertyRegistryInvalidConfig: [
    "invalidArgument",
    () => "the registry needs a registrar, workflow and certificates contracts, and both certificate types",
  ],
};
