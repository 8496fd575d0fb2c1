import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

const execute = promisify(execFile);

/**
 * Node's on-disk compile cache for the spawned CLI (V8 code of the modules it loads): the same CLI runs, each
 * spawn after the first skips most of the compiling (~0.2 s of ~2.3 s CPU per `govchain --help`, NOTES-cispeed.md).
 */
const COMPILE_CACHE = process.env.NODE_COMPILE_CACHE ?? path.join(tmpdir(), "govchain-test-compile-cache");

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
        env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE, ...env() },
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
