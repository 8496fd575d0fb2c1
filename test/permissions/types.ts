import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { StaffedSuite } from "../helpers/suite.js";

/**
 * How the matrix exercises one row of `config/permissions.ts`.
 * `call` builds a valid call (so the allowed caller really succeeds); the matrix then makes
 * the same call as every other department's officer and admin and as a stranger, and expects
 * `deniedWith` (default: `AccessManagedUnauthorized` for role rows).
 */
export interface MatrixCase {
  /** The signer the table allows (for PUBLIC rows: the one the guard accepts). */
  allowed: (suite: StaffedSuite) => HardhatEthersSigner;
  /** Sends the call as `signer`. */
  call: (
    suite: StaffedSuite,
    signer: HardhatEthersSigner,
    connection: NetworkConnection,
  ) => Promise<ContractTransactionResponse>;
  /** The contract whose custom error a refused call raises, and the error name. */
  deniedWith?: (suite: StaffedSuite) => { contract: BaseContract; error: string };
  /** Succeeds the allowed way when a direct call cannot (UPGRADER rows go through the AccessManager delay). */
  succeed?: (suite: StaffedSuite, connection: NetworkConnection) => Promise<void>;
}

/** Cases keyed by `<Contract>.<signature>`; each module adds a file under `cases/`. */
export type MatrixCases = Record<string, MatrixCase>;
