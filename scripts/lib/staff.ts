import type { Signer } from "ethers";

import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { encodeCall, type AccessClient, type GovernanceClient } from "../../sdk/index.js";

export interface DepartmentStaff {
  admin: Signer & { address: string };
  officer: Signer & { address: string };
}

/** Who appoints department admins once the council holds the operator's roles: a member's admin, proposing. */
export interface CouncilSeat {
  /** The council client, connected as an admin of `department`. */
  governance: GovernanceClient;
  department: string;
}

/**
 * Gives each department an admin and an officer (granted by that admin), taking accounts from `accounts` in
 * turn; skips grants already in place so a re-run against a persistent node is harmless. Admins are granted by
 * the operator's key, or, with `council`, in one council proposal (the development council executes it at once).
 */
export async function staffDepartments(
  access: AccessClient,
  codes: readonly string[],
  accounts: readonly (Signer & { address: string })[],
  council?: CouncilSeat,
): Promise<Record<string, DepartmentStaff>> {
  const staff: Record<string, DepartmentStaff> = {};
  const missingAdmins: { code: string; admin: string }[] = [];
  for (const [i, code] of codes.entries()) {
    staff[code] = { admin: accounts[(2 * i) % accounts.length], officer: accounts[(2 * i + 1) % accounts.length] };
    if (!(await access.admins(code)).includes(staff[code].admin.address)) {
      missingAdmins.push({ code, admin: staff[code].admin.address });
    }
  }
  if (council !== undefined && missingAdmins.length > 0) {
    const calls = missingAdmins.map(({ code, admin }) =>
      encodeCall(access.contract, "grantDepartmentAdmin", [encodeDepartmentCode(code), admin]),
    );
    const outcome = await (
      await council.governance.propose(council.department, calls, `appoint ${calls.length} department admins`)
    ).wait();
    if (outcome.state !== "executed") {
      throw new Error(`the council's proposal ${outcome.id} to appoint admins is ${outcome.state}, not executed`);
    }
  } else {
    for (const { code, admin } of missingAdmins) await (await access.grantDepartmentAdmin(code, admin)).wait();
  }
  for (const code of codes) {
    const { admin, officer } = staff[code];
    if (!(await access.officers(code)).includes(officer.address)) {
      await (await access.connect(admin).grantOfficer(code, officer.address)).wait();
    }
  }
  return staff;
}
