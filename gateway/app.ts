/**
 * The read gateway (issue 17): a read-only HTTP API over the chain and the index, for systems that are not
 * TypeScript. Every answer comes from the SDK's own readers (connected through `IndexedProvider` when there is an
 * index), so the gateway says exactly what the SDK says. It holds no key and has no write route.
 */
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";

import type { IndexDatabase } from "../indexer/database.js";
import type { DeploymentManifest } from "../sdk/core/manifest.js";
import { connectGateway, type GatewayContext } from "./context.js";
import { installProblemHandlers } from "./problem.js";
import { certificateRoutes } from "./routes/certificates.js";
import { healthRoutes } from "./routes/health.js";
import { exchangeRoutes, propertyRoutes, workflowRoutes } from "./routes/records.js";
import { rpcRoutes } from "./routes/rpc.js";
import { verifyRoutes } from "./routes/verify.js";
import { webRoutes } from "./routes/web.js";

export interface GatewayOptions {
  rpcUrl: string;
  manifest: DeploymentManifest;
  /** The index; without it every read goes to the node (event scans). */
  database?: IndexDatabase;
  /** The built verification page's folder (web/dist), served at `/` when it has an index.html. */
  webDir?: string;
  /** Requests per client address per window; false turns the limit off. Default 1,200 a minute. */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Largest request body in bytes (default 1 MiB); the batch route has its own. */
  bodyLimit?: number;
  /** Largest /verify/batch body in bytes (default 16 MiB). */
  batchBodyLimit?: number;
  /** The most documents one batch may carry (default 10,000). */
  maxBatch?: number;
  /** How long one request to the node may take (default 10 s). */
  rpcTimeoutMs?: number;
  logger?: boolean;
}

export const GATEWAY_DEFAULTS = {
  rateLimit: { max: 1_200, timeWindowMs: 60_000 },
  bodyLimit: 1024 * 1024,
  batchBodyLimit: 16 * 1024 * 1024,
  maxBatch: 10_000,
  rpcTimeoutMs: 10_000,
} as const;

export interface Gateway {
  app: FastifyInstance;
  context: GatewayContext;
  /** Stops the server and the provider (not the database: whoever opened it closes it). */
  close(): Promise<void>;
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const context = await connectGateway({
    rpcUrl: options.rpcUrl,
    manifest: options.manifest,
    database: options.database,
    rpcTimeoutMs: options.rpcTimeoutMs ?? GATEWAY_DEFAULTS.rpcTimeoutMs,
  });
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? GATEWAY_DEFAULTS.bodyLimit });
  installProblemHandlers(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "govchain read gateway",
        description:
          "Read-only HTTP API over a govchain deployment: certificate verification, statuses, property, cases, " +
          "pending work, audit trails. Errors are application/problem+json; 503 means cannot verify now.",
        version: "1",
      },
      tags: [
        { name: "certificates" },
        { name: "property" },
        { name: "workflow" },
        { name: "exchange" },
        { name: "gateway" },
      ],
    },
  });
  const limit = options.rateLimit ?? GATEWAY_DEFAULTS.rateLimit;
  if (limit !== false) {
    await app.register(fastifyRateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      errorResponseBuilder: (_, context) => ({
        statusCode: 429,
        message: `more than ${context.max} requests in ${context.after}: try again later`,
      }),
    });
  }
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  verifyRoutes(app, context, {
    maxBatch: options.maxBatch ?? GATEWAY_DEFAULTS.maxBatch,
    batchBodyLimit: options.batchBodyLimit ?? GATEWAY_DEFAULTS.batchBodyLimit,
  });
  certificateRoutes(app, context);
  propertyRoutes(app, context);
  workflowRoutes(app, context);
  exchangeRoutes(app, context);
  healthRoutes(app, context);
  rpcRoutes(app, context);
  await webRoutes(app, context, options.webDir);
  await app.ready();
  return {
    app,
    context,
    close: async () => {
      await app.close();
      context.provider.destroy();
    },
  };
}
