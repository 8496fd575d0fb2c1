#!/usr/bin/env node
// The `govchain` command. In the repository the CLI is TypeScript (cli/main.ts, run by tsx, Hardhat's
// own TypeScript loader) and uses Hardhat's networks; from the npm package it is the compiled
// dist/cli/standalone.js, which talks to a node by URL (the package ships no cli/*.ts).
import { existsSync } from "node:fs";
import { URL } from "node:url";

const repositoryCli = new URL("../cli/main.ts", import.meta.url);
if (existsSync(repositoryCli)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(repositoryCli.href);
} else {
  await import("../dist/cli/standalone.js");
}
