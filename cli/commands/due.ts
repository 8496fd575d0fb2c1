/** `cases due`: the open cases whose stage deadline is near or passed, for the departments that must act. */
import type { Command } from "commander";

import { casesDue } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { duration } from "../input.js";
import { localTime, span } from "../format/time.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

export function casesDueCommand(cases: Command, globals: Globals): void {
  cases
    .command("due")
    .description(
      "open cases whose stage deadline falls within --within (default 2d), and those already expired, soonest first; " +
        "exit code 0 either way",
    )
    .option("--within <duration>", "how far ahead: 3600, 12h, 2d, ...", "2d")
    .option("--department <code>", "only the cases waiting for this department")
    .action(async (opts: { within: string; department?: string }) => {
      const withinSeconds = duration("--within", opts.within);
      const { gov } = await govchain(globals(), false);
      if (opts.department !== undefined) await gov.access.department(opts.department); // unknown code: listed error
      const due = await casesDue(gov.workflow, { withinSeconds, department: opts.department });
      print(globals(), due, () =>
        table(
          due.map((c) => ({
            case: c.caseId,
            type: c.caseType,
            status: c.status,
            stage: c.stage + 1,
            waiting: c.pendingDepartments.join(", ") || "-",
            deadline: localTime(c.deadline),
            due: c.dueIn < 0 ? `passed ${span(-c.dueIn)} ago` : `in ${span(c.dueIn)}`,
          })),
        ),
      );
    });
}
