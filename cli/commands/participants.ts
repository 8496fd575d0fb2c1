import type { Command } from "commander";

import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { blockTimestamps, encodeCall, GovChainError, type GovChain } from "../../sdk/index.js";
import { operatorAction } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { unixTime } from "../input.js";
import { localTime } from "../format/time.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

/** The deployment's participant registry, or one clear line when the manifest predates it. */
function participantsOf(gov: GovChain) {
  if (gov.participants === undefined) {
    throw new GovChainError("this deployment has no participant registry (its manifest predates it): redeploy");
  }
  return gov.participants;
}

const when = (seconds: number) => (seconds === 0 ? "" : localTime(seconds));

export function participantsCommand(program: Command, globals: Globals): void {
  const participants = program
    .command("participants")
    .description("organisations accredited by a department without being one (bill issuers, merchants, providers)");

  participants
    .command("define-role <role> <department>")
    .description("define a participant role owned by a department (operator: a routine council proposal)")
    .action(async (role: string, department: string) => {
      const { gov } = await govchain(globals(), true);
      const registry = participantsOf(gov);
      const call = encodeCall(registry.contract, "defineRole", [
        encodeDepartmentCode(role),
        encodeDepartmentCode(department),
      ]);
      await operatorAction(gov, globals(), `define participant role ${role}`, [call], () =>
        registry.defineRole(role, department),
      );
    });

  participants
    .command("accredit <role> <account>")
    .description("accredit an organisation's account in a role (an officer of the role's department)")
    .requiredOption("--label <name>", "the organisation's name, as readers should see it (never a person's data)")
    .option("--from <time>", "start (ISO date or unix seconds; default now)")
    .option("--until <time>", "end (ISO date or unix seconds; default none)")
    .action(async (role: string, account: string, opts: { label: string; from?: string; until?: string }) => {
      const { gov } = await govchain(globals(), true);
      const registry = participantsOf(gov);
      await (
        await registry.accredit(role, account, {
          label: opts.label,
          validFrom: opts.from === undefined ? 0 : unixTime("--from", opts.from),
          validUntil: opts.until === undefined ? 0 : unixTime("--until", opts.until),
        })
      ).wait();
      const record = await registry.accreditation(role, account);
      print(globals(), record, () =>
        console.log(
          `${account} accredited as ${role} by ${record.department}${record.validUntil ? ` until ${when(record.validUntil)}` : ""}`,
        ),
      );
    });

  participants
    .command("revoke <role> <account>")
    .description("revoke an organisation's accreditation (an officer of the role's department)")
    .requiredOption("--reason <code>", "reason code, e.g. FRAUD, CLOSED, EXPIRED_LICENCE")
    .action(async (role: string, account: string, opts: { reason: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await participantsOf(gov).revoke(role, account, opts.reason)).wait();
      print(globals(), { role, account, revoked: true }, () =>
        console.log(`${account}: accreditation as ${role} revoked`),
      );
    });

  participants
    .command("show <role> <account>")
    .description("an account's accreditation in a role, and whether it counts now")
    .action(async (role: string, account: string) => {
      const { gov } = await govchain(globals(), false);
      const registry = participantsOf(gov);
      const department = await registry.roleDepartment(role);
      if (department === undefined) throw new GovChainError(`participant role ${role} is not defined`);
      const record = await registry.accreditation(role, account);
      print(globals(), record, () => {
        const state = record.accredited
          ? "ACCREDITED"
          : record.revoked
            ? "REVOKED"
            : record.validFrom === 0
              ? "NEVER ACCREDITED"
              : "NOT IN EFFECT";
        console.log(`${account} as ${role} (accredited by ${department}): ${state}`);
        if (record.validFrom !== 0)
          console.log(`from ${when(record.validFrom)}${record.validUntil ? ` until ${when(record.validUntil)}` : ""}`);
      });
    });

  participants
    .command("history")
    .description("accreditations and revocations, from events")
    .option("--role <role>", "only this role")
    .option("--account <address>", "only this account")
    .action(async (opts: { role?: string; account?: string }) => {
      const { gov } = await govchain(globals(), false);
      const history = await participantsOf(gov).history(opts);
      const times = await blockTimestamps(
        gov.runner.provider,
        history.map((h) => h.blockNumber),
      );
      const rows = history.map((h) => ({ ...h, timestamp: times.get(h.blockNumber) }));
      print(globals(), rows, () =>
        table(
          rows.map((h) => ({
            time: localTime(h.timestamp),
            event: h.event === "ParticipantAccredited" ? "accredited" : `revoked (${h.reason})`,
            role: h.role,
            account: h.account,
            label: h.label ?? "",
            by: `${h.department} ${h.officer}`,
          })),
        ),
      );
    });
}
