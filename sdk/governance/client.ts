import type { BaseContract, ContractRunner, EventLog, TransactionReceipt } from "ethers";

import { IGovernanceCouncil__factory, type IGovernanceCouncil } from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { ValidationError } from "../errors/base.js";
import { ACTION_CLASS_NAMES, PROPOSAL_STATES, type ActionClassName, type ProposalState } from "./classes.js";

/** One call of a proposal: the contract called (as the council) and its ABI-encoded calldata. */
export interface GovernanceCall {
  target: string;
  data: string;
}

export interface CouncilMember {
  department: string;
  weight: number;
}

export interface ClassRule {
  threshold: number;
  /** Seconds between approval and execution. */
  delay: number;
}

/** A proposal as the chain holds it, readable. */
export interface Proposal {
  id: bigint;
  proposer: string;
  proposerDepartment: string;
  actionClass: ActionClassName;
  state: ProposalState;
  createdAt: bigint;
  /** When the threshold was reached (undefined before). */
  approvedAt?: bigint;
  /** When it can be executed (undefined before approval). */
  executableAt?: bigint;
  /** The approval deadline before approval, the execution deadline after. */
  expiresAt: bigint;
  councilVersion: number;
  /** Approving weight now (deactivated departments do not count) and the class threshold. */
  weight: number;
  threshold: number;
  objectionWeight: number;
  approvals: string[];
  objections: string[];
  description: string;
  calls: GovernanceCall[];
}

/** What a proposal write left behind: its id and state, and when it can run (if approved). */
export interface ProposalOutcome {
  id: bigint;
  state: ProposalState;
  executableAt?: bigint;
}

/** One step of a proposal's life, from the council's events. */
export interface ProposalEvent {
  event:
    | "ProposalCreated"
    | "ProposalApproved"
    | "ProposalObjected"
    | "ProposalQueued"
    | "ProposalExecuted"
    | "ProposalCancelled";
  id: bigint;
  department?: string;
  account?: string;
  /** Weight reached (approved: approving weight; objected: objecting weight). */
  weight?: number;
  executableAt?: bigint;
  byBlockingMinority?: boolean;
  blockNumber: number;
  timestamp: number;
  transactionHash: string;
}

/** A call to `method` of `contract` with `args`, for a proposal (the council will be the caller). */
export function encodeCall(contract: BaseContract, method: string, args: readonly unknown[]): GovernanceCall {
  return {
    target: requireAddress("target", contract.target as string),
    data: contract.interface.encodeFunctionData(method, args),
  };
}

/**
 * The governance council (the city's blockchain committee): after the handover it alone holds the suite's
 * ADMIN, OPERATOR and UPGRADER roles and acts through proposals. Admins of member departments propose,
 * approve and object for their department; anyone executes an approved proposal once its delay has passed.
 */
export class GovernanceClient extends ContractClient<IGovernanceCouncil> {
  constructor(
    address: string,
    runner: ContractRunner,
    private readonly fromBlock = 0,
  ) {
    super(IGovernanceCouncil__factory.connect(requireAddress("council", address), runner));
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): GovernanceClient {
    return this.withSettingsOf(new GovernanceClient(this.address, runner, this.fromBlock));
  }

  // ── writes ────────────────────────────────────────────────────────────────

  /**
   * Proposes `calls` for member `department` (the signer must be one of its admins), which approves at once.
   * When that alone reaches the threshold of a class without delay, the calls run in the same transaction.
   */
  async propose(
    department: string,
    calls: readonly GovernanceCall[],
    description: string,
  ): Promise<GovTransaction<ProposalOutcome>> {
    if (calls.length === 0) throw new ValidationError("calls", "a proposal needs at least one call");
    if (description.trim() === "") throw new ValidationError("description", "say what the proposal does and why");
    const list = calls.map((c) => ({ target: requireAddress("target", c.target), data: c.data }));
    return this.send(
      `propose for ${department}: ${description}`,
      () => this.contract.propose(encodeDepartmentCode(department), list, description),
      (receipt) => this.outcome(receipt),
    );
  }

  /** Approves proposal `id` for member `department`; reaching the threshold queues it (or runs it, without delay). */
  async approve(id: bigint, department: string): Promise<GovTransaction<ProposalOutcome>> {
    return this.send(
      `approve proposal ${id} for ${department}`,
      () => this.contract.approve(id, encodeDepartmentCode(department)),
      (receipt) => this.outcome(receipt, id),
    );
  }

  /** Objects to proposal `id` for member `department`; a blocking minority cancels it. */
  async object(id: bigint, department: string): Promise<GovTransaction<ProposalOutcome>> {
    return this.send(
      `object to proposal ${id} for ${department}`,
      () => this.contract.object(id, encodeDepartmentCode(department)),
      (receipt) => this.outcome(receipt, id),
    );
  }

  /** Cancels proposal `id` (the signer must be its proposer). */
  async cancel(id: bigint): Promise<GovTransaction<ProposalOutcome>> {
    return this.send(
      `cancel proposal ${id}`,
      () => this.contract.cancel(id),
      (receipt) => this.outcome(receipt, id),
    );
  }

