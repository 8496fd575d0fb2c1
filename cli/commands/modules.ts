import type { Command } from "commander";

import type { DeploymentManifest } from "../../sdk/index.js";
import { encodeCall, ValidationError } from "../../sdk/index.js";
import { operatorAction } from "../council.js";
import { govchain, type GlobalOptions } from "../context.js";
import { print } from "../output.js";

/** A suite contract's proxy address from the manifest, by contract name. */
export function moduleAddress(manifest: DeploymentManifest, name: string): string {
  const entry = (manifest.contracts as Record<string, string | { proxy: string }>)[name];
  if (entry === undefined || typeof entry === "string") {
    const modules = Object.entries(manifest.contracts)
      .filter(([, e]) => typeof e !== "string")
      .map(([n]) => n);
    throw new ValidationError(
      "module",
      `"${name}" is not a suite module of this deployment (modules: ${modules.join(", ")})`,
    );
  }
  return entry.proxy;
}

export function modulesCommand(program: Command, globals: () => GlobalOptions): void {
  const modules = program.command("module").description("emergency stop: close or reopen a suite contract (operator)");
  for (const [action, closed] of [
    ["close", true],
    ["reopen", false],
  ] as const) {
    modules
      .command(`${action} <contract>`)
      .description(`${action} a suite contract by name, e.g. CertificateRegistry`)
      .action(async (name: string) => {
        const { gov } = await govchain(globals(), true);
        const target = moduleAddress(gov.manifest, name);
        // After the handover: an emergency proposal to close (a small quorum, at once), a sensitive one to reopen.
        const call = encodeCall(gov.access.contract, "setModuleClosed", [target, closed]);
        await operatorAction(gov, globals(), `${action} ${name}`, [call], () =>
          closed ? gov.access.closeModule(target) : gov.access.reopenModule(target),
        );
      });
  }
  modules
    .command("status")
    .description("which suite contracts are closed")
    .action(async () => {
      const { gov } = await govchain(globals(), false);
      const names = Object.entries(gov.manifest.contracts)
        .filter(([, e]) => typeof e !== "string")
        .map(([n]) => n);
      const status = await Promise.all(
        names.map(async (name) => ({
          module: name,
          closed: await gov.access.isModuleClosed(moduleAddress(gov.manifest, name)),
        })),
      );
      print(globals(), status, () =>
        status.forEach((s) => console.log(`${s.module.padEnd(24)} ${s.closed ? "CLOSED" : "open"}`)),
      );
    });
}
