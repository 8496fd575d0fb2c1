/**
 * The SDK's error hierarchy (after viem's `BaseError`): every error has a one-line
 * `shortMessage`, optional `details`, the `cause` it wraps, and `walk()` over the cause chain.
 */
export interface GovChainErrorOptions {
  cause?: unknown;
  details?: string;
}

export class GovChainError extends Error {
  override name = "GovChainError";
  readonly shortMessage: string;
  readonly details?: string;

  constructor(shortMessage: string, options: GovChainErrorOptions = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, {
      cause: options.cause,
    });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }

  /** Walks the cause chain; returns the first error `predicate` accepts, or the innermost one. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk starts at this error
    let current: unknown = this;
    while (current !== undefined && current !== null) {
      if (predicate?.(current)) return current;
      const next = (current as { cause?: unknown }).cause;
      if (next === undefined || next === null) return predicate ? undefined : current;
      current = next;
    }
    return undefined;
  }
}

/** Input refused by the SDK before anything was sent (malformed code, zero address, ...). */
export class ValidationError extends GovChainError {
  override name = "ValidationError";
  constructor(
    readonly field: string,
    message: string,
    options: GovChainErrorOptions = {},
  ) {
    super(`invalid ${field}: ${message}`, options);
  }
}

/** The node could not be reached or answered with a transient failure; safe to retry a read. */
export class NetworkError extends GovChainError {
  override name = "NetworkError";
}

/** A transaction failed for a reason other than a decoded contract error (out of gas, dropped, ...). */
export class TransactionFailedError extends GovChainError {
  override name = "TransactionFailedError";
}
