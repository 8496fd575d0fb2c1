import { ZeroAddress, ZeroHash, type ContractRunner, type EventLog } from "ethers";

import { Workflow__factory, type Workflow } from "../../typechain-types/index.js";
import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { ContractClient } from "../core/client.js";
import type { GovTransaction } from "../core/transaction.js";
import { requireAddress } from "../core/validate.js";
import { ValidationError } from "../errors/base.js";
import {
  CASE_STATUSES,
  decodeCaseType,
  encodeCaseType,
  WORKFLOW_LIMITS,
  type CaseStatus,
  type CaseTypeDefinition,
} from "./caseTypes.js";

/** A case as the chain holds it, readable. */
export interface WorkflowCase {
  caseId: bigint;
  caseType: string;
  /** The subject reference (a commitment or record key), as bytes32 hex. */
  subject: string;
  status: CaseStatus;
  /** The stage in progress (zero-based; equals the stage count once approved). */
  stage: number;
  approvedDepartments: string[];
  /** Departments of the current stage still to approve (empty once closed or expired). */
  pendingDepartments: string[];
  openedAt: bigint;
  /** Deadline of the current stage in unix seconds (undefined: none, or stopped/closed). */
  deadline?: bigint;
  /** Seconds left in the current stage (undefined: no deadline); 0 once expired or closed. */
  timeLeft?: bigint;
}

/** A registered case type, readable. */
export interface WorkflowCaseType extends CaseTypeDefinition {
  id: string;
  active: boolean;
}

/** One step of a case's history, rebuilt from events. */
export interface CaseTimelineEntry {
  event:
    | "CaseOpened"
    | "CaseApprovalSigned"
    | "CaseStageAdvanced"
    | "CaseApproved"
    | "CaseRejected"
    | "CaseReturned"
    | "CaseResubmitted"
    | "CaseWithdrawn"
    | "CaseConsumed";
  caseId: bigint;
  /** The account that acted (absent for automatic steps: stage advance, approval). */
  actor?: string;
  department?: string;
  documentHash?: string;
  reason?: string;
  /** Stage started (CaseStageAdvanced). */
  stage?: number;
  /** Deadline set by this step (unix seconds; 0 = none). */
  deadline?: bigint;
  /** Seconds left when the clock stopped (CaseReturned). */
  remaining?: bigint;
  blockNumber: number;
  timestamp?: number;
  transactionHash: string;
}

/** A case waiting for a department's decision. */
export interface PendingCase {
  caseId: bigint;
  caseType: string;
  subject: string;
  status: "open" | "returned";
  deadline?: bigint;
}

const TIMELINE_EVENTS = new Set<string>([
  "CaseOpened",
  "CaseApprovalSigned",
  "CaseStageAdvanced",
  "CaseApproved",
  "CaseRejected",
  "CaseReturned",
  "CaseResubmitted",
  "CaseWithdrawn",
  "CaseConsumed",
]);

const HASH = /^0x[0-9a-fA-F]{64}$/;

function requireHash(field: string, value: string): string {
  if (!HASH.test(value)) throw new ValidationError(field, `${JSON.stringify(value)} is not a 32-byte hex hash`);
  return value;
}

function requireReason(reason: string): string {
  const length = new TextEncoder().encode(reason).length;
  if (length === 0 || length > WORKFLOW_LIMITS.maxReasonBytes) {
    throw new ValidationError("reason", `must be 1 to ${WORKFLOW_LIMITS.maxReasonBytes} bytes (got ${length})`);
  }
  return reason;
}

/**
 * Business collaborative processing: case types (operator), cases opened by the owner contract
 * or the opener department, decisions by the required departments, consumption by the owner.
 */
export class WorkflowClient extends ContractClient<Workflow> {
  constructor(
    address: string,
    runner: ContractRunner,
    /** First block to scan for events (the manifest's `deploymentBlock`). */
    readonly fromBlock = 0,
  ) {
    super(Workflow__factory.connect(address, runner));
  }

  /** The same client acting as another signer. */
  connect(runner: ContractRunner): WorkflowClient {
    return this.withSettingsOf(new WorkflowClient(this.address, runner, this.fromBlock));
  }

