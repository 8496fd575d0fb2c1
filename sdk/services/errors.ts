import { GovChainError } from "../errors/base.js";

/**
 * A definition asks for what the chain cannot do: change a registered type, name a department that is
 * deactivated or unknown, rewire a deployed contract. `conflicts` holds one sentence each; the message is the first
 * (and how many more), so a command prints one line.
 */
export class ServiceConflictError extends GovChainError {
  override name = "ServiceConflictError";
  constructor(
    readonly service: string,
    readonly conflicts: readonly string[],
  ) {
    super(
      `service ${service}: ${conflicts[0]}` +
        (conflicts.length > 1 ? ` (and ${conflicts.length - 1} more: run govchain services plan)` : ""),
    );
  }
}
