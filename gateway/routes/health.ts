import type { FastifyInstance } from "fastify";

import type { GatewayContext } from "../context.js";
import { nodeCall } from "../node-rpc.js";
import { cannotVerify, sendProblem, problemOf } from "../problem.js";
import { ERRORS } from "../schemas.js";

interface Health {
  node: { reachable: boolean; chainId?: string; expectedChainId: string; headBlock?: number; error?: string };
  index: {
    enabled: boolean;
    database?: string;
    reachable?: boolean;
    syncedBlock?: number | null;
    lagBlocks?: number | null;
    error?: string;
  };
}

/** What /health reports: the node (reachable, chain id, head) and the index (database reachable, synced block, lag). */
export async function health(context: GatewayContext): Promise<{ ok: boolean; reasons: string[]; health: Health }> {
  const reasons: string[] = [];
  const node: Health["node"] = { reachable: false, expectedChainId: context.manifest.chainId };
  try {
    const [chainId, head] = await Promise.all([
      nodeCall<string>(context.rpcUrl, "eth_chainId", [], context.rpcTimeoutMs),
      nodeCall<string>(context.rpcUrl, "eth_blockNumber", [], context.rpcTimeoutMs),
    ]);
    Object.assign(node, { reachable: true, chainId: BigInt(chainId).toString(), headBlock: Number(head) });
    if (node.chainId !== node.expectedChainId) {
      reasons.push(`the node serves chain ${node.chainId}, the manifest is for chain ${node.expectedChainId}`);
    }
  } catch (error) {
    node.error = (error as Error).message;
    reasons.push(`node unreachable: ${node.error}`);
  }
  const index: Health["index"] = { enabled: context.database !== undefined };
  if (context.database !== undefined) {
    index.database = context.database.kind;
    try {
      const meta = await context.database.db.selectFrom("index_meta").select("synced_block").executeTakeFirst();
      index.reachable = true;
      index.syncedBlock = meta === undefined ? null : Number(meta.synced_block);
      index.lagBlocks =
        index.syncedBlock === null || node.headBlock === undefined
          ? null
          : Math.max(0, node.headBlock - index.syncedBlock);
    } catch (error) {
      index.reachable = false;
      index.error = (error as Error).message;
      reasons.push(`database unreachable: ${index.error}`);
    }
  }
  return { ok: reasons.length === 0, reasons, health: { node, index } };
}

export function healthRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get(
    "/health",
    {
      schema: {
        tags: ["gateway"],
        summary: "Node and index health",
        description:
          "200 when the node answers on the manifest's chain and the index database (if any) is readable; 503 " +
          "problem+json with the same fields otherwise. `index.lagBlocks` is how far the index is behind the head.",
        response: {
          200: {
            type: "object",
            properties: {
              status: { type: "string" },
              node: { type: "object", additionalProperties: true },
              index: { type: "object", additionalProperties: true },
            },
          },
          503: ERRORS[503],
        },
      },
    },
    async (_, reply) => {
      const { ok, reasons, health: report } = await health(context);
      if (ok) return { status: "ok", ...report };
      return sendProblem(reply, problemOf(cannotVerify(reasons.join("; "), { ...report })));
    },
  );
}
