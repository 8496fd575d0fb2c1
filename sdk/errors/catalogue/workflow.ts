import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const STATUS = ["none", "open", "returned", "approved", "rejected", "withdrawn", "expired", "consumed"];
const status = (value: unknown) => STATUS[Number(value)] ?? String(value);

export const workflowErrors: ErrorCatalogue = {
  WorkflowInvalidCaseTypeId: ["invalidArgument", () => "the case type id is empty"],
  WorkflowCaseTypeExists: [
    "conflict",
    (a) => `case type ${showBytes32(a.caseType)} already exists (case types are immutable: register a new id)`,
  ],
  WorkflowUnknownCaseType: ["notFound", (a) => `no case type is registered as ${showBytes32(a.caseType)}`],
  WorkflowNoOpener: [
    "invalidArgument",
    (a) => `case type ${showBytes32(a.caseType)} needs an owner contract or an opener department`,
  ],
  WorkflowInvalidDepartmentCount: [
    "invalidArgument",
    (a) => `case type ${showBytes32(a.caseType)} lists ${a.count} departments; it needs 1 to ${a.max}`,
  ],
  WorkflowInvalidStages: [
    "invalidArgument",
    (a) =>
      `case type ${showBytes32(a.caseType)} has invalid stages: 1 to ${a.max} stages (got ${a.stageCount}), each with at least one department, every department in one of them`,
  ],
  WorkflowDuplicateDepartment: [
    "invalidArgument",
    (a) => `case type ${showBytes32(a.caseType)} lists department ${showBytes32(a.department)} twice`,
  ],
  WorkflowInvalidQuorum: [
    "invalidArgument",
    (a) => `the quorum of department ${showBytes32(a.department)} must be 1 to ${a.max} (got ${a.quorum})`,
  ],
  WorkflowInactiveDepartment: ["invalidState", (a) => `department ${showBytes32(a.department)} is deactivated`],
  WorkflowCaseTypeActiveUnchanged: [
    "conflict",
    (a) => `case type ${showBytes32(a.caseType)} is already ${a.active ? "active" : "retired"}`,
  ],
  WorkflowCaseTypeInactive: [
    "invalidState",
    (a) => `case type ${showBytes32(a.caseType)} is retired: no new cases can be opened`,
  ],
  WorkflowUnauthorizedOpener: [
    "unauthorized",
    (a) =>
      `${a.account} may not open, resubmit or withdraw cases of type ${showBytes32(a.caseType)} (not its owner contract nor an officer of its opener department)`,
  ],
  WorkflowUnauthorizedConsumer: [
    "unauthorized",
    (a) => `${a.account} may not consume case ${a.caseId}: only the owner of its case type may`,
  ],
  WorkflowUnknownCase: ["notFound", (a) => `no case has id ${a.caseId}`],
  WorkflowInvalidStatus: [
    "invalidState",
    (a) => `case ${a.caseId} is ${status(a.status)}: the action is not allowed in that status`,
  ],
  WorkflowDepartmentNotRequired: [
    "invalidArgument",
    (a) => `department ${showBytes32(a.department)} is not required by case ${a.caseId}`,
  ],
  WorkflowStageNotReached: [
    "invalidState",
    (a) =>
      `department ${showBytes32(a.department)} acts in stage ${a.departmentStage} of case ${a.caseId}, which is still in stage ${a.currentStage}`,
  ],
  WorkflowAlreadyApproved: [
    "conflict",
    (a) => `department ${showBytes32(a.department)} already approved case ${a.caseId}`,
  ],
  WorkflowAlreadySigned: [
    "conflict",
    (a) =>
      `${a.officer} already signed for department ${showBytes32(a.department)} on case ${a.caseId}; the quorum needs another officer`,
  ],
  WorkflowOfficerAppointedAfterCase: [
    "unauthorized",
    (a) =>
      `${a.officer} became an officer of ${showBytes32(a.department)} at ${a.since}, not before case ${a.caseId} was opened at ${a.openedAt}: a quorum counts only officers appointed before the case`,
  ],
  WorkflowInvalidReason: [
    "invalidArgument",
    (a) => `a reason is required and may be at most ${a.max} bytes (got ${a.length})`,
  ],
};
