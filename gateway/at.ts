import type { GatewayContext } from "./context.js";
import { badRequest } from "./problem.js";

/** The moment `?at=` names: unix seconds, and the block when it was given as one. */
export interface Moment {
  time: bigint;
  block?: number;
}

/**
 * Parses `?at=`: digits are a block number (its timestamp is the moment; a block the node does not have yet is
 * a 400), anything else an ISO 8601 date. Undefined when absent.
 */
export async function parseAt(context: GatewayContext, at: string | undefined): Promise<Moment | undefined> {
  if (at === undefined || at === "") return undefined;
  if (/^\d+$/.test(at)) {
    const number = Number(at);
    if (!Number.isSafeInteger(number)) throw badRequest(`at=${at} is not a block number`);
    const block = await context.provider.getBlock(number);
    if (block === null) throw badRequest(`block ${number} is not on the chain yet`);
    return { time: BigInt(block.timestamp), block: number };
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(at) ? Date.parse(at) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`at=${at} is neither an ISO 8601 date nor a block number`);
  if (ms < 0) throw badRequest(`at=${at} is before 1970`);
  return { time: BigInt(Math.floor(ms / 1000)) };
}
