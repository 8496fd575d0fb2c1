import type { ApprovalProgress } from "../../sdk/index.js";
import { localTime } from "./time.js";

/**
 * What an approval did, in words: "case 7: 1 of 2 signatures for MARKET; MARKET needs 1 more",
 * or, once the department approved, what the case waits for next.
 */
export function approvalSentence(p: ApprovalProgress): string {
  const head = `case ${p.caseId}: ${p.signatures} of ${p.quorum} signature${p.quorum === 1 ? "" : "s"} for ${p.department}`;
  if (!p.departmentApproved) {
    const more = p.quorum - p.signatures;
    return `${head}; ${p.department} needs ${more} more from another officer before it has approved`;
  }
  if (p.status === "approved") {
    return `${head}; ${p.department} approved; every stage is approved: the case is approved and can be consumed`;
  }
  const deadline = p.deadline === undefined ? "no deadline" : `deadline ${localTime(p.deadline)}`;
  const waiting = p.pending.length === 0 ? "" : `, waiting for ${p.pending.join(", ")}`;
  return `${head}; ${p.department} approved; the case is ${p.status}, stage ${p.stage} of ${p.stageCount}${waiting} (${deadline})`;
}
