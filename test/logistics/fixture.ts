import { encodeBytes32String, FunctionFragment, id, Wallet, type BaseContract, type Provider } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { PLATFORM_ROLES, permissionsByRole } from "../../config/permissions.js";
import { containerClearanceArgs, shipmentsArgs } from "../../ignition/modules/Logistics.js";
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

async function deployProxy<T>(
  connection: NetworkConnection,
  name: string,
  wiring: unknown,
  initArgs: unknown[],
): Promise<T> {
  const implementation = await connection.ethers.deployContract(name, [wiring]);
  const data = implementation.interface.encodeFunctionData("initialize", initArgs);
  const proxy = await connection.ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), data]);
  return (await connection.ethers.getContractAt(name, await proxy.getAddress())) as unknown as T;
}

/**
 * The staffed suite with the logistics departments staffed too, the participants accredited, and the two
 * logistics contracts: the suite's own when it deploys them (a suite with a participant registry), else
 * deployed here on a {@link ParticipantRegistryMock} exactly as the Ignition module wires them.
 */
export async function deployLogisticsSuite(connection: NetworkConnection, staffed?: StaffedSuite) {
  return prepareLogistics(connection, staffed ?? (await deployStaffedSuite(connection)));
}

/**
 * {@link deployLogisticsSuite} on a deployed suite; idempotent on the suite's own contracts (staff and
 * accreditations already in place are kept), so the permission matrix can call it before every call.
 */
export async function prepareLogistics(connection: NetworkConnection, suite: StaffedSuite) {
  const city = loadCityConfig();
  const { manifest, operator, workflow } = suite;
  const accounts = await Promise.all(Array.from({ length: 14 }, (_, i) => account(connection, `staff ${i}`)));
  const staff = {
    ...suite.staff,
    ...((await staffDepartments(suite.access, LOGISTICS_DEPARTMENTS, accounts)) as Record<
      LogisticsDepartment,
      DepartmentStaff
    >),
  };
  const contracts = manifest.contracts as unknown as Record<string, { proxy: string } | undefined>;
  let registry: IParticipantRegistry;
  let shipments: Shipments;
  let ports: ContainerClearance;
  const participantsAddress = contracts.ParticipantRegistry?.proxy;
  if (participantsAddress !== undefined && contracts.Shipments !== undefined) {
    registry = (await connection.ethers.getContractAt(
      "IParticipantRegistry",
      participantsAddress,
    )) as unknown as IParticipantRegistry;
    shipments = (await connection.ethers.getContractAt("Shipments", contracts.Shipments.proxy)) as unknown as Shipments;
    ports = (await connection.ethers.getContractAt(
      "ContainerClearance",
      contracts.ContainerClearance!.proxy,
    )) as unknown as ContainerClearance;
  } else {
    const mock = await connection.ethers.deployContract("ParticipantRegistryMock");
    registry = (await connection.ethers.getContractAt(
      "IParticipantRegistry",
      await mock.getAddress(),
    )) as unknown as IParticipantRegistry;
    for (const [role, department] of Object.entries(ROLES)) {
      await (await mock.defineRole(code(role), code(department))).wait();
    }
    const base = [manifest.contracts.GovAccessManager, manifest.contracts.DepartmentDirectory.proxy];
    const wf = manifest.contracts.Workflow.proxy;
    const air = shipmentsArgs(city.airportLogistics!, await mock.getAddress(), wf);
    shipments = await deployProxy<Shipments>(connection, "Shipments", air.wiring, [...base, ...air.init]);
    const port = containerClearanceArgs(city.portClearance!, await mock.getAddress(), wf);
    ports = await deployProxy<ContainerClearance>(connection, "ContainerClearance", port.wiring, [
      ...base,
      ...port.init,
    ]);
    for (const [name, target] of [
      ["Shipments", shipments],
      ["ContainerClearance", ports],
    ] as const) {
      for (const [role, signatures] of permissionsByRole(name)) {
        const selectors = signatures.map((s) => FunctionFragment.from(s).selector);
        await (await suite.manager.setTargetFunctionRole(target, selectors, PLATFORM_ROLES[role])).wait();
      }
    }
    for (const caseType of city.caseTypes ?? []) {
      const owner = { Shipments: shipments, ContainerClearance: ports }[caseType.owner] as BaseContract | undefined;
      if (owner === undefined) continue;
      await (
        await workflow.connect(operator).registerCaseType(code(caseType.id), {
          owner: await owner.getAddress(),
          openerDepartment: "0x" + "00".repeat(32),
          departments: caseType.stages.flatMap((stage, index) =>
            stage.departments.map((d) => ({ department: code(d.code), stage: index, quorum: d.quorum })),
          ),
          stageDurations: caseType.stages.map((stage) => stage.durationSeconds),
        })
      ).wait();
    }
  }
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
