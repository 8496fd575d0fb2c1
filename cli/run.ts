import { CommanderError, type Command } from "commander";

import { GovChainError, withValidValues } from "../sdk/index.js";
import { connectedSuite } from "./context.js";

/** One clear line on stderr and a non-zero exit; the full cause chain with GOVCHAIN_DEBUG=1. */
async function fail(failure: unknown): Promise<never> {
  if (failure instanceof CommanderError) process.exit(failure.exitCode);
  // Once connected, an "unknown code" refusal lists the valid codes.
  const suite = connectedSuite();
  const error = suite === undefined ? failure : await withValidValues(suite, failure);
  const message = error instanceof GovChainError ? error.shortMessage : ((error as Error)?.message ?? String(error));
  console.error(`govchain: ${message.split("\n")[0]}`);
  if (process.env.GOVCHAIN_DEBUG) console.error(error);
  process.exit(1);
}

/** Runs `program` on the process's arguments and exits (the repository's CLI and the packaged one alike). */
export async function runCli(program: Command): Promise<never> {
  try {
    await program.parseAsync(process.argv);
    // A command may answer "no" with exit code 1 and no error (certificates verify, data can-access).
    process.exit(process.exitCode ?? 0);
  } catch (error) {
    return fail(error);
  }
}
