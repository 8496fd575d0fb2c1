import type { Command } from "commander";

import { loadCityConfig } from "../../config/city.js";
import { loadStaffFile } from "../../config/staff.js";
import { defaultGovernanceProfile, deploySuite, writeManifest } from "../../scripts/lib/deploy.js";
import { ValidationError } from "../../sdk/index.js";
import { connectNetwork, type GlobalOptions } from "../context.js";
import { print } from "../output.js";
import { stage } from "../progress.js";
import { consoleSink } from "../../scripts/lib/deploy-progress.js";

export function deployCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command("deploy")
    .description("deploy the whole suite to --network and write deployments/<network>.json (re-run to resume)")
    .option("--city <file>", "the city file (default: GOVCHAIN_CITY_CONFIG or config/beijing.json)")
    .option("--reset", "forget this network's Ignition journal and deploy afresh (after restarting a dev node)")
    .option(
      "--governance <profile>",
      'which council takes over: "city" (the city file\'s committee) or "development" (one member, no delays; ' +
        "default except on the private network)",
    )
    .option(
      "--staff <file>",
      "staff file naming the council members' first admins (default for development: config/staff.development.json)",
    )
    .action(async (opts: { city?: string; reset?: boolean; governance?: string; staff?: string }) => {
      // Validate the city and staff files before touching the chain: a bad file deploys nothing.
      const city = loadCityConfig(opts.city);
      if (opts.governance !== undefined && opts.governance !== "city" && opts.governance !== "development") {
        throw new ValidationError("--governance", `must be "city" or "development" (got "${opts.governance}")`);
      }
      const staff = opts.staff === undefined ? undefined : loadStaffFile(opts.staff);
      const connection = await connectNetwork(globals());
      const governance = opts.governance ?? defaultGovernanceProfile(connection.networkName);
      const deploying = stage(globals(), `deploying the suite to ${globals().network} (Ignition; a re-run resumes)`);
      // Ignition's own events drive the progress: a bar on a terminal, one line per stage in logs.
      const manifest = await deploySuite(connection, city, {
        reset: opts.reset,
        governance,
        staff,
        progress: globals().json ? undefined : consoleSink(),
      });
      deploying.done();
      const file = writeManifest(manifest);
      print(globals(), { manifest: file, ...manifest }, () => {
        console.log(`deployed govchain (${manifest.city}) to ${manifest.network}, chain ${manifest.chainId}`);
        for (const [name, entry] of Object.entries(manifest.contracts)) {
          console.log(`  ${name.padEnd(22)} ${typeof entry === "string" ? entry : `${entry.proxy} (proxy)`}`);
        }
        console.log(
          `governance: the ${governance} council holds ADMIN, OPERATOR and UPGRADER; the deployer holds nothing`,
        );
        console.log(`manifest: ${file}`);
      });
    });
}