  // ── operator ──────────────────────────────────────────────────────────────

  /** Registers a case type. Operator only. Validates the limits before sending. */
  async registerCaseType(id: string, definition: CaseTypeDefinition): Promise<GovTransaction<void>> {
    const caseType = encodeCaseType(id);
    const stages = definition.stages;
    if (stages.length === 0 || stages.length > WORKFLOW_LIMITS.maxStages) {
      throw new ValidationError("stages", `a case type needs 1 to ${WORKFLOW_LIMITS.maxStages} stages`);
    }
    const departments = stages.flatMap((stage, index) => {
      if (stage.departments.length === 0) throw new ValidationError("stages", `stage ${index} has no department`);
      return stage.departments.map((d) => {
        const quorum = d.quorum ?? 1;
        if (!Number.isInteger(quorum) || quorum < 1 || quorum > WORKFLOW_LIMITS.maxQuorum) {
          throw new ValidationError("quorum", `${d.code}: must be 1 to ${WORKFLOW_LIMITS.maxQuorum}`);
        }
        return { department: encodeDepartmentCode(d.code), stage: index, quorum };
      });
    });
    if (departments.length > WORKFLOW_LIMITS.maxDepartments) {
      throw new ValidationError("departments", `at most ${WORKFLOW_LIMITS.maxDepartments} per case type`);
    }
    if (definition.owner === undefined && definition.openerDepartment === undefined) {
      throw new ValidationError("owner", "a case type needs an owner contract or an opener department");
    }
    const config = {
      owner: definition.owner === undefined ? ZeroAddress : requireAddress("owner", definition.owner),
      openerDepartment:
        definition.openerDepartment === undefined ? ZeroHash : encodeDepartmentCode(definition.openerDepartment),
      departments,
      stageDurations: stages.map((s) => s.durationSeconds),
    };
    return this.send(
      `register case type ${id}`,
      () => this.contract.registerCaseType(caseType, config),
      () => {},
    );
  }

  /** Retires a case type (no new cases) or re-enables it. Operator only. */
  async setCaseTypeActive(id: string, active: boolean): Promise<GovTransaction<void>> {
    const caseType = encodeCaseType(id);
    return this.send(
      `${active ? "enable" : "retire"} case type ${id}`,
      () => this.contract.setCaseTypeActive(caseType, active),
      () => {},
    );
  }

  // ── opener side ───────────────────────────────────────────────────────────

  /** Opens a case; resolves to its id. The owner contract or an officer of the opener department. */
  async openCase(options: {
    caseType: string;
    /** bytes32 subject reference (commitment or record key), never personal data. */
    subject: string;
    documentHash: string;
  }): Promise<GovTransaction<bigint>> {
    const caseType = encodeCaseType(options.caseType);
    const subject = requireHash("subject", options.subject);
    const documentHash = requireHash("documentHash", options.documentHash);
    return this.send(
      `open ${options.caseType} case`,
      () => this.contract.openCase(caseType, subject, documentHash),
      (receipt) => this.eventsIn(receipt, "CaseOpened")[0].caseId as bigint,
    );
  }

  /** Resubmits a returned case with more information; the stage's clock restarts with the time it had left. */
  async resubmit(caseId: bigint, documentHash: string): Promise<GovTransaction<void>> {
    const hash = requireHash("documentHash", documentHash);
    return this.send(
      `resubmit case ${caseId}`,
      () => this.contract.resubmitCase(caseId, hash),
      () => {},
    );
  }

  /** Withdraws an open or returned case. */
  async withdraw(caseId: bigint, reason: string): Promise<GovTransaction<void>> {
    const text = requireReason(reason);
    return this.send(
      `withdraw case ${caseId}`,
      () => this.contract.withdrawCase(caseId, text),
      () => {},
    );
  }

  /** Consumes an approved case (once). Only the type's owner (or, without one, an opener-department officer). */
  async consume(caseId: bigint): Promise<GovTransaction<{ caseType: string; subject: string }>> {
    return this.send(
      `consume case ${caseId}`,
      () => this.contract.consumeCase(caseId),
      (receipt) => {
        const [event] = this.eventsIn(receipt, "CaseConsumed");
        return { caseType: decodeCaseType(event.caseType), subject: event.subject as string };
      },
    );
  }

