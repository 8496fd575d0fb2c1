/**
 * `npm install`'s last step: compile the contracts and generate their TypeScript types. The build
 * is silent for about a minute (WebAssembly solc), so say what is happening before, during (a line
 * every 15 s, so a log or a terminal never looks stuck) and after (on stderr: `npm pack --json` runs
 * this too, and its stdout must stay JSON).
 */
import { spawn } from "node:child_process";

const HEARTBEAT_MS = 15_000;
const started = Date.now();
const elapsed = () => Math.round((Date.now() - started) / 1000);
console.error("govchain: compiling the contracts and generating TypeScript types (hardhat build, about a minute) ...");
const build = spawn("hardhat", ["build", "--quiet"], { stdio: "inherit", shell: process.platform === "win32" });
const heartbeat = setInterval(
  () => console.error(`govchain: still compiling (${elapsed()} s; solc runs as WebAssembly, one file group at a time)`),
  HEARTBEAT_MS,
);
const status = await new Promise<number>((resolve) => {
  build.on("error", () => resolve(1));
  build.on("exit", (code) => resolve(code ?? 1));
});
clearInterval(heartbeat);
if (status !== 0) {
  console.error(`govchain: the contract build failed after ${elapsed()} s; run \`npx hardhat build\` to see why`);
  process.exit(status);
}
console.error(`govchain: contracts compiled in ${elapsed()} s (artifacts/, typechain-types/); next: npm run demo`);
