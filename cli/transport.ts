import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import { sendWithRetries, type RetryPolicy } from "../sdk/core/transport.js";

const installed = new WeakSet<object>();

/**
 * Puts the SDK's transport rule (sdk/core/transport.ts) in front of every request of every network
 * connection `hre` makes: the CLI's reads, its signers' sends, Ignition's deploy. Registered as a
 * dynamic `onRequest` hook, so it runs before Hardhat's own handlers (gas, chain id, local
 * accounts): a retried `eth_sendTransaction` carries its nonce and fees already and is signed to
 * the same bytes again.
 */
export function installRetryingTransport(hre: HardhatRuntimeEnvironment, policy?: Partial<RetryPolicy>): void {
  if (installed.has(hre)) return;
  installed.add(hre);
  let lookupId = 0;
  hre.hooks.registerHandlers("network", {
    async onRequest(context, connection, request, next) {
      const answer = await sendWithRetries<JsonRpcResponse>(
        request.method,
        Array.isArray(request.params) ? request.params : [],
        // Hardhat's handlers may fill in the request they are given: each try starts from the original.
        () => next(context, connection, structuredClone(request)),
        (method, params) =>
          next(context, connection, { jsonrpc: "2.0", id: `retry-lookup-${++lookupId}`, method, params }),
        { policy, onRetry: process.env.GOVCHAIN_DEBUG ? logRetry(request) : undefined },
      );
      return "jsonrpc" in answer ? answer : ({ jsonrpc: "2.0", id: request.id, ...answer } as JsonRpcResponse);
    },
  });
}

function logRetry(request: JsonRpcRequest) {
  return (error: unknown, retry: number, delayMs: number) =>
    console.error(
      `govchain: ${request.method} failed (${(error as Error)?.message?.split("\n")[0]}); retry ${retry} in ${delayMs} ms`,
    );
}
