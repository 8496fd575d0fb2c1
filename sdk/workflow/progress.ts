/**
 * Where a case stands for the people working it: how many of a department's signatures are in,
 * what stage comes next, and which cases are coming due.
 */
import { encodeDepartmentCode } from "../access/departments.js";
import { toGovChainError } from "../errors/decode.js";
import type { CaseStatus } from "./caseTypes.js";
import type { WorkflowCase, WorkflowClient } from "./client.js";

/** A department's signatures on a case, and what the case needs next. */
export interface ApprovalProgress {
  caseId: bigint;
  caseType: string;
  department: string;
  /** Distinct officers of `department` who signed (equal to `quorum` once it approved). */
  signatures: number;
  quorum: number;
  /** Whether `department`'s approval is complete. */
  departmentApproved: boolean;
  status: CaseStatus;
  /** The stage in progress, 1-based for people (stageCount + 1 once every stage approved). */
  stage: number;
  stageCount: number;
  /** Departments of the stage in progress still to approve. */
  pending: string[];
  /** Deadline of the stage in progress (unix seconds), if any. */
  deadline?: bigint;
}

/** `department`'s signatures on case `caseId` against its quorum, and the stage in progress. */
export async function approvalProgress(
  client: WorkflowClient,
  caseId: bigint,
  department: string,
): Promise<ApprovalProgress> {
  const code = encodeDepartmentCode(department);
  const c = await client.getCase(caseId);
  const type = await client.caseType(c.caseType);
  const rule = type.stages.flatMap((s) => s.departments).find((d) => d.code === department);
  let signatures: number;
  try {
    signatures = Number(await client.contract.signatures(caseId, code));
  } catch (error) {
    throw toGovChainError(error, `read ${department}'s signatures on case ${caseId}`);
  }
  const quorum = rule?.quorum ?? 1;
  return {
    caseId,
    caseType: c.caseType,
    department,
    signatures,
    quorum,
    departmentApproved: signatures >= quorum,
    status: c.status,
    stage: c.stage + 1,
    stageCount: type.stages.length,
    pending: c.pendingDepartments,
    deadline: c.deadline,
  };
}

/** A case whose deadline is near or passed. */
export interface CaseDue extends WorkflowCase {
  /** Seconds from `now` to the deadline; negative once passed. */
  dueIn: number;
}

/**
 * The open cases whose current stage ends within `withinSeconds` of `now` (unix seconds,
 * default the latest block's time), and those whose deadline already passed (status
 * "expired"), soonest first. Returned cases are left out: their clock is stopped.
 */
export async function casesDue(
  client: WorkflowClient,
  options: { withinSeconds: number; now?: number; department?: string },
): Promise<CaseDue[]> {
  const c = client.contract;
  let opened;
  let now = options.now;
  try {
    opened = await c.queryFilter(c.filters.CaseOpened(), client.fromBlock, "latest");
    if (now === undefined) now = (await c.runner!.provider!.getBlock("latest"))!.timestamp;
  } catch (error) {
    throw toGovChainError(error, "read opened cases");
  }
  const cases = await Promise.all(opened.map((log) => client.getCase(log.args.caseId)));
  const due: CaseDue[] = [];
  for (const k of cases) {
    if (k.deadline === undefined) continue;
    if (k.status !== "open" && k.status !== "expired") continue;
    if (options.department !== undefined && !k.pendingDepartments.includes(options.department)) {
      // an expired case has no pending departments: keep it for the departments of its stage
      if (k.status !== "expired") continue;
      const type = await client.caseType(k.caseType);
      if (!type.stages[k.stage]?.departments.some((d) => d.code === options.department)) continue;
      if (k.approvedDepartments.includes(options.department)) continue;
    }
    const dueIn = Number(k.deadline) - now!;
    if (dueIn <= options.withinSeconds) due.push({ ...k, dueIn });
  }
  return due.sort((a, b) => a.dueIn - b.dueIn);
}
