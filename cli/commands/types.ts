/** What a deployment offers an officer: `cert types` and `cases types`. */
import type { Command } from "commander";
import { ZeroAddress } from "ethers";

import { caseTypes, certificateTypes, type DeploymentManifest } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { bilingual, cityNames, departmentLabel } from "../format/names.js";
import { span } from "../format/time.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

/** The manifest's name for a suite contract address (e.g. PropertyRegistry), or the address. */
export function contractName(manifest: DeploymentManifest, address: string): string {
  for (const [name, entry] of Object.entries(manifest.contracts)) {
    const at = typeof entry === "string" ? entry : entry?.proxy;
    if (at !== undefined && at.toLowerCase() === address.toLowerCase()) return name;
  }
  return address;
}

/** `certificates types`: every certificate type with its department, validity and rules. */
export function certificateTypesCommand(certificates: Command, globals: Globals): void {
  certificates
    .command("types")
    .description(
      "the registered certificate types: issuing department, longest validity, renewable, suspendable, managed",
    )
    .action(async () => {
      const { gov } = await govchain(globals(), false);
      const names = cityNames(gov.manifest.city);
      const types = (await certificateTypes(gov)).map((t) => ({
        ...t,
        ...names.certificateTypes.get(t.code),
        departmentNames: names.departments.get(t.department),
        issuedBy: t.managed ? "authorised contracts only (managed)" : `officers of ${t.department}`,
      }));
      print(globals(), types, () =>
        table(
          types.map((t) => ({
            code: t.code,
            department: t.department,
            "longest validity": t.maxValiditySeconds === 0n ? "no limit" : span(t.maxValiditySeconds),
            renewable: t.renewable,
            suspendable: t.suspendable,
            managed: t.managed,
            active: t.active,
            name: bilingual(t),
          })),
        ),
      );
    });
}

/** `cases types`: every case type with its opener, stages, quorums and deadlines. */
export function caseTypesCommand(cases: Command, globals: Globals): void {
  cases
    .command("types")
    .description(
      "the registered case types: who opens them, the stages in order, each department's quorum and deadline",
    )
    .action(async () => {
      const { gov } = await govchain(globals(), false);
      const names = cityNames(gov.manifest.city);
      const types = (await caseTypes(gov)).map((t) => ({
        ...t,
        ...names.caseTypes.get(t.id),
        ownerName: t.owner === undefined || t.owner === ZeroAddress ? undefined : contractName(gov.manifest, t.owner),
      }));
      print(globals(), types, () => {
        for (const t of types) {
          const title = bilingual(t);
          console.log(`${t.id}${title === "" ? "" : `  ${title}`}${t.active ? "" : "  (RETIRED: no new cases)"}`);
          if (t.ownerName !== undefined) {
            console.log(`  opened and consumed by the contract ${t.ownerName} (officers cannot open it)`);
          } else {
            console.log(`  opened by officers of ${departmentLabel(names, t.openerDepartment!)}`);
          }
          t.stages.forEach((stage, i) => {
            const who = stage.departments
              .map((d) => ((d.quorum ?? 1) > 1 ? `${d.code} (${d.quorum} signatures)` : d.code))
              .join(", ");
            const deadline = stage.durationSeconds === 0 ? "no deadline" : `${span(stage.durationSeconds)} deadline`;
            console.log(`  stage ${i + 1} of ${t.stages.length} (${deadline}): ${who}`);
          });
        }
        if (types.length === 0) console.log("(none)");
      });
    });
}
