/**
 * Where manifests (and the default salt files) live: `deployments/`, or GOVCHAIN_DEPLOYMENTS_DIR. Kept in
 * the CLI (not scripts/lib) so the packaged CLI, which ships without the deploy scripts, can use it too.
 */
export function deploymentsDir(): string {
  return process.env.GOVCHAIN_DEPLOYMENTS_DIR ?? "deployments";
}
