import type { Signer } from "ethers";

import type { AccessClient } from "../../sdk/index.js";

export interface DepartmentStaff {
  admin: Signer & { address: string };
  officer: Signer & { address: string };
}

/**
 * Gives each department an admin (granted by the operator) and an officer (granted by that
 * admin), taking accounts from `accounts` in turn; skips grants already in place so a re-run
 * against a persistent node is harmless.
 */
export async function staffDepartments(
  access: AccessClient,
  codes: readonly string[],
  accounts: readonly (Signer & { address: string })[],
): Promise<Record<string, DepartmentStaff>> {
  const staff: Record<string, DepartmentStaff> = {};
  for (const [i, code] of codes.entries()) {
    const admin = accounts[(2 * i) % accounts.length];
    const officer = accounts[(2 * i + 1) % accounts.length];
    if (!(await access.admins(code)).includes(admin.address)) {
      await (await access.grantDepartmentAdmin(code, admin.address)).wait();
    }
    if (!(await access.officers(code)).includes(officer.address)) {
      await (await access.connect(admin).grantOfficer(code, officer.address)).wait();
    }
    staff[code] = { admin, officer };
  }
  return staff;
}
