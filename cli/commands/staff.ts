import type { Command } from "commander";
import { type Signer } from "ethers";

import { ADMINS_PER_PROPOSAL, loadStaffFile } from "../../config/staff.js";
import { PLATFORM_ROLES } from "../../config/permissions.js";
import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { encodeCall, type GovChain, type GovernanceCall } from "../../sdk/index.js";
import { governedByCouncil, memberDepartmentsOf, runOperatorAction } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print, table } from "../output.js";

/** One line per stage on stderr (stdout stays the result, `--json` included). */
const stage = (_options: GlobalOptions, text: string) => console.error(`govchain staff: ${text}`);

interface StaffRow {
  department: string;
  adminsAppointed: number;
  officersAppointed: number;
  pending: string;
}

/** Appoints the officers of `code` the file lists and the department lacks, from a local admin key of it. */
async function appointOfficers(
  gov: GovChain,
  signers: readonly Signer[],
  code: string,
  wanted: readonly string[],
): Promise<{ appointed: number; pending: string }> {
  const current = new Set((await gov.access.officers(code)).map((a) => a.toLowerCase()));
  const missing = wanted.filter((a) => !current.has(a.toLowerCase()));
  if (missing.length === 0) return { appointed: 0, pending: "" };
  const encoded = encodeDepartmentCode(code);
  let admin: Signer | undefined;
  for (const signer of signers) {
    if (await gov.access.contract.isDepartmentAdmin(encoded, await signer.getAddress())) {
      admin = signer;
      break;
    }
  }
  if (admin === undefined) {
    return { appointed: 0, pending: `${missing.length} officer(s): run again with --account <a ${code} admin>` };
  }
  const access = gov.access.connect(admin);
  for (const account of missing) await (await access.grantOfficer(code, account)).wait();
  return { appointed: missing.length, pending: "" };
}

/**
 * Accounts that would administer two or more council member departments (on chain now or after the file):
 * a member department's admin casts that member's weight, so one such key could cast several members'
 * weight alone. `admins` maps each department to its admins (current and planned).
 */
export function councilSeatConflicts(
  members: readonly string[],
  admins: Readonly<Record<string, readonly string[]>>,
): { account: string; departments: string[] }[] {
  const seats = new Map<string, { account: string; departments: Set<string> }>();
  for (const department of members) {
    for (const account of admins[department] ?? []) {
      const key = account.toLowerCase();
      if (!seats.has(key)) seats.set(key, { account, departments: new Set() });
      seats.get(key)!.departments.add(department);
    }
  }
  return [...seats.values()]
    .filter((s) => s.departments.size > 1)
    .map((s) => ({ account: s.account, departments: [...s.departments].sort() }));
}

export function staffCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("staff <file>")
    .description(
      "appoint the admins and officers a staff file lists (idempotent): admins through the council " +
        "(one sensitive proposal), officers from a local admin key of each department",
    )
    .action(async (file: string) => {
      const options = globals();
      const staff = loadStaffFile(file);
      const { gov, connection } = await govchain(options, true);
      const signers = [gov.runner as Signer, ...((await connection?.ethers.getSigners()) ?? [])];
      const codes = Object.keys(staff.departments);

      stage(options, `checking ${codes.length} departments`);
      const adminCalls: { code: string; call: GovernanceCall; account: string }[] = [];
      const adminsAfter: Record<string, string[]> = {};
      const members = gov.governance === undefined ? [] : (await gov.governance.members()).map((m) => m.department);
      for (const code of members) adminsAfter[code] = await gov.access.admins(code);
      for (const code of codes) {
        const onChain = await gov.access.admins(code);
        adminsAfter[code] = [...onChain, ...staff.departments[code].admins];
        const current = new Set(onChain.map((a) => a.toLowerCase()));
        for (const account of staff.departments[code].admins) {
          if (current.has(account.toLowerCase())) continue;
          adminCalls.push({
            code,
            call: encodeCall(gov.access.contract, "grantDepartmentAdmin", [encodeDepartmentCode(code), account]),
            account,
          });
        }
      }
      for (const conflict of councilSeatConflicts(members, adminsAfter)) {
        stage(
          options,
          `warning: ${conflict.account} would administer council members ${conflict.departments.join(" and ")}: ` +
            `one key could cast ${conflict.departments.length} members' weight; give each member department its own admin`,
        );
      }
      let adminsPending = false;
      if (adminCalls.length > 0) stage(options, `appointing ${adminCalls.length} department admin(s)`);
      // One proposal per group of ADMINS_PER_PROPOSAL (a chain may cap one transaction's gas).
      for (let first = 0; first < adminCalls.length; first += ADMINS_PER_PROPOSAL) {
        const group = adminCalls.slice(first, first + ADMINS_PER_PROPOSAL);
        const outcome = await runOperatorAction(
          gov,
          options,
          `appoint ${group.length} department admin(s) from ${file}`,
          group.map((c) => c.call),
          async () => {
            // Before a handover (module tests' deployments) the operator's own key appoints them one by one.
            for (const c of group.slice(0, -1)) await (await gov.access.grantDepartmentAdmin(c.code, c.account)).wait();
            const last = group[group.length - 1];
            return gov.access.grantDepartmentAdmin(last.code, last.account);
          },
        );
        if (outcome !== undefined && outcome.state !== "executed") {
          adminsPending = true;
          stage(options, `council proposal ${outcome.id} is ${outcome.state}: admins wait for it`);
        }
      }

      const rows: StaffRow[] = [];
      for (const code of codes) {
        const admins = adminCalls.filter((c) => c.code === code).length;
        stage(options, `${code}: officers`);
        const officers = await appointOfficers(gov, signers, code, staff.departments[code].officers);
        rows.push({
          department: code,
          adminsAppointed: adminsPending ? 0 : admins,
          officersAppointed: officers.appointed,
          pending: [adminsPending && admins > 0 ? `${admins} admin(s) await the council` : "", officers.pending]
            .filter(Boolean)
            .join("; "),
        });
      }
      print(options, { governedByCouncil: governedByCouncil(gov), departments: rows }, () => table(rows as never));
    });

  program
    .command("whoami [account]")
    .description("which platform roles, departments and council seats an account holds (default: --account)")
    .action(async (account: string | undefined) => {
      const options = globals();
      const { gov } = await govchain(options, account === undefined);
      const address = account ?? (await (gov.runner as Signer).getAddress());
      const platform: string[] = [];
      for (const role of ["ADMIN", "OPERATOR", "UPGRADER"] as const) {
        const [member, delay] = await gov.access.manager.hasRole(PLATFORM_ROLES[role], address);
        if (member) platform.push(delay > 0n ? `${role} (delay ${delay} s)` : role);
      }
      const departments: { department: string; name: string; admin: boolean; officer: boolean; active: boolean }[] = [];
      for (const d of await gov.access.departments()) {
        const code = encodeDepartmentCode(d.code);
        const [admin, officer] = await Promise.all([
          gov.access.contract.isDepartmentAdmin(code, address),
          gov.access.contract.isOfficer(code, address),
        ]);
        if (admin || officer) departments.push({ department: d.code, name: d.name, admin, officer, active: d.active });
      }
      const council = gov.governance === undefined ? [] : await memberDepartmentsOf(gov, address);
      print(options, { account: address, platformRoles: platform, departments, councilSeats: council }, () => {
        console.log(`account:         ${address}`);
        console.log(`platform roles:  ${platform.join(", ") || "(none)"}`);
        console.log(`council seats:   ${council.join(", ") || "(none)"}`);
        if (departments.length === 0) console.log("departments:     (none)");
        else table(departments);
      });
    });
}
