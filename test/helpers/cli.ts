import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { expect } from "chai";

const execute = promisify(execFile);

/** What one `govchain` invocation printed, and how it exited. */
export interface CliRun {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs `bin/govchain.js` as a user would, in a child process, against the node and deployment
 * folder `env()` names. Never throws: a failing command resolves with its exit code.
 */
export function cliRunner(env: () => Record<string, string>) {
  return async function govchain(...args: string[]): Promise<CliRun> {
    try {
      const { stdout, stderr } = await execute(process.execPath, ["bin/govchain.js", ...args], {
        env: { ...process.env, ...env() },
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as CliRun;
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  };
}

/** Exit 0 and the JSON it printed. */
export function ok(result: CliRun, what: string) {
  expect(result.code, `${what}: ${result.stderr}`).to.equal(0);
  return JSON.parse(result.stdout);
}

/** Exit 1 with exactly one line on stderr matching `message`. */
export function failed(result: CliRun, message: RegExp, what: string): void {
  expect(result.code, `${what}: ${result.stdout}`).to.equal(1);
  expect(result.stderr.trim().split("\n"), `${what}: ${result.stderr}`).to.have.length(1);
  expect(result.stderr.trim(), what).to.match(message);
}
