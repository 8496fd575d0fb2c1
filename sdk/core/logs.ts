import type { Provider } from "ethers";

import { ValidationError } from "../errors/base.js";

/**
 * Event reads in block ranges a node accepts. Besu refuses `eth_getLogs` over more than
 * `--rpc-max-logs-range` blocks (1,000 by default), hosted nodes cap the range or the result
 * count: a history read from the deployment block to the head in one call fails on them. Every
 * SDK history and audit goes through {@link scanBlocks}.
 */

/** Besu's default `--rpc-max-logs-range`: the largest range one request asks for unless configured. */
export const DEFAULT_LOGS_MAX_RANGE = 1000;

export interface LogScanOptions {
  /** The most blocks one `eth_getLogs` covers; default GOVCHAIN_LOGS_MAX_RANGE, else 1,000. */
  maxRange?: number;
}

/** The range to use: `configured`, else GOVCHAIN_LOGS_MAX_RANGE, else {@link DEFAULT_LOGS_MAX_RANGE}. */
export function logsMaxRange(configured?: number): number {
  if (configured !== undefined) return requireRange("logsMaxRange", configured);
  const fromEnv = process.env.GOVCHAIN_LOGS_MAX_RANGE;
  if (fromEnv === undefined || fromEnv.trim() === "") return DEFAULT_LOGS_MAX_RANGE;
  return requireRange("GOVCHAIN_LOGS_MAX_RANGE", Number(fromEnv));
}

function requireRange(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError(field, `${value} is not a whole number of blocks of at least 1`);
  }
  return value;
}

// What nodes answer when a range or its result is too large: Besu ("Requested range exceeds
// maximum RPC range limit", older "Exceeds max range"), geth and hosted nodes ("query returned
// more than 10000 results", "block range is too wide", "Log response size exceeded", "limit exceeded").
const LIMIT_MESSAGES =
  /exceeds? (the )?max(imum)?( rpc)? (block )?range|range (is )?too (large|wide|big)|too many (results|logs|blocks)|returned more than \d+ results|response size (exceeded|too large)|limit exceeded|range limit/i;

/** Whether `error` is a node refusing a `eth_getLogs` because of its range or result size. */
export function isLogRangeError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  // The node's answer sits at different depths of ethers' error (info.error, error, cause).
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as { message?: unknown; shortMessage?: unknown; code?: unknown };
    if (typeof e.message === "string" && LIMIT_MESSAGES.test(e.message)) return true;
    if (typeof e.shortMessage === "string" && LIMIT_MESSAGES.test(e.shortMessage)) return true;
    // -32005 is "limit exceeded" in EIP-1474; Besu answers a too-wide range with it.
    if (e.code === -32005) return true;
    const nested = current as { info?: { error?: unknown }; error?: unknown; cause?: unknown };
    pending.push(nested.info?.error, nested.error, nested.cause);
  }
  return false;
}

/**
 * Reads `read(from, to)` over [fromBlock, head] in ranges of at most `maxRange` blocks, oldest
 * first, and concatenates the answers (so results keep the node's order). When the node refuses
 * a range (too wide, too many results) the range is halved and retried, and the smaller size is
 * kept for the rest of the scan; a refused single block is a real failure and is thrown.
 */
export async function scanBlocks<T>(
  provider: Provider,
  fromBlock: number,
  read: (from: number, to: number) => Promise<readonly T[]>,
  options: LogScanOptions = {},
): Promise<T[]> {
  let size = logsMaxRange(options.maxRange);
  const head = await provider.getBlockNumber();
  const results: T[] = [];
  let from = Math.max(0, fromBlock);
  while (from <= head) {
    const to = Math.min(head, from + size - 1);
    let answer: readonly T[];
    try {
      answer = await read(from, to);
    } catch (error) {
      if (to === from || !isLogRangeError(error)) throw error;
      size = Math.ceil((to - from + 1) / 2);
      continue;
    }
    results.push(...answer);
    from = to + 1;
  }
  return results;
}
