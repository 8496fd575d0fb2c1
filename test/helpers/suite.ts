import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { deploySuite } from "../../scripts/lib/deploy.js";
import { staffDepartments } from "../../scripts/lib/staff.js";
import {
  AccessClient,
  CertificatesClient,
  ExchangeClient,
  ParticipantsClient,
  PropertyClient,
  WorkflowClient,
} from "../../sdk/index.js";

/** Departments the tests staff with an admin and an officer each. */
export const STAFFED = ["TAX", "PSB", "HOUSING", "PLANNING", "REGISTRY", "MARKET", "COURT", "BANK_ICBC"] as const;
export type StaffedDepartment = (typeof STAFFED)[number];

export interface Staff {
  admin: HardhatEthersSigner;
  officer: HardhatEthersSigner;
}

/**
 * The whole suite deployed exactly as `npm run demo` deploys it (Ignition, proxies,
 * permissions table, Beijing's departments), with an admin and an officer in each
 * {@link STAFFED} department. Use through `networkHelpers.loadFixture`.
 */
export async function deployStaffedSuite(connection: NetworkConnection) {
  const signers = await connection.ethers.getSigners();
  const [operator, stranger] = signers;
  const manifest = await deploySuite(connection, loadCityConfig(), { handover: false });
  const access = new AccessClient(
    { manager: manifest.contracts.GovAccessManager, directory: manifest.contracts.DepartmentDirectory.proxy },
    operator,
  );
  // Accounts 0 and 1 are the operator and the stranger; departments take 2 and 3, 4 and 5, ...
  const staff = (await staffDepartments(access, STAFFED, signers.slice(2))) as Record<StaffedDepartment, Staff>;
  const directory = await connection.ethers.getContractAt(
    "DepartmentDirectory",
    manifest.contracts.DepartmentDirectory.proxy,
  );
  const manager = await connection.ethers.getContractAt("GovAccessManager", manifest.contracts.GovAccessManager);
  const certificateRegistry = await connection.ethers.getContractAt(
    "CertificateRegistry",
    manifest.contracts.CertificateRegistry.proxy,
  );
  const certificates = new CertificatesClient(manifest.contracts.CertificateRegistry.proxy, operator);
  const workflow = await connection.ethers.getContractAt("Workflow", manifest.contracts.Workflow.proxy);
  const workflowClient = new WorkflowClient(manifest.contracts.Workflow.proxy, operator, manifest.deploymentBlock);
  const exchangeContract = await connection.ethers.getContractAt("DataExchange", manifest.contracts.DataExchange.proxy);
  const receiptLog = await connection.ethers.getContractAt("ReceiptLog", manifest.contracts.ReceiptLog);
  const exchange = new ExchangeClient(
    { exchange: manifest.contracts.DataExchange.proxy, receiptLog: manifest.contracts.ReceiptLog },
    operator,
  );
  const propertyAddress = manifest.contracts.PropertyRegistry!.proxy;
  const propertyRegistry = await connection.ethers.getContractAt("PropertyRegistry", propertyAddress);
  const property = new PropertyClient(propertyAddress, staff.REGISTRY.officer, { fromBlock: manifest.deploymentBlock });
  const participantRegistry = await connection.ethers.getContractAt(
    "ParticipantRegistry",
    manifest.contracts.ParticipantRegistry!.proxy,
  );
  const participants = new ParticipantsClient(participantRegistry.target as string, operator, manifest.deploymentBlock);
  return {
    manifest,
    access,
    operator,
    stranger,
    staff,
    directory,
    manager,
    signers,
    certificateRegistry,
    certificates,
    workflow,
    workflowClient,
    exchange,
    exchangeContract,
    receiptLog,
    propertyRegistry,
    property,
    participantRegistry,
    participants,
  };
}

export type StaffedSuite = Awaited<ReturnType<typeof deployStaffedSuite>>;
