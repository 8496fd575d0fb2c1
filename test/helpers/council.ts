import { expect } from "chai";

import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { encodeCall, type GovChain } from "../../sdk/index.js";

/**
 * Appoints department admins the way a handed-over deployment allows: one council proposal by SERVICE, the
 * development council's one member, which executes it at once. `council` must be connected as SERVICE's admin
 * (Hardhat's account #1, config/staff.development.json).
 */
export async function appointAdminsThroughCouncil(
  council: GovChain,
  admins: readonly (readonly [code: string, account: string])[],
): Promise<void> {
  const calls = admins.map(([code, account]) =>
    encodeCall(council.access.contract, "grantDepartmentAdmin", [encodeDepartmentCode(code), account]),
  );
  const outcome = await (await council.governance!.propose("SERVICE", calls, "appoint test admins")).wait();
  expect(outcome.state, "the development council executes at once").to.equal("executed");
}
