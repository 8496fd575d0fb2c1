import { encodeBytes32String, FunctionFragment, id, Wallet, type BaseContract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { PLATFORM_ROLES, permissionsByRole } from "../../config/permissions.js";
import { containerClearanceInit, shipmentsInit } from "../../ignition/modules/Logistics.js";
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

/** A funded key the fixture derives from a label (so repeated fixtures give the same addresses). */
async function account(connection: NetworkConnection, label: string): Promise<Wallet> {
  const wallet = new Wallet(id(`govchain logistics test account: ${label}`), connection.ethers.provider);
  await connection.networkHelpers.setBalance(wallet.address, 10n ** 20n);
  return wallet;
}

async function deployProxy<T>(connection: NetworkConnection, name: string, initArgs: unknown[]): Promise<T> {
  const implementation = await connection.ethers.deployContract(name);
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
  const suite = staffed ?? (await deployStaffedSuite(connection));
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
    shipments = await deployProxy<Shipments>(connection, "Shipments", [
      ...base,
      ...shipmentsInit(city.airportLogistics!, await mock.getAddress(), wf),
    ]);
    ports = await deployProxy<ContainerClearance>(connection, "ContainerClearance", [
      ...base,
      ...containerClearanceInit(city.portClearance!, await mock.getAddress(), wf),
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
  const participants = {
    merchant: await account(connection, "merchant"),
    forwarder: await account(connection, "forwarder"),
    airline: await account(connection, "airline"),
    airport: await account(connection, "airport operator"),
    terminalBeijing: await account(connection, "terminal beijing"),
    terminalTianjin: await account(connection, "terminal tianjin"),
    terminalHebei: await account(connection, "terminal hebei"),
    otherMerchant: await account(connection, "other merchant"),
  };
  const accredit = async (role: Role, who: Wallet, validUntil = 0n, label = role) =>
    (
      await registry
        .connect(staff[ROLES[role]].officer)
        .accredit(code(role), who.address, 0n, validUntil, `${label} (test)`)
    ).wait();
  await accredit("MERCHANT", participants.merchant);
  await accredit("MERCHANT", participants.otherMerchant);
  await accredit("FORWARDER", participants.forwarder);
  await accredit("AIRLINE", participants.airline);
  await accredit("AIRPORT_OPERATOR", participants.airport);
  await accredit("TERMINAL_BEIJING", participants.terminalBeijing);
  await accredit("TERMINAL_TIANJIN", participants.terminalTianjin);
  await accredit("TERMINAL_HEBEI", participants.terminalHebei);
  return { ...suite, staff, registry, shipments, ports, participants, accredit };
}

export type LogisticsSuite = Awaited<ReturnType<typeof deployLogisticsSuite>>;
export type StaffMap = LogisticsSuite["staff"];
export type { StaffedSuite };