  // ── departments ───────────────────────────────────────────────────────────

  /** Signs `department`'s approval; resolves to the case's status after it. The caller must be its officer. */
  async approve(caseId: bigint, department: string, documentHash: string): Promise<GovTransaction<CaseStatus>> {
    const code = encodeDepartmentCode(department);
    const hash = requireHash("documentHash", documentHash);
    return this.send(
      `approve case ${caseId} for ${department}`,
      () => this.contract.approve(caseId, code, hash),
      (receipt) => (this.eventsIn(receipt, "CaseApproved").length > 0 ? "approved" : "open"),
    );
  }

  /** Rejects the case for `department`, with a reason; the case is closed. */
  async reject(caseId: bigint, department: string, reason: string, documentHash: string) {
    const code = encodeDepartmentCode(department);
    const text = requireReason(reason);
    const hash = requireHash("documentHash", documentHash);
    return this.send(
      `reject case ${caseId} for ${department}`,
      () => this.contract.reject(caseId, code, text, hash),
      () => {},
    );
  }

  /** Returns the case for more information; resolves to the seconds the stage keeps (the clock stops). */
  async returnForInformation(
    caseId: bigint,
    department: string,
    reason: string,
    documentHash: string,
  ): Promise<GovTransaction<bigint>> {
    const code = encodeDepartmentCode(department);
    const text = requireReason(reason);
    const hash = requireHash("documentHash", documentHash);
    return this.send(
      `return case ${caseId} for ${department}`,
      () => this.contract.returnCase(caseId, code, text, hash),
      (receipt) => this.eventsIn(receipt, "CaseReturned")[0].remaining as bigint,
    );
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  /** The case with its status now, who approved, who is pending, and the time left. */
  async getCase(caseId: bigint): Promise<WorkflowCase> {
    const [c, approved, pending, left] = await this.read(`read case ${caseId}`, () =>
      Promise.all([
        this.contract.getCase(caseId),
        this.contract.approvedDepartments(caseId),
        this.contract.pendingDepartments(caseId),
        this.contract.timeLeft(caseId),
      ]),
    );
    const maxUint64 = 2n ** 64n - 1n;
    return {
      caseId,
      caseType: decodeCaseType(c.caseType),
      subject: c.subject,
      status: CASE_STATUSES[Number(c.status)],
      stage: Number(c.stage),
      approvedDepartments: approved.map(decodeDepartmentCode),
      pendingDepartments: pending.map(decodeDepartmentCode),
      openedAt: c.openedAt,
      deadline: c.deadline === 0n ? undefined : c.deadline,
      timeLeft: left === maxUint64 ? undefined : left,
    };
  }

  /** The status of a case now (deadlines applied); "none" for an unknown id. */
  async status(caseId: bigint): Promise<CaseStatus> {
    const status = await this.read(`read case ${caseId} status`, () => this.contract.caseStatus(caseId));
    return CASE_STATUSES[Number(status)];
  }

  /** A registered case type. */
  async caseType(id: string): Promise<WorkflowCaseType> {
    const encoded = encodeCaseType(id);
    const t = await this.read(`read case type ${id}`, () => this.contract.caseTypeOf(encoded));
    return {
      id,
      active: t.active,
      owner: t.owner === ZeroAddress ? undefined : t.owner,
      openerDepartment: t.openerDepartment === ZeroHash ? undefined : decodeDepartmentCode(t.openerDepartment),
      stages: t.stageDurations.map((duration, index) => ({
        durationSeconds: Number(duration),
        departments: t.departments
          .filter((d) => Number(d.stage) === index)
          .map((d) => ({ code: decodeDepartmentCode(d.department), quorum: Number(d.quorum) })),
      })),
    };
  }

  /**
   * A case type rebuilt from the workflow's events alone (CaseTypeRegistered carries its whole
   * configuration; CaseTypeActiveSet its retirements), without reading contract state: what an
   * indexer or an auditor replaying the chain sees. Undefined when no such type was registered.
   */
  async caseTypeFromEvents(id: string): Promise<WorkflowCaseType | undefined> {
    const encoded = encodeCaseType(id);
    const [registered, activeSets] = await this.read(`read case type ${id} events`, () =>
      Promise.all([
        this.scanEvents(this.fromBlock, (from, to) =>
          this.contract.queryFilter(this.contract.filters.CaseTypeRegistered(encoded), from, to),
        ),
        this.scanEvents(this.fromBlock, (from, to) =>
          this.contract.queryFilter(this.contract.filters.CaseTypeActiveSet(encoded), from, to),
        ),
      ]),
    );
    if (registered.length === 0) return undefined;
    const { owner, openerDepartment, departments, stageDurations } = registered[0].args;
    const last = activeSets.at(-1);
    return {
      id,
      active: last === undefined ? true : last.args.active,
      owner: owner === ZeroAddress ? undefined : owner,
      openerDepartment: openerDepartment === ZeroHash ? undefined : decodeDepartmentCode(openerDepartment),
      stages: stageDurations.map((duration, index) => ({
        durationSeconds: Number(duration),
        departments: departments
          .filter((d) => Number(d.stage) === index)
          .map((d) => ({ code: decodeDepartmentCode(d.department), quorum: Number(d.quorum) })),
      })),
    };
  }

  /** A case's full history rebuilt from events, oldest first. */
  async timeline(caseId: bigint, options: { withTimestamps?: boolean } = {}): Promise<CaseTimelineEntry[]> {
    const logs = await this.read(`read case ${caseId} timeline`, () =>
      this.scanEvents(this.fromBlock, (from, to) => this.contract.queryFilter("*" as never, from, to)),
    );
    const entries = (logs as EventLog[])
      .filter((log) => log.fragment !== undefined && TIMELINE_EVENTS.has(log.fragment.name))
      .filter((log) => log.args.caseId === caseId)
      .map((log) => this.toEntry(log));
    if (options.withTimestamps) {
      const provider = this.contract.runner?.provider;
      const blocks = new Map<number, number>();
      for (const entry of entries) {
        if (!blocks.has(entry.blockNumber)) {
          const block = await provider?.getBlock(entry.blockNumber);
          blocks.set(entry.blockNumber, block?.timestamp ?? 0);
        }
        entry.timestamp = blocks.get(entry.blockNumber);
      }
    }
    return entries;
  }

  /**
   * Pending work of a department: the open or returned cases whose current stage still needs
   * its approval. Built from the CaseOpened events (the index), each checked against the chain.
   */
  async pendingWork(department: string): Promise<PendingCase[]> {
    const code = encodeDepartmentCode(department);
    const opened = await this.read("read opened cases", () =>
      this.scanEvents(this.fromBlock, (from, to) =>
        this.contract.queryFilter(this.contract.filters.CaseOpened(), from, to),
      ),
    );
    const pending: PendingCase[] = [];
    for (const log of opened) {
      const caseId = log.args.caseId;
      const departments = await this.read(`read case ${caseId} pending`, () =>
        this.contract.pendingDepartments(caseId),
      );
      if (!departments.includes(code)) continue;
      const c = await this.read(`read case ${caseId}`, () => this.contract.getCase(caseId));
      pending.push({
        caseId,
        caseType: decodeCaseType(c.caseType),
        subject: c.subject,
        status: CASE_STATUSES[Number(c.status)] as "open" | "returned",
        deadline: c.deadline === 0n ? undefined : c.deadline,
      });
    }
    return pending;
  }

  private toEntry(log: EventLog): CaseTimelineEntry {
    const a = log.args;
    const has = (key: string) => key in a.toObject();
    return {
      event: log.fragment.name as CaseTimelineEntry["event"],
      caseId: a.caseId as bigint,
      actor: has("actor") ? (a.actor as string) : undefined,
      department: has("department") ? decodeDepartmentCode(a.department) : undefined,
      documentHash: has("documentHash") ? (a.documentHash as string) : undefined,
      reason: has("reason") ? (a.reason as string) : undefined,
      stage: has("stage") ? Number(a.stage) : undefined,
      deadline: has("deadline") ? (a.deadline as bigint) : undefined,
      remaining: has("remaining") ? (a.remaining as bigint) : undefined,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
    };
  }
}
