import { existsSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";

import { createGateway, GATEWAY_DEFAULTS } from "../../gateway/app.js";
import { followIndex } from "../../gateway/follow.js";
import { defaultIndexDir, openIndexDatabase } from "../../indexer/database.js";
import { DEFAULT_REORG_DEPTH } from "../../indexer/sync.js";
import { GovChainError, ValidationError } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print } from "../output.js";

type Globals = () => GlobalOptions;

interface ServeOptions {
  port: string;
  host: string;
  index: boolean;
  dir?: string;
  interval: string;
  reorgDepth: string;
  rateLimit: string;
  bodyLimit: string;
  web: string;
}

const whole = (field: string, value: string, min = 1) => {
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new ValidationError(field, `${JSON.stringify(value)} is not a whole number of at least ${min}`);
  return Number(value);
};

/** Resolves once the process is asked to stop (Ctrl-C, or a service manager's SIGTERM). */
const stopSignal = () =>
  new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });

export function serveCommand(program: Command, globals: Globals): void {
  program
    .command("serve")
    .description(
      "run the read gateway (HTTP API, OpenAPI at /openapi.json, the verification page at /) with the indexer following the chain",
    )
    .option("--port <port>", "the port to listen on", "8080")
    .option("--host <host>", "the address to listen on", "127.0.0.1")
    .option("--no-index", "no index: every read goes to the node (event scans)")
    .option("--dir <folder>", "the embedded index's folder (default data/index-<network>; DATABASE_URL for PostgreSQL)")
    .option("--interval <ms>", "how often the indexer looks for new blocks", "1000")
    .option("--reorg-depth <blocks>", "how many blocks back a reorganisation is followed", String(DEFAULT_REORG_DEPTH))
    .option("--rate-limit <perMinute>", "requests a minute per client address (0: no limit)", "1200")
    .option(
      "--body-limit <bytes>",
      "largest request body (the batch route takes 16×)",
      String(GATEWAY_DEFAULTS.bodyLimit),
    )
    .option("--web <folder>", "the built verification page (npm run build:web)", path.join("web", "dist"))
    .action(async (opts: ServeOptions) => {
      const out = globals();
      const port = whole("--port", opts.port, 0);
      const intervalMs = whole("--interval", opts.interval);
      const reorgDepth = whole("--reorg-depth", opts.reorgDepth);
      const perMinute = whole("--rate-limit", opts.rateLimit, 0);
      const bodyLimit = whole("--body-limit", opts.bodyLimit);
      const { gov, connection } = await govchain(out, false);
      let rpcUrl = out.rpcUrl;
      if (rpcUrl === undefined) {
        if (connection?.networkConfig.type !== "http") {
          throw new ValidationError(
            "--network",
            `${out.network} is the in-process chain, which ends with the command: serve a node (npx hardhat node, then --network localhost)`,
          );
        }
        rpcUrl = await connection.networkConfig.url.getUrl();
      }
      const database = opts.index
        ? await openIndexDatabase({
            databaseUrl: process.env.DATABASE_URL,
            dataDir: opts.dir ?? defaultIndexDir(out.network),
          })
        : undefined;
      const say = (line: string) => {
        if (!out.json) console.log(line);
      };
      const follower =
        database === undefined
          ? undefined
          : followIndex(database.db, gov.runner.provider!, gov.manifest, {
              intervalMs,
              reorgDepth,
              onSynced: (p) => {
                if (p.logs > 0) say(`index: block ${p.syncedBlock}, +${p.logs} events`);
              },
              onError: (error) =>
                console.error(
                  `govchain: index: ${error instanceof GovChainError ? error.shortMessage : (error as Error).message}`,
                ),
            });
      const gateway = await createGateway({
        rpcUrl,
        manifest: gov.manifest,
        database,
        webDir: existsSync(path.join(opts.web, "index.html")) ? opts.web : undefined,
        rateLimit: perMinute === 0 ? false : { max: perMinute, timeWindowMs: 60_000 },
        bodyLimit,
        batchBodyLimit: bodyLimit * 16,
      });
      const stopped = stopSignal();
      try {
        const address = await gateway.app.listen({ port, host: opts.host });
        print(
          out,
          { url: address, index: database === undefined ? null : { kind: database.kind, location: database.location } },
          () =>
            say(
              `gateway on ${address} (OpenAPI ${address}/openapi.json` +
                `${existsSync(path.join(opts.web, "index.html")) ? `, verification page ${address}/` : ""}); ` +
                `index: ${database === undefined ? "none" : `${database.kind}, ${database.location}`}. Ctrl-C stops.`,
            ),
        );
        const signal = await stopped;
        say(`${signal}: stopping`);
      } finally {
        await follower?.stop();
        await gateway.close();
        await database?.close();
      }
    });
}
