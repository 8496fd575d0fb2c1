import type { InterfaceAbi } from "ethers";

import { DepartmentDirectory__factory, GovAccessManager__factory } from "../typechain-types/index.js";

/** The ABIs of every suite contract: the SDK decodes any of their custom errors. */
export const SUITE_ABIS: readonly InterfaceAbi[] = [GovAccessManager__factory.abi, DepartmentDirectory__factory.abi];
