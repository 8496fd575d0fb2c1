import { ValidationError, type GovChainErrorOptions } from "./base.js";

/**
 * A code the SDK or the chain does not know (a certificate type, case type, department, reason,
 * status, kind), with the valid ones: an officer who mistypes a code sees what to type instead.
 */
export class UnknownCodeError extends ValidationError {
  override name = "UnknownCodeError";
  constructor(
    field: string,
    /** What the code names: "certificate type", "case type", "department", "reason", ... */
    readonly what: string,
    readonly value: string,
    readonly validValues: readonly string[],
    options: GovChainErrorOptions = {},
  ) {
    super(
      field,
      `${JSON.stringify(value)} is not a known ${what}; ` +
        (validValues.length === 0 ? "none is registered" : `valid: ${validValues.join(", ")}`),
      options,
    );
  }
}
