import type { Signer } from "ethers";

import { encodeDepartmentCode } from "../sdk/access/departments.js";
import {
  ValidationError,
  type GovChain,
  type GovernanceCall,
  type Proposal,
  type ProposalOutcome,
} from "../sdk/index.js";
import type { GlobalOptions } from "./context.js";
import { print } from "./output.js";
import { localTime } from "./format/time.js";

/** The council member departments `account` is an admin of (live: grant delays respected). */
export async function memberDepartmentsOf(gov: GovChain, account: string): Promise<string[]> {
  const members = await gov.governance!.members();
  const admin = await Promise.all(
    members.map((m) => gov.access.contract.isDepartmentAdmin(encodeDepartmentCode(m.department), account)),
  );
  return members.filter((_, i) => admin[i]).map((m) => m.department);
}

/** The member department the signer acts for: `wanted`, else the only (or first) one it administers. */
export async function actingDepartment(gov: GovChain, signer: Signer, wanted?: string): Promise<string> {
  const account = await signer.getAddress();
  const mine = await memberDepartmentsOf(gov, account);
  if (wanted !== undefined) return wanted.toUpperCase();
  if (mine.length === 0) {
    const members = (await gov.governance!.members()).map((m) => m.department).join(", ");
    throw new ValidationError(
      "--account",
      `${account} is not an admin of any council member (${members}): after the handover only the council ` +
        `performs operator actions; a member's admin proposes them (govchain governance propose)`,
    );
  }
  return mine[0];
}

/** Prints where a proposal stands after a write, and the command that moves it on. */
export function printOutcome(options: GlobalOptions, what: string, outcome: ProposalOutcome): void {
  print(options, { ...outcome, action: what }, () => {
    // The packaged CLI names its node by URL and manifest (cli/standalone.ts), the repository's by network.
    const where =
      options.rpcUrl === undefined
        ? `--network ${options.network}`
        : `--rpc-url ${options.rpcUrl} --manifest ${options.manifest ?? "<file>"}`;
    if (outcome.state === "executed") {
      console.log(`${what}: done (council proposal ${outcome.id}, executed)`);
    } else if (outcome.state === "queued") {
      const at = localTime(outcome.executableAt); // local time zone, as every other time the CLI prints
      console.log(`${what}: proposal ${outcome.id} approved, executable from ${at}:`);
      console.log(`  govchain governance execute ${outcome.id} ${where}`);
    } else if (outcome.state === "pending") {
      console.log(`${what}: proposal ${outcome.id} waits for more members' approval:`);
      console.log(`  govchain governance show ${outcome.id} ${where}`);
      console.log(`  govchain governance approve ${outcome.id} --department <member> --account <its admin> ${where}`);
    } else {
      console.log(`${what}: proposal ${outcome.id} is ${outcome.state}`);
    }
  });
}

/** Whether the council holds the operator's roles in this deployment (the deploy handed them over). */
export function governedByCouncil(gov: GovChain): boolean {
  return gov.governance !== undefined && gov.manifest.governance?.handedOver === true;
}

/**
 * An operator action: after the handover, one council proposal of `calls` by the signer's member department
 * (which approves at once; with the development council that executes it); before it (module tests'
 * deployments), `direct` sends the same calls from the operator's own key. Returns the proposal's outcome
 * (undefined for a direct call); prints nothing.
 */
export async function runOperatorAction(
  gov: GovChain,
  options: GlobalOptions,
  what: string,
  calls: GovernanceCall[],
  direct: () => Promise<{ wait(): Promise<unknown> }>,
): Promise<ProposalOutcome | undefined> {
  if (!governedByCouncil(gov)) {
    await (await direct()).wait();
    return undefined;
  }
  const department = await actingDepartment(gov, gov.runner as Signer, options.member);
  // Re-running a command (or another member running it) moves the open proposal on instead of making another.
  const open = await openProposalFor(gov, calls);
  if (open === undefined) return (await gov.governance!.propose(department, calls, what)).wait();
  const voted = open.approvals.includes(department) || open.objections.includes(department);
  if (open.state === "pending" && !voted) return (await gov.governance!.approve(open.id, department)).wait();
  return { id: open.id, state: open.state, executableAt: open.executableAt };
}

/** The most recent proposal still open (pending, queued or ready) whose calls are exactly `calls`. */
export async function openProposalFor(gov: GovChain, calls: readonly GovernanceCall[]): Promise<Proposal | undefined> {
  const same = (p: Proposal) =>
    p.calls.length === calls.length &&
    p.calls.every(
      (c, i) =>
        c.target.toLowerCase() === calls[i].target.toLowerCase() &&
        c.data.toLowerCase() === calls[i].data.toLowerCase(),
    );
  const recent = await gov.governance!.proposals(OPEN_PROPOSALS_SCANNED);
  return recent.find((p) => ["pending", "queued", "ready"].includes(p.state) && same(p));
}

/** How many recent proposals an operator command looks through for one it would repeat. */
const OPEN_PROPOSALS_SCANNED = 50;

/** {@link runOperatorAction}, then says what happened (and the next command when the council must still act). */
export async function operatorAction(
  gov: GovChain,
  options: GlobalOptions,
  what: string,
  calls: GovernanceCall[],
  direct: () => Promise<{ wait(): Promise<unknown> }>,
): Promise<ProposalOutcome | undefined> {
  const outcome = await runOperatorAction(gov, options, what, calls, direct);
  if (outcome === undefined) {
    print(options, { action: what, via: "operator", state: "executed" }, () => console.log(`${what}: done`));
  } else {
    printOutcome(options, what, outcome);
  }
  return outcome;
}
