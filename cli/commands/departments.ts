import type { Command } from "commander";

import { departmentKindIndex, encodeDepartmentCode } from "../../sdk/access/departments.js";
import {
  blockTimestamps,
  DEPARTMENT_KINDS,
  encodeCall,
  ValidationError,
  type DepartmentKind,
} from "../../sdk/index.js";
import { operatorAction } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { bilingual, cityNames } from "../format/names.js";
import { localTime } from "../format/time.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

export function departmentsCommand(program: Command, globals: Globals): void {
  const departments = program
    .command("departments")
    .description("the department directory: departments, admins, officers");

  departments
    .command("list")
    .description("list every department with its roles and members")
    .action(async () => {
      const { gov } = await govchain(globals(), false);
      const all = await gov.access.departments();
      const names = cityNames(gov.manifest.city);
      const rows = await Promise.all(
        all.map(async (d) => ({
          ...d,
          nameZh: names.departments.get(d.code)?.nameZh,
          jurisdiction: names.jurisdictions.get(d.code)?.code,
          admins: await gov.access.admins(d.code),
          officers: await gov.access.officers(d.code),
        })),
      );
      print(globals(), rows, () =>
        table(
          rows.map((d) => ({
            code: d.code,
            kind: d.kind,
            active: d.active,
            jurisdiction: d.jurisdiction ?? "",
            admins: d.admins.length,
            officers: d.officers.length,
            name: bilingual({ name: d.name, nameZh: d.nameZh }),
          })),
        ),
      );
    });

  departments
    .command("show <code>")
    .description("one department, its admins and officers")
    .action(async (code: string) => {
      const { gov } = await govchain(globals(), false);
      const d = {
        ...(await gov.access.department(code)),
        jurisdiction: cityNames(gov.manifest.city).jurisdictions.get(code.toUpperCase())?.code,
        admins: await gov.access.admins(code),
        officers: await gov.access.officers(code),
      };
      print(globals(), d, () => {
        console.log(
          `${d.code}  ${d.name}  (${d.kind}, ${d.active ? "active" : "INACTIVE"}, roles ${d.adminRole}/${d.officerRole}` +
            `${d.jurisdiction === undefined ? "" : `, jurisdiction ${d.jurisdiction}`})`,
        );
        console.log(`admins:   ${d.admins.join(", ") || "(none)"}`);
        console.log(`officers: ${d.officers.join(", ") || "(none)"}`);
      });
    });

  departments
    .command("register <code>")
    .description("register a department (operator)")
    .requiredOption("--name <name>", "the department's name")
    .option("--kind <kind>", `one of ${DEPARTMENT_KINDS.join(", ")}`, "government")
    .action(async (code: string, opts: { name: string; kind: DepartmentKind }) => {
      const { gov } = await govchain(globals(), true);
      if (!DEPARTMENT_KINDS.includes(opts.kind)) {
        throw new ValidationError("--kind", `"${opts.kind}" is not one of ${DEPARTMENT_KINDS.join(", ")}`);
      }
      const call = encodeCall(gov.access.contract, "registerDepartment", [
        encodeDepartmentCode(code),
        opts.name,
        departmentKindIndex(opts.kind),
      ]);
      await operatorAction(gov, globals(), `register department ${code}`, [call], () =>
        gov.access.registerDepartment({ code, name: opts.name, kind: opts.kind }),
      );
    });

  for (const [name, active] of [
    ["deactivate", false],
    ["reactivate", true],
  ] as const) {
    departments
      .command(`${name} <code>`)
      .description(`${name} a department (operator)`)
      .action(async (code: string) => {
        const { gov } = await govchain(globals(), true);
        const call = encodeCall(gov.access.contract, "setDepartmentActive", [encodeDepartmentCode(code), active]);
        await operatorAction(gov, globals(), `${name} department ${code}`, [call], () =>
          active ? gov.access.reactivateDepartment(code) : gov.access.deactivateDepartment(code),
        );
      });
  }

  departments
    .command("history <code>")
    .description("every change to a department, from events")
    .action(async (code: string) => {
      const { gov } = await govchain(globals(), false);
      const history = await gov.access.history({ code, fromBlock: gov.manifest.deploymentBlock });
      const times = await blockTimestamps(
        gov.runner.provider,
        history.map((h) => h.blockNumber),
      );
      const rows = history.map((h) => ({ ...h, timestamp: times.get(h.blockNumber) }));
      print(globals(), rows, () =>
        table(
          rows.map((h) => ({ time: localTime(h.timestamp), event: h.event, account: h.account ?? "", actor: h.actor })),
        ),
      );
    });

  const members = program
    .command("members")
    .description("department admins (operator) and officers (department admins)");
  const memberActions = [
    ["grant-admin", "make an account a department admin (operator; takes effect after the admin grant delay)"],
    ["revoke-admin", "remove a department admin (operator)"],
    ["grant-officer", "make an account an officer (an admin of that department)"],
    ["revoke-officer", "remove an officer (an admin of that department)"],
  ] as const;
  for (const [action, description] of memberActions) {
    members
      .command(`${action} <code> <account>`)
      .description(description)
      .action(async (code: string, account: string) => {
        const { gov } = await govchain(globals(), true);
        const a = gov.access;
        if (action === "grant-admin" || action === "revoke-admin") {
          // Department admins are the operator's to appoint: after the handover, a sensitive council proposal.
          const fn = action === "grant-admin" ? "grantDepartmentAdmin" : "revokeDepartmentAdmin";
          const call = encodeCall(a.contract, fn, [encodeDepartmentCode(code), account]);
          await operatorAction(gov, globals(), `${action} ${account} in ${code}`, [call], () =>
            action === "grant-admin" ? a.grantDepartmentAdmin(code, account) : a.revokeDepartmentAdmin(code, account),
          );
          return;
        }
        const tx =
          action === "grant-officer" ? await a.grantOfficer(code, account) : await a.revokeOfficer(code, account);
        const result = await tx.wait();
        print(globals(), { code, account, action, transaction: tx.hash, ...(result ?? {}) }, () =>
          console.log(`${action} ${account} in ${code}: done (${tx.hash})`),
        );
      });
  }
}
