/** The council's action classes, in increasing order of power (the contract's `ActionClass`). */
export const ACTION_CLASS_NAMES = ["emergency", "routine", "sensitive", "critical"] as const;
export type ActionClassName = (typeof ACTION_CLASS_NAMES)[number];

/** Where a proposal stands (the contract's `ProposalState`); `queued` waits its delay, `ready` can run now. */
export const PROPOSAL_STATES = [
  "unknown",
  "pending",
  "queued",
  "ready",
  "executed",
  "cancelled",
  "expired",
  "stale",
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
