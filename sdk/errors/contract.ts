import { GovChainError, type GovChainErrorOptions } from "./base.js";

/** What a contract error means for the caller: which class of SDK error it becomes. */
export type ContractErrorKind = "unauthorized" | "notFound" | "conflict" | "invalidArgument" | "invalidState";

/** Decoded arguments of a custom error, by parameter name (and position). */
export type ContractErrorArgs = Readonly<Record<string, unknown>>;

/**
 * A contract reverted with one of the suite's custom errors. `errorName` and `args` are the
 * Solidity error exactly; the message says what happened in words.
 */
export class ContractRevertError extends GovChainError {
  override name = "ContractRevertError";
  constructor(
    readonly errorName: string,
    readonly args: ContractErrorArgs,
    shortMessage: string,
    options: GovChainErrorOptions = {},
  ) {
    super(shortMessage, options);
  }
}

/** The caller lacks the role or department membership the function needs. */
export class UnauthorizedError extends ContractRevertError {
  override name = "UnauthorizedError";
}
/** The record the call names does not exist. */
export class NotFoundError extends ContractRevertError {
  override name = "NotFoundError";
}
/** The action was already done, or the record already exists. */
export class ConflictError extends ContractRevertError {
  override name = "ConflictError";
}
/** An argument is out of range or malformed. */
export class InvalidArgumentError extends ContractRevertError {
  override name = "InvalidArgumentError";
}
/** The record is not in a state that allows the action (closed, expired, frozen, ...). */
export class InvalidStateError extends ContractRevertError {
  override name = "InvalidStateError";
}

/** A revert the SDK could not match to a known custom error (data kept for diagnosis). */
export class UnknownRevertError extends ContractRevertError {
  override name = "UnknownRevertError";
}

export const ERROR_CLASS_BY_KIND = {
  unauthorized: UnauthorizedError,
  notFound: NotFoundError,
  conflict: ConflictError,
  invalidArgument: InvalidArgumentError,
  invalidState: InvalidStateError,
} as const satisfies Record<ContractErrorKind, typeof ContractRevertError>;
