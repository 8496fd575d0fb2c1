/**
 * govchain: the command line for operators and officers.
 *   govchain --help
 *   govchain departments list --network localhost
 *   govchain certificates verify licence.json
 */
import { Command } from "commander";

import { casesCommand } from "./commands/cases.js";
import { certificatesCommand } from "./commands/certificates.js";
import { dataCommand } from "./commands/data.js";
import { deployCommand } from "./commands/deploy.js";
import { governanceCommand } from "./commands/governance.js";
import { staffCommand } from "./commands/staff.js";
import { departmentsCommand } from "./commands/departments.js";
import { indexCommand } from "./commands/indexer.js";
import { modulesCommand } from "./commands/modules.js";
import { participantsCommand } from "./commands/participants.js";
import { logisticsCommand } from "./commands/logistics.js";
import { propertyCommand } from "./commands/property.js";
import { upgradeCommand } from "./commands/upgrade.js";
import { oneStopCommand } from "./commands/onestop.js";
import { estateCommand } from "./commands/estate.js";
import { financeCommand } from "./commands/finance.js";
import { billsCommand } from "./commands/bills.js";
import type { GlobalOptions } from "./context.js";
import { runCli } from "./run.js";
import { servicesCommand } from "./commands/services.js";
import { serveCommand } from "./commands/serve.js";

const program = new Command("govchain")
  .description("Government services on a private EVM chain: departments, certificates, cases, property, data sharing")
  .option(
    "-n, --network <name>",
    "Hardhat network: localhost, private, ...",
    process.env.GOVCHAIN_NETWORK ?? "localhost",
  )
  .option("--json", "print JSON instead of tables", false)
  .option("-a, --account <index|address>", "which of the network's accounts signs (default 0)")
  .option("-m, --manifest <file>", "deployment manifest (default deployments/<network>.json)")
  .option("--member <code>", "council member department an operator action is proposed for (default: yours)")
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

const globals = () => program.opts<GlobalOptions>();
deployCommand(program, globals);
staffCommand(program, globals);
governanceCommand(program, globals);
departmentsCommand(program, globals);
modulesCommand(program, globals);
upgradeCommand(program, globals);
certificatesCommand(program, globals);
casesCommand(program, globals);
dataCommand(program, globals);
propertyCommand(program, globals);
servicesCommand(program, globals);
participantsCommand(program, globals);
logisticsCommand(program, globals);
oneStopCommand(program, globals);
estateCommand(program, globals);
financeCommand(program, globals);
billsCommand(program, globals);
indexCommand(program, globals);
serveCommand(program, globals);

await runCli(program);
