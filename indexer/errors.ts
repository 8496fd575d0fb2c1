import { GovChainError } from "../sdk/errors/base.js";

/**
 * The chain is not the one the index was built from (a development node restarted, another network, another
 * deployment), or it reorganised deeper than the index follows: the index refuses rather than mix histories.
 */
export class IndexChainMismatchError extends GovChainError {
  override name = "IndexChainMismatchError";
}

/** The index database cannot be reached or read: callers must answer "cannot verify now", never "not found". */
export class IndexUnavailableError extends GovChainError {
  override name = "IndexUnavailableError";
}
