/**
 * A read-only JSON-RPC passthrough, so the verification page served by the gateway needs no other URL. Only the
 * reads the page makes are forwarded; anything else (sending transactions, signing, node administration) is
 * answered with a JSON-RPC error and never reaches the node.
 */
import type { FastifyInstance } from "fastify";

import type { GatewayContext } from "../context.js";
import { nodeRequest } from "../node-rpc.js";
import { badRequest, cannotVerify } from "../problem.js";
import { ERRORS, TOO_LARGE } from "../schemas.js";

export const RPC_ALLOWED = new Set([
  "eth_chainId",
  "eth_blockNumber",
  "eth_call",
  "eth_getLogs",
  "eth_getCode",
  "eth_getBlockByNumber",
  "net_version",
]);

/** The most calls one JSON-RPC batch may carry. */
const MAX_BATCH = 100;

interface RpcCall {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const refused = (call: RpcCall) => ({
  jsonrpc: "2.0",
  id: call.id ?? null,
  error: {
    code: -32601,
    message: `${String(call.method)} is not available through the read gateway (allowed: ${[...RPC_ALLOWED].join(", ")})`,
  },
});

export function rpcRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.post<{ Body: RpcCall | RpcCall[] }>(
    "/rpc",
    {
      schema: {
        tags: ["gateway"],
        summary: "Read-only JSON-RPC passthrough to the node",
        description: `Single calls or batches (at most ${MAX_BATCH}); only ${[...RPC_ALLOWED].join(", ")} are forwarded.`,
        body: { anyOf: [{ type: "object" }, { type: "array" }] },
        response: { ...TOO_LARGE, ...ERRORS },
      },
    },
    async (request) => {
      const batch = Array.isArray(request.body);
      const calls = (batch ? request.body : [request.body]) as RpcCall[];
      if (calls.length === 0 || calls.length > MAX_BATCH) throw badRequest(`a batch carries 1 to ${MAX_BATCH} calls`);
      if (calls.some((c) => c === null || typeof c !== "object" || typeof c.method !== "string")) {
        throw badRequest("every call needs a method");
      }
      const allowed = calls.filter((c) => RPC_ALLOWED.has(c.method as string));
      const answers = new Map<RpcCall, unknown>();
      if (allowed.length > 0) {
        const forwarded = allowed.map((c, i) => ({ jsonrpc: "2.0", id: i, method: c.method, params: c.params ?? [] }));
        let replies: { id: number }[];
        try {
          replies = (await nodeRequest(context.rpcUrl, forwarded, context.rpcTimeoutMs)) as { id: number }[];
        } catch (error) {
          throw cannotVerify((error as Error).message);
        }
        if (!Array.isArray(replies)) throw cannotVerify("the node answered a batch with something else");
        for (const reply of replies) {
          const call = allowed[reply.id];
          if (call !== undefined) answers.set(call, { ...reply, id: call.id ?? null });
        }
      }
      const out = calls.map((c) => answers.get(c) ?? refused(c));
      return batch ? out : out[0];
    },
  );
}
