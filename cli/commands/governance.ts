import { readFileSync } from "node:fs";

import type { Command } from "commander";
import { encodeBytes32String, FunctionFragment, isHexString, type BaseContract, type Signer } from "ethers";

import { ValidationError, type GovChain, type GovernanceCall, type Proposal } from "../../sdk/index.js";
import { actingDepartment, printOutcome } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print, table } from "../output.js";
import { writeManifest } from "../paths.js";
import { localTime } from "../format/time.js";

/** One call of a proposal file: a suite contract's function with its arguments, or raw target and data. */
type CallSpec = { contract: string; function: string; args?: unknown[] } | { target: string; data: string };

/** The suite's contract clients by artifact name (the proposal file's `contract`). */
function contractsOf(gov: GovChain): Record<string, BaseContract> {
  const contracts: Record<string, BaseContract | undefined> = {
    GovAccessManager: gov.access.manager,
    DepartmentDirectory: gov.access.contract,
    CertificateRegistry: gov.certificates.contract,
    Workflow: gov.workflow.contract,
    DataExchange: gov.exchange.contract,
    PropertyRegistry: gov.property?.contract,
    GovernanceCouncil: gov.governance?.contract,
  };
  return Object.fromEntries(Object.entries(contracts).filter(([, c]) => c !== undefined)) as Record<
    string,
    BaseContract
  >;
}

/** bytes32 parameters accept a department or type code as text (`TAX`), like every other command. */
function encodeArgs(fragment: FunctionFragment, args: unknown[]): unknown[] {
  return fragment.inputs.map((input, i) =>
    input.type === "bytes32" && typeof args[i] === "string" && !isHexString(args[i], 32)
      ? encodeBytes32String(args[i])
      : args[i],
  );
}

/** The calls of a proposal file: `{ "description": "...", "calls": [CallSpec, ...] }`. */
export function readProposalFile(gov: GovChain, file: string): { description: string; calls: GovernanceCall[] } {
  let parsed: { description?: string; calls?: CallSpec[] };
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ValidationError("file", `cannot read proposal file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!Array.isArray(parsed.calls) || parsed.calls.length === 0) {
    throw new ValidationError("calls", `${file}: "calls" must list at least one call`);
  }
  const contracts = contractsOf(gov);
  const calls = parsed.calls.map((spec, i): GovernanceCall => {
    if ("target" in spec) return { target: spec.target, data: spec.data };
    const contract = contracts[spec.contract];
    if (contract === undefined) {
      throw new ValidationError(
        `calls[${i}].contract`,
        `"${spec.contract}" is not a contract of this deployment (${Object.keys(contracts).join(", ")})`,
      );
    }
    const fragment = contract.interface.getFunction(spec.function);
    if (fragment === null) {
      throw new ValidationError(`calls[${i}].function`, `${spec.contract} has no function "${spec.function}"`);
    }
    try {
      return {
        target: contract.target as string,
        data: contract.interface.encodeFunctionData(fragment, encodeArgs(fragment, spec.args ?? [])),
      };
    } catch (error) {
      throw new ValidationError(`calls[${i}].args`, `${fragment.format()}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  });
  return { description: parsed.description ?? file, calls };
}

/** A call in words: `DepartmentDirectory.registerDepartment(...)`, or the raw target and selector. */
function describeCall(gov: GovChain, call: GovernanceCall): string {
  for (const [name, contract] of Object.entries(contractsOf(gov))) {
    if ((contract.target as string).toLowerCase() !== call.target.toLowerCase()) continue;
    const parsed = contract.interface.parseTransaction({ data: call.data });
    if (parsed !== null) return `${name}.${parsed.name}(${parsed.args.map((a) => String(a)).join(", ")})`;
  }
  return `${call.target} ${call.data.slice(0, 10)}`;
}

/** ISO 8601 in the local time zone (cli/format/time.ts), blank for none: the officer reads local times everywhere. */
const iso = (seconds?: bigint) => (seconds === undefined ? "" : localTime(seconds));

function summary(p: Proposal) {
  return {
    id: p.id,
    class: p.actionClass,
    state: p.state,
    weight: `${p.weight} of ${p.threshold}`,
    proposer: p.proposerDepartment,
    executableAt: iso(p.executableAt),
    description: p.description,
  };
}

/** After an executed upgrade, the manifest records the new implementation (in `file`, the one --manifest named, if any). */
function recordUpgrades(gov: GovChain, proposal: Proposal, file?: string): string | undefined {
  const contracts = gov.manifest.contracts as unknown as Record<
    string,
    string | { proxy: string; implementation: string }
  >;
  let changed = false;
  for (const call of proposal.calls) {
    if (call.data.slice(0, 10) !== FunctionFragment.from("upgradeToAndCall(address,bytes)").selector) continue;
    const [name, entry] = Object.entries(contracts).find(
      ([, e]) => typeof e !== "string" && e.proxy.toLowerCase() === call.target.toLowerCase(),
    ) ?? [undefined, undefined];
    if (name === undefined || typeof entry === "string") continue;
    const parsed = gov.access.contract.interface.getAbiCoder().decode(["address", "bytes"], `0x${call.data.slice(10)}`);
    contracts[name] = { proxy: entry.proxy, implementation: parsed[0] as string };
    changed = true;
  }
  return changed ? writeManifest(gov.manifest, file) : undefined;
}

