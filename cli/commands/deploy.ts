import type { Command } from "commander";

import { loadCityConfig } from "../../config/city.js";
import { deploySuite, writeManifest } from "../../scripts/lib/deploy.js";
import { connectNetwork, type GlobalOptions } from "../context.js";
import { print } from "../output.js";
import { stage } from "../progress.js";

export function deployCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("deploy")
    .description("deploy the whole suite to --network and write deployments/<network>.json (re-run to resume)")
    .option("--city <file>", "the city file (default: GOVCHAIN_CITY_CONFIG or config/beijing.json)")
    .option("--reset", "forget this network's Ignition journal and deploy afresh (after restarting a dev node)")
    .action(async (opts: { city?: string; reset?: boolean }) => {
      // Validate the city before touching the chain: a bad file deploys nothing.
      const city = loadCityConfig(opts.city);
      const connection = await connectNetwork(globals());
      const deploying = stage(globals(), `deploying the suite to ${globals().network} (Ignition; a re-run resumes)`);
      const manifest = await deploySuite(connection, city, { reset: opts.reset });
      deploying.done();
      const file = writeManifest(manifest);
      print(globals(), { manifest: file, ...manifest }, () => {
        console.log(`deployed govchain (${manifest.city}) to ${manifest.network}, chain ${manifest.chainId}`);
        for (const [name, entry] of Object.entries(manifest.contracts)) {
          console.log(`  ${name.padEnd(22)} ${typeof entry === "string" ? entry : `${entry.proxy} (proxy)`}`);
        }
        console.log(`manifest: ${file}`);
      });
    });
}
