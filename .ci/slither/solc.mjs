/* global process, console */
// The project's own compiler (the pinned npm `solc`, WebAssembly) behind the two calls of native
// solc's command line that crytic-compile makes: `--version` and `--standard-json` (input on
// stdin, output on stdout). Imports resolve against the working directory, so Slither never needs
// solc-select or a downloaded compiler.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const solc = require("solc");

const args = process.argv.slice(2);
if (args.includes("--version")) {
  console.log(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}`);
  process.exit(0);
}
if (!args.includes("--standard-json")) {
  console.error(`solc wrapper: only --version and --standard-json are supported (got ${args.join(" ")})`);
  process.exit(2);
}

const input = JSON.parse(readFileSync(0, "utf8"));
const root = process.cwd();
// crytic-compile lists sources by URL; solcjs reads them through this callback.
function findImports(file) {
  const candidates = [path.resolve(root, file), path.resolve(root, "node_modules", file)];
  const found = candidates.find((candidate) => candidate.startsWith(root) && existsSync(candidate));
  return found === undefined ? { error: `not found: ${file}` } : { contents: readFileSync(found, "utf8") };
}
for (const [name, source] of Object.entries(input.sources)) {
  if (source.content === undefined && source.urls !== undefined) {
    const read = findImports(source.urls[0] ?? name);
    if (read.error !== undefined) {
      console.error(`solc wrapper: ${read.error}`);
      process.exit(1);
    }
    input.sources[name] = { content: read.contents };
  }
}
process.stdout.write(solc.compile(JSON.stringify(input), { import: findImports }));