export function governanceCommand(program: Command, globals: () => GlobalOptions): void {
  const governance = program
    .command("governance")
    .description("the governance council: members propose, approve or object; anyone executes once the delay passed");

  const connect = async (write: boolean) => {
    const { gov } = await govchain(globals(), write);
    if (gov.governance === undefined) {
      throw new ValidationError("manifest", "this deployment has no governance council");
    }
    return { gov, council: gov.governance };
  };

  governance
    .command("council")
    .description("members, weights, and each class's threshold and delay")
    .action(async () => {
      const { council } = await connect(false);
      const [members, rules] = await Promise.all([council.members(), council.classRules()]);
      print(globals(), { members, rules }, () => {
        table(members.map((m) => ({ member: m.department, weight: m.weight })));
        table(
          Object.entries(rules).map(([name, r]) => ({ class: name, threshold: r.threshold, delaySeconds: r.delay })),
        );
      });
    });

  governance
    .command("propose <file>")
    .description(
      'propose the calls of a JSON file: {"description": "...", "calls": [{"contract", "function", "args"}]}',
    )
    .action(async (file: string) => {
      const { gov, council } = await connect(true);
      const { description, calls } = readProposalFile(gov, file);
      const department = await actingDepartment(gov, gov.runner as Signer, globals().member);
      const outcome = await (await council.propose(department, calls, description)).wait();
      printOutcome(globals(), description, outcome);
    });

  governance
    .command("list")
    .description("proposals, newest first")
    .option("--limit <n>", "how many", "20")
    .action(async (opts: { limit: string }) => {
      const { council } = await connect(false);
      const proposals = await council.proposals(Number(opts.limit));
      print(globals(), proposals, () => table(proposals.map(summary)));
    });

  governance
    .command("show <id>")
    .description("one proposal: its calls, who approved or objected, the weight reached, when it becomes executable")
    .action(async (id: string) => {
      const { gov, council } = await connect(false);
      const proposal = await council.proposal(BigInt(id));
      const timeline = await council.timeline(proposal.id);
      print(globals(), { ...proposal, timeline }, () => {
        console.log(`proposal ${proposal.id}: ${proposal.description}`);
        console.log(`class:      ${proposal.actionClass}`);
        console.log(`state:      ${proposal.state}`);
        console.log(`weight:     ${proposal.weight} of ${proposal.threshold} (objections ${proposal.objectionWeight})`);
        console.log(`approved:   ${proposal.approvals.join(", ") || "(none)"}`);
        console.log(`objected:   ${proposal.objections.join(", ") || "(none)"}`);
        console.log(`proposer:   ${proposal.proposerDepartment} (${proposal.proposer})`);
        if (proposal.executableAt !== undefined) console.log(`executable: from ${iso(proposal.executableAt)}`);
        console.log(`${proposal.executableAt === undefined ? "approve by" : "execute by"}: ${iso(proposal.expiresAt)}`);
        proposal.calls.forEach((call, i) => console.log(`call ${i}:     ${describeCall(gov, call)}`));
        for (const step of timeline) {
          const who = [step.department, step.account].filter(Boolean).join(" ");
          console.log(`  ${new Date(step.timestamp * 1000).toISOString()}  ${step.event.padEnd(18)} ${who}`);
        }
      });
    });

  for (const [action, description] of [
    ["approve", "approve a proposal for your member department"],
    ["object", "object to a proposal for your member department (a blocking minority cancels it)"],
  ] as const) {
    governance
      .command(`${action} <id>`)
      .description(description)
      .option("--department <code>", "the member department you vote for (default: the one you administer)")
      .action(async (id: string, opts: { department?: string }) => {
        const { gov, council } = await connect(true);
        const department = await actingDepartment(gov, gov.runner as Signer, opts.department ?? globals().member);
        const tx =
          action === "approve"
            ? await council.approve(BigInt(id), department)
            : await council.object(BigInt(id), department);
        printOutcome(globals(), `${action} proposal ${id} for ${department}`, await tx.wait());
      });
  }

  governance
    .command("cancel <id>")
    .description("cancel your own proposal")
    .action(async (id: string) => {
      const { council } = await connect(true);
      printOutcome(globals(), `cancel proposal ${id}`, await (await council.cancel(BigInt(id))).wait());
    });

  governance
    .command("execute <id>")
    .description("execute an approved proposal whose delay has passed (any account)")
    .action(async (id: string) => {
      const { gov, council } = await connect(true);
      const outcome = await (await council.execute(BigInt(id))).wait();
      const manifest = recordUpgrades(gov, await council.proposal(outcome.id), globals().manifest);
      printOutcome(globals(), `execute proposal ${id}`, outcome);
      if (manifest !== undefined && !globals().json) console.log(`manifest updated: ${manifest}`);
    });
}
