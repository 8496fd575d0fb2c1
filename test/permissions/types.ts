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
  /**
   * The deactivated-department column (issue 11, promise 7). For a row whose allowed caller is an
   * officer or admin of a staffed department, the matrix makes `call` as that caller, but the
   * operator deactivates the department (through the directory) just before the caller's own
   * transaction or signature, so the case's setup still runs; the call must be refused.
   */
  deactivated?: DeactivatedCase;
}

/** How a row is refused once the allowed caller's department is deactivated (every field optional). */
export interface DeactivatedCase {
  /** The department to deactivate (a staffed code such as `"TAX"`), when it is not the allowed caller's own. */
  department?: string;
  /**
   * The refusal expected. Default: `DepartmentGatedInactiveDepartment(department, caller)` raised by
   * the row's contract; `args` overrides the arguments checked (`[]`: the error name only).
   */
  deniedWith?: (suite: StaffedSuite) => { contract: BaseContract; error: string; args?: unknown[] };
}

/** Cases keyed by `<Contract>.<signature>`; each module adds a file under `cases/`. */
export type MatrixCases = Record<string, MatrixCase>;
