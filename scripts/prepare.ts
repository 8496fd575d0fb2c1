/**
 * `npm install`'s last step: compile the contracts and generate their TypeScript types. The build
 * is silent for about a minute (WebAssembly solc), so say what is happening before and after (on stderr:
 * `npm pack --json` runs this too, and its stdout must stay JSON).
 */
import { spawnSync } from "node:child_process";

const started = Date.now();
console.error("govchain: compiling the contracts and generating TypeScript types (hardhat build, about a minute) ...");
const build = spawnSync("hardhat", ["build", "--quiet"], { stdio: "inherit", shell: process.platform === "win32" });
const seconds = Math.round((Date.now() - started) / 1000);
if (build.status !== 0) {
  console.error(`govchain: the contract build failed after ${seconds} s; run \`npx hardhat build\` to see why`);
  process.exit(build.status ?? 1);
}
console.error(`govchain: contracts compiled in ${seconds} s (artifacts/, typechain-types/); next: npm run demo`);
