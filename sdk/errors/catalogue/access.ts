import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

export const accessErrors: ErrorCatalogue = {
  DepartmentDirectoryInvalidCode: ["invalidArgument", () => "the department code is empty"],
  DepartmentDirectoryEmptyName: ["invalidArgument", (a) => `department ${showBytes32(a.code)} needs a name`],
  DepartmentDirectoryDuplicateCode: ["conflict", (a) => `department ${showBytes32(a.code)} is already registered`],
  DepartmentDirectoryUnknownDepartment: ["notFound", (a) => `no department is registered as ${showBytes32(a.code)}`],
  DepartmentDirectoryActiveUnchanged: [
    "conflict",
    (a) => `department ${showBytes32(a.code)} is already ${a.active ? "active" : "inactive"}`,
  ],
  DepartmentDirectoryUnauthorizedDepartmentAdmin: [
    "unauthorized",
    (a) => `${a.account} is not an active admin of department ${showBytes32(a.code)}`,
  ],
  DepartmentDirectoryZeroAddress: ["invalidArgument", () => "the zero address cannot be a department member"],
  DepartmentDirectoryAlreadyMember: [
    "conflict",
    (a) => `${a.account} already holds this role in department ${showBytes32(a.code)}`,
  ],
  DepartmentDirectoryNotMember: [
    "notFound",
    (a) => `${a.account} does not hold this role in department ${showBytes32(a.code)}`,
  ],
  DepartmentDirectoryInvalidTarget: [
    "invalidArgument",
    (a) => `${a.target} cannot be closed (the directory, the AccessManager and the zero address are refused)`,
  ],
  DepartmentGatedUnauthorizedOfficer: [
    "unauthorized",
    (a) => `${a.account} is not an officer of department ${showBytes32(a.department)}`,
  ],
  DepartmentGatedInactiveDepartment: [
    "unauthorized",
    (a) => `department ${showBytes32(a.department)} is deactivated: its officers (here ${a.account}) cannot act`,
  ],
  DepartmentDirectoryInactiveDepartment: [
    "unauthorized",
    (a) =>
      `department ${showBytes32(a.code)} is deactivated: its admins (here ${a.account}) cannot manage its officers`,
  ],
  DepartmentDirectoryListenerUnchanged: [
    "conflict",
    (a) => `${a.listener} is already ${a.listening ? "a listener" : "not a listener"} (or is the zero address)`,
  ],
  DepartmentDirectoryTooManyListeners: [
    "invalidState",
    (a) => `the directory already has the maximum of ${a.max} listeners`,
  ],
  DepartmentGatedUnauthorizedDirectory: [
    "unauthorized",
    (a) => `${a.caller} is not the department directory: only it reports department activation changes`,
  ],
  DepartmentGatedZeroDirectory: ["invalidArgument", () => "the department directory address is zero"],
  ParticipantRegistryUnknownRole: ["notFound", (a) => `no participant role ${showBytes32(a.role)} is defined`],
  ParticipantRegistryRoleExists: [
    "conflict",
    (a) => `participant role ${showBytes32(a.role)} is already defined (a role keeps its department)`,
  ],
  ParticipantRegistryInvalidRole: [
    "invalidArgument",
    (a) =>
      `participant role ${showBytes32(a.role)} needs a code and a registered department (got ${showBytes32(a.department)})`,
  ],
  ParticipantRegistryInvalidAccreditation: [
    "invalidArgument",
    (a) =>
      `cannot accredit ${a.account} as ${showBytes32(a.role)}: the account must not be zero and the window (${a.validFrom}–${a.validUntil || "no end"}) must end in the future, after it starts`,
  ],
  ParticipantRegistryNotAccredited: [
    "unauthorized",
    (a) =>
      `${a.account} is not accredited as ${showBytes32(a.role)} now (never, revoked, outside its window, or its department is deactivated)`,
  ],
};
