import type { InterfaceAbi } from "ethers";

import {
  CertificateRegistry__factory,
  DepartmentDirectory__factory,
  DepartmentGated__factory,
  GovAccessManager__factory,
  IGovernanceCouncil__factory,
  Workflow__factory,
  DataExchange__factory,
  ReceiptLog__factory,
  PropertyRegistry__factory,
  ParticipantRegistry__factory,
  AccreditedIssuance__factory,
  BillReimbursement__factory,
} from "../typechain-types/index.js";

/** The ABIs of every suite contract (and the base all modules share): the SDK decodes any of their custom errors. */
export const SUITE_ABIS: readonly InterfaceAbi[] = [
  GovAccessManager__factory.abi,
  DepartmentDirectory__factory.abi,
  DepartmentGated__factory.abi,
  CertificateRegistry__factory.abi,
  Workflow__factory.abi,
  DataExchange__factory.abi,
  ReceiptLog__factory.abi,
  PropertyRegistry__factory.abi,
  IGovernanceCouncil__factory.abi,
  ParticipantRegistry__factory.abi,
  AccreditedIssuance__factory.abi,
  BillReimbursement__factory.abi,
];
