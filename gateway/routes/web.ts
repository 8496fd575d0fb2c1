/**
 * The verification page (web/dist, built with `npm run build:web`) at `/`, the deployment manifest at
 * `/manifest.json`, and `/config.json`, which the page reads when it has no `?rpc=`: it points the page at this
 * gateway's manifest and JSON-RPC passthrough, so the page needs no other URL.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

import type { GatewayContext } from "../context.js";

export async function webRoutes(app: FastifyInstance, context: GatewayContext, webDir?: string): Promise<void> {
  app.get(
    "/manifest.json",
    { schema: { tags: ["gateway"], summary: "The deployment manifest (addresses, chain id, deployment block)" } },
    async () => context.manifest,
  );
  app.get(
    "/config.json",
    { schema: { tags: ["gateway"], summary: "Where the verification page reads from (relative to the page)" } },
    async () => ({ rpc: "rpc", manifest: "manifest.json" }),
  );
  if (webDir === undefined || !existsSync(path.join(webDir, "index.html"))) return;
  // Only the files there at start are routes (no wildcard): any other path stays a problem+json 404.
  await app.register(fastifyStatic, { root: path.resolve(webDir), wildcard: false, index: "index.html" });
}