  /** Executes an approved proposal whose delay has passed (anyone may). */
  async execute(id: bigint): Promise<GovTransaction<ProposalOutcome>> {
    return this.send(
      `execute proposal ${id}`,
      () => this.contract.execute(id),
      (receipt) => this.outcome(receipt, id),
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  /** Proposal `id`, with its calls. */
  async proposal(id: bigint): Promise<Proposal> {
    const [p, calls] = await this.read(`read proposal ${id}`, () =>
      Promise.all([this.contract.proposal(id), this.contract.proposalCalls(id)]),
    );
    if (p.state === 0n) throw new ValidationError("proposal", `there is no proposal ${id}`);
    return {
      id: p.id,
      proposer: p.proposer,
      proposerDepartment: decodeDepartmentCode(p.proposerDepartment),
      actionClass: ACTION_CLASS_NAMES[Number(p.actionClass)],
      state: PROPOSAL_STATES[Number(p.state)],
      createdAt: p.createdAt,
      approvedAt: p.approvedAt === 0n ? undefined : p.approvedAt,
      executableAt: p.executableAt === 0n ? undefined : p.executableAt,
      expiresAt: p.expiresAt,
      councilVersion: Number(p.councilVersion),
      weight: Number(p.weight),
      threshold: Number(p.threshold),
      objectionWeight: Number(p.objectionWeight),
      approvals: p.approvals.map(decodeDepartmentCode),
      objections: p.objections.map(decodeDepartmentCode),
      description: p.description,
      calls: calls.map((c) => ({ target: c.target, data: c.data })),
    };
  }

  /** Every proposal, newest first (`limit` of them). */
  async proposals(limit = 50): Promise<Proposal[]> {
    const count = await this.read("count proposals", () => this.contract.proposalCount());
    const ids: bigint[] = [];
    for (let id = count; id >= 1n && ids.length < limit; id--) ids.push(id);
    return Promise.all(ids.map((id) => this.proposal(id)));
  }

  /** The council's members and weights. */
  async members(): Promise<CouncilMember[]> {
    const list = await this.read("read council members", () => this.contract.members());
    return list.map((m) => ({ department: decodeDepartmentCode(m.department), weight: Number(m.weight) }));
  }

  /** The threshold and delay of each class. */
  async classRules(): Promise<Record<ActionClassName, ClassRule>> {
    const rules = await this.read("read class rules", () =>
      Promise.all(ACTION_CLASS_NAMES.map((_, i) => this.contract.classRule(i))),
    );
    return Object.fromEntries(
      ACTION_CLASS_NAMES.map((name, i) => [
        name,
        { threshold: Number(rules[i].threshold), delay: Number(rules[i].delay) },
      ]),
    ) as Record<ActionClassName, ClassRule>;
  }

  /** The class the council gives a call (a proposal's class is the highest of its calls'). */
  async classOf(call: GovernanceCall): Promise<ActionClassName> {
    const index = await this.read("classify a call", () => this.contract.classOf(call.target, call.data));
    return ACTION_CLASS_NAMES[Number(index)];
  }

  /** The life of proposal `id` from the council's events, oldest first. */
  async timeline(id: bigint): Promise<ProposalEvent[]> {
    const names = [
      "ProposalCreated",
      "ProposalApproved",
      "ProposalObjected",
      "ProposalQueued",
      "ProposalExecuted",
      "ProposalCancelled",
    ] as const;
    const logs = await this.read(`read proposal ${id} events`, async () =>
      (
        await Promise.all(
          names.map((name) =>
            this.contract.queryFilter(this.contract.filters[name](id) as never, this.fromBlock, "latest"),
          ),
        )
      ).flat(),
    );
    const provider = this.contract.runner!.provider!;
    const timestamps = new Map<number, number>();
    for (const blockNumber of new Set(logs.map((l) => l.blockNumber))) {
      const block = await this.read("read block", () => provider.getBlock(blockNumber));
      timestamps.set(blockNumber, block!.timestamp);
    }
    return (logs as EventLog[])
      .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
      .map((log) => {
        const a = log.args;
        const event = log.eventName as ProposalEvent["event"];
        const base = {
          event,
          id,
          blockNumber: log.blockNumber,
          timestamp: timestamps.get(log.blockNumber)!,
          transactionHash: log.transactionHash,
        };
        switch (event) {
          case "ProposalCreated":
            return { ...base, department: decodeDepartmentCode(a.department), account: a.proposer };
          case "ProposalApproved":
            return {
              ...base,
              department: decodeDepartmentCode(a.department),
              account: a.admin,
              weight: Number(a.weight),
            };
          case "ProposalObjected":
            return {
              ...base,
              department: decodeDepartmentCode(a.department),
              account: a.admin,
              weight: Number(a.objectionWeight),
            };
          case "ProposalQueued":
            return { ...base, executableAt: a.executableAt as bigint };
          case "ProposalExecuted":
            return { ...base, account: a.executor };
          default:
            return { ...base, account: a.by, byBlockingMinority: a.byBlockingMinority as boolean };
        }
      });
  }

  /** The proposal a receipt touched and what the transaction did to it (a vote alone leaves it pending). */
  private outcome(receipt: TransactionReceipt, known?: bigint): ProposalOutcome {
    const id = known ?? (this.eventsIn(receipt, "ProposalCreated")[0].id as bigint);
    const queued = this.eventsIn(receipt, "ProposalQueued")[0];
    const executableAt = queued?.executableAt as bigint | undefined;
    if (this.eventsIn(receipt, "ProposalExecuted").length > 0) return { id, state: "executed", executableAt };
    if (this.eventsIn(receipt, "ProposalCancelled").length > 0) return { id, state: "cancelled" };
    return { id, state: queued === undefined ? "pending" : "queued", executableAt };
  }
}
