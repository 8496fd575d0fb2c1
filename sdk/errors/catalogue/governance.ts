import { ACTION_CLASS_NAMES, PROPOSAL_STATES } from "../../governance/classes.js";
import { decodeRevertData } from "../decode.js";
import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const className = (value: unknown) => ACTION_CLASS_NAMES[Number(value)] ?? `class ${String(value)}`;
const stateName = (value: unknown) => PROPOSAL_STATES[Number(value)] ?? `state ${String(value)}`;
const when = (seconds: unknown) => new Date(Number(seconds) * 1000).toISOString();

export const governanceErrors: ErrorCatalogue = {
  GovernanceCouncilNotMember: [
    "unauthorized",
    (a) => `department ${showBytes32(a.department)} is not a member of the governance council`,
  ],
  GovernanceCouncilNotDepartmentAdmin: [
    "unauthorized",
    (a) =>
      `${a.account} is not an admin of council member ${showBytes32(a.department)} (or its grant delay is running)`,
  ],
  GovernanceCouncilInactiveDepartment: [
    "unauthorized",
    (a) => `council member ${showBytes32(a.department)} is deactivated and cannot vote`,
  ],
  GovernanceCouncilAlreadyVoted: [
    "conflict",
    (a) => `${showBytes32(a.department)} already approved or objected to proposal ${a.id}`,
  ],
  GovernanceCouncilInvalidState: [
    "invalidState",
    (a) => `proposal ${a.id} is ${stateName(a.state)}: it cannot be voted on, cancelled or executed now`,
  ],
  GovernanceCouncilTooEarly: [
    "invalidState",
    (a) => `proposal ${a.id} cannot be executed before ${when(a.executableAt)} (its delay is running)`,
  ],
  GovernanceCouncilNotProposer: [
    "unauthorized",
    (a) => `only the proposer ${a.proposer} may cancel proposal ${a.id} alone (members can object instead)`,
  ],
  GovernanceCouncilInvalidCalls: [
    "invalidArgument",
    (a) => `a proposal needs between 1 and ${a.max} calls (got ${a.count})`,
  ],
  GovernanceCouncilBelowThreshold: [
    "invalidState",
    (a) => `proposal ${a.id} has approving weight ${a.weight}, below its threshold ${a.threshold}`,
  ],
  GovernanceCouncilUnreachableThreshold: [
    "invalidArgument",
    (a) =>
      `the ${className(a.actionClass)} threshold ${a.threshold} must be between 1 and the council's total weight ` +
      `${a.totalWeight}: the council could no longer act`,
  ],
  GovernanceCouncilInvalidMember: [
    "invalidArgument",
    (a) => `${showBytes32(a.department)} cannot be a council member (unknown department, or the council is full)`,
  ],
  GovernanceCouncilInvalidPeriods: [
    "invalidArgument",
    (a) =>
      `voting period ${a.votingPeriod} s and execution window ${a.executionWindow} s must be non-zero, the window at ` +
      `most the AccessManager's expiration of scheduled operations`,
  ],
  GovernanceCouncilReservedSelector: [
    "invalidArgument",
    (a) => `the class of ${a.selector} on ${a.target} is decided by the council itself and cannot be set`,
  ],
  GovernanceCouncilOnlySelf: [
    "unauthorized",
    (a) => `${a.caller} is not the council: its own rules change only through an executed critical proposal`,
  ],
  // The reason is the called contract's own revert data: say it in words (decoded like any suite error).
  GovernanceCouncilCallFailed: [
    "invalidState",
    (a) =>
      `call ${a.index} of proposal ${a.id} failed: ` +
      (decodeRevertData(String(a.reason))?.shortMessage ?? `it reverted without a reason (${String(a.reason)})`),
  ],
};
