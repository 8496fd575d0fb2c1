import { rmSync } from "node:fs";

import type { Command } from "commander";

import { defaultIndexDir, openIndexDatabase } from "../../indexer/database.js";
import { DEFAULT_REORG_DEPTH, syncIndex, type SyncProgress } from "../../indexer/sync.js";
import { ValidationError } from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print } from "../output.js";
import { progress, type Progress } from "../progress.js";

type Globals = () => GlobalOptions;

interface IndexOptions {
  follow: boolean;
  reset: boolean;
  reorgDepth: string;
  interval: string;
  dir?: string;
}

const positive = (field: string, value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new ValidationError(field, `${JSON.stringify(value)} is not a positive whole number`);
  return Number(value);
};

export function indexCommand(program: Command, globals: Globals): void {
  program
    .command("index")
    .description(
      "follow the deployment's events into the index (embedded PGlite under data/, or DATABASE_URL's PostgreSQL server)",
    )
    .option("--follow", "keep following new blocks until interrupted", false)
    .option("--reset", "delete the embedded index first and build it again (a restarted development chain)", false)
    .option("--reorg-depth <blocks>", "how many blocks back a reorganisation is followed", String(DEFAULT_REORG_DEPTH))
    .option("--interval <ms>", "with --follow: how often to look for new blocks", "1000")
    .option("--dir <folder>", "the embedded index's folder (default data/index-<network>)")
    .action(async (opts: IndexOptions) => {
      const out = globals();
      const reorgDepth = positive("--reorg-depth", opts.reorgDepth);
      const interval = positive("--interval", opts.interval);
      const { gov } = await govchain(out, false);
      const dataDir = opts.dir ?? defaultIndexDir(out.network);
      const databaseUrl = process.env.DATABASE_URL;
      if (opts.reset) {
        if (databaseUrl)
          throw new ValidationError(
            "--reset",
            "only the embedded index can be reset; drop the tables of DATABASE_URL's database yourself",
          );
        rmSync(dataDir, { recursive: true, force: true });
      }
      const database = await openIndexDatabase({ databaseUrl, dataDir });
      const provider = gov.runner.provider!;
      let bar: Progress | undefined;
      let shown = 0;
      const onProgress = (p: SyncProgress) => {
        bar ??= progress(out, "indexing blocks", p.headBlock - p.fromBlock + 1);
        bar.increment(p.syncedBlock - p.fromBlock + 1 - shown);
        shown = p.syncedBlock - p.fromBlock + 1;
      };
      try {
        let result = await syncIndex(database.db, provider, gov.manifest, { reorgDepth, onProgress });
        bar?.stop();
        print(out, { ...result, database: database.kind, location: database.location }, () =>
          console.log(
            `index (${database.kind}, ${database.location}): ${result.logs} events, blocks up to ${result.syncedBlock}`,
          ),
        );
        let stopping = false;
        if (opts.follow) {
          process.once("SIGINT", () => (stopping = true));
          process.once("SIGTERM", () => (stopping = true));
        }
        while (opts.follow && !stopping) {
          await new Promise((resolve) => setTimeout(resolve, interval));
          bar = undefined;
          shown = 0;
          result = await syncIndex(database.db, provider, gov.manifest, { reorgDepth });
          if (result.logs > 0 && !out.json) console.log(`block ${result.syncedBlock}: +${result.logs} events`);
        }
      } finally {
        await database.close();
      }
    });
}
