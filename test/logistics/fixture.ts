import { encodeBytes32String, id, Wallet, type Provider } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { staffDepartments, type DepartmentStaff } from "../../scripts/lib/staff.js";
import type { ContainerClearance, IParticipantRegistry, Shipments } from "../../typechain-types/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

export const code = (s: string) => encodeBytes32String(s);
export const doc = (s: string) => id(`logistics document: ${s}`);

/** The logistics departments the fixture staffs (COURT and TAX are staffed by the suite fixture). */
export const LOGISTICS_DEPARTMENTS = [
  "COMMERCE",
  "CUSTOMS",
  "AIRPORT_CUSTOMS",
  "TIANJIN_CUSTOMS",
  "TIANJIN_PORT",
  "HEBEI_CUSTOMS",
  "HEBEI_PORT",
] as const;
export type LogisticsDepartment = (typeof LOGISTICS_DEPARTMENTS)[number];

/** The participant roles of both services and the department that accredits each. */
export const ROLES = {
  MERCHANT: "COMMERCE",
  FORWARDER: "COMMERCE",
  AIRLINE: "CUSTOMS",
  AIRPORT_OPERATOR: "CUSTOMS",
  TERMINAL_BEIJING: "COMMERCE",
  TERMINAL_TIANJIN: "TIANJIN_PORT",
  TERMINAL_HEBEI: "HEBEI_PORT",
} as const;
export type Role = keyof typeof ROLES;

/** The key the fixture derives from a label (so every fixture, and the permission matrix, gets the same one). */
export function actor(provider: Provider, label: string): Wallet {
  return new Wallet(id(`govchain logistics test account: ${label}`), provider);
}

/** The officer the fixture appoints in a logistics department (accounts "staff 2k" admin, "staff 2k+1" officer). */
export function logisticsOfficer(provider: Provider, department: LogisticsDepartment): Wallet {
  return actor(provider, `staff ${2 * LOGISTICS_DEPARTMENTS.indexOf(department) + 1}`);
}

/** {@link actor}, funded. */
async function account(connection: NetworkConnection, label: string): Promise<Wallet> {
  const wallet = actor(connection.ethers.provider, label);
  await connection.networkHelpers.setBalance(wallet.address, 10n ** 20n);
  return wallet;
}

/** The participants' labels (see {@link actor}). */
export const PARTICIPANTS = {
  merchant: "merchant",
  forwarder: "forwarder",
  airline: "airline",
  airport: "airport operator",
  terminalBeijing: "terminal beijing",
  terminalTianjin: "terminal tianjin",
  terminalHebei: "terminal hebei",
  otherMerchant: "other merchant",
} as const;

/** Which role each participant is accredited in. */
const ACCREDITED: Record<keyof typeof PARTICIPANTS, Role> = {
  merchant: "MERCHANT",
  otherMerchant: "MERCHANT",
  forwarder: "FORWARDER",
  airline: "AIRLINE",
  airport: "AIRPORT_OPERATOR",
  terminalBeijing: "TERMINAL_BEIJING",
  terminalTianjin: "TERMINAL_TIANJIN",
  terminalHebei: "TERMINAL_HEBEI",
};

/** The staffed suite with the logistics departments staffed too and the participants accredited. */
export async function deployLogisticsSuite(connection: NetworkConnection, staffed?: StaffedSuite) {
  return prepareLogistics(connection, staffed ?? (await deployStaffedSuite(connection)));
}

/**
 * {@link deployLogisticsSuite} on a deployed suite; idempotent on the suite's own contracts (staff and
 * accreditations already in place are kept), so the permission matrix can call it before every call.
 */
export async function prepareLogistics(connection: NetworkConnection, suite: StaffedSuite) {
  const { manifest } = suite;
  const accounts = await Promise.all(Array.from({ length: 14 }, (_, i) => account(connection, `staff ${i}`)));
  const staff = {
    ...suite.staff,
    ...((await staffDepartments(suite.access, LOGISTICS_DEPARTMENTS, accounts)) as Record<
      LogisticsDepartment,
      DepartmentStaff
    >),
  };
  const contracts = manifest.contracts as unknown as Record<string, { proxy: string } | undefined>;
  if (contracts.ParticipantRegistry === undefined || contracts.Shipments === undefined) {
    throw new Error("the suite deploys no participant registry or no logistics contracts");
  }
  const registry = (await connection.ethers.getContractAt(
    "IParticipantRegistry",
    contracts.ParticipantRegistry.proxy,
  )) as unknown as IParticipantRegistry;
  const shipments = (await connection.ethers.getContractAt(
    "Shipments",
    contracts.Shipments.proxy,
  )) as unknown as Shipments;
  const ports = (await connection.ethers.getContractAt(
    "ContainerClearance",
    contracts.ContainerClearance!.proxy,
  )) as unknown as ContainerClearance;
  const participants = Object.fromEntries(
    await Promise.all(
      Object.entries(PARTICIPANTS).map(async ([key, label]) => [key, await account(connection, label)] as const),
    ),
  ) as Record<keyof typeof PARTICIPANTS, Wallet>;
  const accredit = async (role: Role, who: Wallet, validUntil = 0n, label = role) =>
    (
      await registry
        .connect(staff[ROLES[role]].officer)
        .accredit(code(role), who.address, 0n, validUntil, `${label} (test)`)
    ).wait();
  for (const [key, role] of Object.entries(ACCREDITED) as [keyof typeof PARTICIPANTS, Role][]) {
    if (!(await registry.isAccredited(code(role), participants[key].address))) await accredit(role, participants[key]);
  }
  return { ...suite, staff, registry, shipments, ports, participants, accredit };
}

export type LogisticsSuite = Awaited<ReturnType<typeof deployLogisticsSuite>>;
export type StaffMap = LogisticsSuite["staff"];
export type { StaffedSuite };
