import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { DeploymentManifest } from "../sdk/core/manifest.js";

/**
 * Where manifests (and the default salt files) live: `deployments/`, or GOVCHAIN_DEPLOYMENTS_DIR. Kept in
 * the CLI (not scripts/lib) so the packaged CLI, which ships without the deploy scripts, can use it too.
 */
export function deploymentsDir(): string {
  return process.env.GOVCHAIN_DEPLOYMENTS_DIR ?? "deployments";
}

/**
 * Writes a manifest in one write (`<deployments>/<network>.json` unless `file` names another, e.g. the
 * one `--manifest` read), only once the deployment or upgrade is complete. Here for the same reason.
 */
export function writeManifest(
  manifest: DeploymentManifest,
  file = path.join(deploymentsDir(), `${manifest.network}.json`),
): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return file;
}
