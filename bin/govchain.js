#!/usr/bin/env node
// The `govchain` command. The CLI is TypeScript; tsx (Hardhat's own TypeScript loader) runs it.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
