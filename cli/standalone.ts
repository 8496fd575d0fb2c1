/**
 * govchain as installed from the package (no repository, no Hardhat): the officer, verifier, participant
 * and council commands (governance, staff, whoami) against a node's JSON-RPC URL and a deployment manifest.
 * Deploying and upgrading stay with the repository (`cli/main.ts`), which has the contracts and the Ignition
 * modules; an upgrade the repository proposed is approved and executed from here (the manifest --manifest
 * names then records the new implementation).
 *   govchain --rpc-url http://127.0.0.1:8545 --manifest deployments/private.json certificates verify licence.json
 */
import { Command } from "commander";

import { GovChainError } from "../sdk/index.js";

import { casesCommand } from "./commands/cases.js";
import { certificatesCommand } from "./commands/certificates.js";
import { dataCommand } from "./commands/data.js";
import { departmentsCommand } from "./commands/departments.js";
import { governanceCommand } from "./commands/governance.js";
import { modulesCommand } from "./commands/modules.js";
import { participantsCommand } from "./commands/participants.js";
import { propertyCommand } from "./commands/property.js";
import { staffCommand } from "./commands/staff.js";
import type { GlobalOptions } from "./context.js";
import { runCli } from "./run.js";
import { servicesCommand } from "./commands/services.js";

const program = new Command("govchain")
  .description(
    "Government services on a private EVM chain: departments, certificates, cases, property, data sharing " +
      "(deploy and upgrade from the govchain repository)",
  )
  .option("-r, --rpc-url <url>", "the node's JSON-RPC URL (or GOVCHAIN_RPC_URL)", process.env.GOVCHAIN_RPC_URL)
  .option(
    "-m, --manifest <file>",
    "the deployment's manifest file (or GOVCHAIN_MANIFEST)",
    process.env.GOVCHAIN_MANIFEST,
  )
  .option("--json", "print JSON instead of tables", false)
  .option(
    "-a, --account <index|address>",
    "which of the node's accounts signs (default 0); GOVCHAIN_PRIVATE_KEY signs instead when set",
  )
  .option("--member <code>", "council member department an operator action is proposed for (default: yours)")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

/** The commands read `network` for messages only; here the node is named by its URL. */
function globals(): GlobalOptions {
  const options = program.opts<Omit<GlobalOptions, "network">>();
  if (options.rpcUrl === undefined || options.rpcUrl === "") {
    throw new GovChainError("give the node's JSON-RPC URL: --rpc-url <url> or GOVCHAIN_RPC_URL");
  }
  return { ...options, network: options.rpcUrl };
}

staffCommand(program, globals);
governanceCommand(program, globals);
departmentsCommand(program, globals);
modulesCommand(program, globals);
certificatesCommand(program, globals);
casesCommand(program, globals);
dataCommand(program, globals);
propertyCommand(program, globals);
servicesCommand(program, globals);
participantsCommand(program, globals);

await runCli(program);
