import { AbiCoder, dataSlice, ErrorFragment, Interface, isHexString, type Result } from "ethers";

import { SUITE_ABIS } from "../abis.js";
import { isTransientError as isTransient } from "../core/transport.js";
import { GovChainError, NetworkError, TransactionFailedError } from "./base.js";
import { ERROR_CATALOGUE } from "./catalogue/index.js";
import { ERROR_CLASS_BY_KIND, type ContractRevertError, UnknownRevertError } from "./contract.js";

/** One Interface holding every custom error of the suite, deduplicated by signature. */
const suiteErrors: Interface = (() => {
  const bySignature = new Map<string, ErrorFragment>();
  for (const abi of SUITE_ABIS) {
    for (const fragment of new Interface(abi).fragments) {
      if (fragment instanceof ErrorFragment) bySignature.set(fragment.format("sighash"), fragment);
    }
  }
  return new Interface([...bySignature.values()]);
})();

function namedArgs(fragment: ErrorFragment, values: Result): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  fragment.inputs.forEach((input, i) => {
    args[i] = values[i];
    if (input.name) args[input.name] = values[i];
  });
  return args;
}

/** Decodes revert data into the SDK error for it, or `undefined` when the data is empty. */
export function decodeRevertData(data: string, cause?: unknown): ContractRevertError | undefined {
  if (!isHexString(data) || data.length < 10) return undefined;
  const builtin = decodeBuiltin(data, cause);
  if (builtin !== undefined) return builtin;
  const parsed = suiteErrors.parseError(data);
  if (parsed === null) {
    return new UnknownRevertError(
      "unknown",
      { data },
      `the contract reverted with unknown error ${data.slice(0, 10)}`,
      {
        cause,
        details: `revert data ${data}`,
      },
    );
  }
  const args = namedArgs(parsed.fragment, parsed.args);
  const entry = ERROR_CATALOGUE[parsed.name];
  if (entry === undefined) {
    return new UnknownRevertError(parsed.name, args, `the contract reverted with ${parsed.signature}`, { cause });
  }
  const [kind, message] = entry;
  return new ERROR_CLASS_BY_KIND[kind](parsed.name, args, message(args), {
    cause,
    details: `${parsed.name}(${parsed.fragment.inputs.map((input, i) => `${input.name || i}=${String(args[i])}`).join(", ")})`,
  });
}

const ERROR_STRING = "0x08c379a0";
const PANIC = "0x4e487b71";

/** Solidity's own `Error(string)` (require with a message) and `Panic(uint256)` (assert, overflow). */
function decodeBuiltin(data: string, cause: unknown): ContractRevertError | undefined {
  const selector = data.slice(0, 10).toLowerCase();
  if (selector !== ERROR_STRING && selector !== PANIC) return undefined;
  const [value] = AbiCoder.defaultAbiCoder().decode([selector === PANIC ? "uint256" : "string"], dataSlice(data, 4));
  return selector === PANIC
    ? new UnknownRevertError("Panic", { code: value }, `the contract panicked (code 0x${value.toString(16)})`, {
        cause,
      })
    : new UnknownRevertError("Error", { message: value }, `the contract reverted: ${value}`, { cause });
}

/** Finds revert data anywhere in an error thrown by ethers or a provider (nested `data`, `error`, `info`, `cause`). */
export function findRevertData(error: unknown, depth = 0): string | undefined {
  if (error === null || typeof error !== "object" || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && isHexString(record.data) && record.data.length >= 10) return record.data;
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether an error is a transient RPC failure: the one rule, kept with the transport (sdk/core/transport.ts). */
export { isTransient };

/**
 * Turns anything a contract call threw into a {@link GovChainError}: a typed contract error
 * when revert data is present, a {@link NetworkError} for transient RPC failures, otherwise a
 * {@link TransactionFailedError}. The original error is kept as `cause`.
 */
export function toGovChainError(error: unknown, action: string): GovChainError {
  if (error instanceof GovChainError) return error;
  const data = findRevertData(error);
  const decoded = data === undefined ? undefined : decodeRevertData(data, error);
  if (decoded !== undefined) return decoded;
  const message =
    (error as { shortMessage?: string; message?: string })?.shortMessage ?? String((error as Error)?.message ?? error);
  if (isTransient(error))
    return new NetworkError(`${action}: the node is unreachable or failing (${message})`, { cause: error });
  return new TransactionFailedError(`${action} failed: ${message}`, { cause: error });
}
