/**
 * One `hardhat node` (and one `govchain deploy` on it) per mocha run, shared by the test files that need a
 * real node: starting a node and deploying the ~31-department suite through the CLI costs 40+ s, which every
 * such file used to pay. The node starts when the first file asks for it and stops when mocha ends.
 *
 * Files stay independent through the node's snapshots: each file takes an `evm_snapshot` in its first `before`
 * and `evm_revert`s to it in its last `after`, so the next file finds the chain exactly as deployed (nonces,
 * balances, time and blocks included), whichever files ran before it, and a file run alone sees the same chain.
 *
 * The pattern for a new test file against a real node (the CLI as a user runs it, an SDK over HTTP):
 *
 *   describe("govchain CLI: logistics (against a real hardhat node)", function () {
 *     this.timeout(600_000);
 *     // First, before the file's own hooks: they run in the order they are declared.
 *     const node = useSharedChain("cli-logistics");                  // the suite deployed; or { deployed: false }
 *     const govchain = cliRunner(() => node.env());                   // LOCALHOST_RPC_URL, the file's manifest folder
 *     before(async function () {
 *       const manifest = loadManifest(path.join(node.dir, "localhost.json"));   // this file's copy
 *       // staff departments through the SDK (a spawn costs seconds), over `new JsonRpcProvider(node.url)`
 *     });
 *     after(() => provider?.destroy());                               // no node.stop(): the helper reverts
 *     it("...", async function () { ok(await govchain("--json", "logistics", ...), "..."); });
 *   });
 *
 * Each file gets its own manifest folder (`node.dir`, a temporary folder it may write into) and its own copy of the
 * Ignition journal (`node.deploymentId`): an upgrade or a re-run of `deploy` in one file records into its copies only.
 * A file that needs a chain of its own (a deploy interrupted on purpose, another governance profile whose
 * addresses others must not see, a node it stops) starts its own `HardhatNode` (test/helpers/node.ts) instead;
 * a deploy of another profile on the shared node after the snapshot is fine too ({ deployed: false }).
 * Never stop the shared node. Mocha runs hooks in the order they are declared: the revert (this helper's `after`)
 * comes before the file's own `after` hooks, which may close providers and proxies but must not read the chain.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { cliRunner } from "./cli.js";
import { HardhatNode } from "./node.js";

const journal = (deploymentId: string) => path.join("ignition", "deployments", deploymentId);

let node: Promise<HardhatNode> | undefined;
let deployment: Promise<{ dir: string; deploymentId: string }> | undefined;
let started: HardhatNode | undefined;

function sharedNode(): Promise<HardhatNode> {
  node ??= HardhatNode.start().then((n) => (started = n));
  return node;
}

/** The suite deployed once, by `govchain deploy` as a user runs it (its table output; --json is a file's re-run). */
function sharedDeployment(): Promise<{ dir: string; deploymentId: string }> {
  deployment ??= (async () => {
    const { url } = await sharedNode();
    const dir = mkdtempSync(path.join(tmpdir(), "govchain-shared-"));
    const deploymentId = `shared-${process.pid}`;
    const deployed = await cliRunner(() => ({
      LOCALHOST_RPC_URL: url,
      GOVCHAIN_DEPLOYMENTS_DIR: dir,
      GOVCHAIN_DEPLOYMENT_ID: deploymentId,
    }))("deploy");
    if (deployed.code !== 0 || !existsSync(path.join(dir, "localhost.json"))) {
      throw new Error(`the shared deployment failed (exit ${deployed.code}): ${deployed.stderr}`);
    }
    return { dir, deploymentId };
  })();
  return deployment;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** What a file sees of the shared node; read inside hooks and tests (set by the `before` it registers). */
export interface SharedChain {
  /** The node's JSON-RPC URL. */
  readonly url: string;
  /** This file's deployments folder: `localhost.json` (a copy of the shared manifest) unless { deployed: false }. */
  readonly dir: string;
  /** This file's Ignition deployment id (a copy of the shared journal unless { deployed: false }). */
  readonly deploymentId: string;
  /** The environment the CLI needs: LOCALHOST_RPC_URL, GOVCHAIN_DEPLOYMENTS_DIR, GOVCHAIN_DEPLOYMENT_ID. */
  env(): Record<string, string>;
}

/**
 * Registers, in the calling `describe`, a `before` that joins the shared node (deploying the suite once per run
 * unless `deployed: false`) and takes a snapshot, and an `after` that reverts to it and removes the file's copies.
 */
export function useSharedChain(name: string, options: { deployed?: boolean } = {}): SharedChain {
  const deployed = options.deployed ?? true;
  const deploymentId = `${name}-${process.pid}`;
  let url: string | undefined;
  let dir: string | undefined;
  let snapshot: string | undefined;
  const chain: SharedChain = {
    get url() {
      if (url === undefined) throw new Error(`${name}: the shared node is read before its before() hook ran`);
      return url;
    },
    get dir() {
      if (dir === undefined) throw new Error(`${name}: the shared node is read before its before() hook ran`);
      return dir;
    },
    deploymentId,
    env: () => ({
      LOCALHOST_RPC_URL: chain.url,
      GOVCHAIN_DEPLOYMENTS_DIR: chain.dir,
      GOVCHAIN_DEPLOYMENT_ID: deploymentId,
    }),
  };

  before(async function () {
    this.timeout(600_000);
    url = (await sharedNode()).url;
    dir = mkdtempSync(path.join(tmpdir(), `govchain-${name}-`));
    if (deployed) {
      const shared = await sharedDeployment();
      cpSync(path.join(shared.dir, "localhost.json"), path.join(dir, "localhost.json"));
      cpSync(journal(shared.deploymentId), journal(deploymentId), { recursive: true });
    }
    snapshot = (await rpc(url, "evm_snapshot")) as string;
  });

  after(async function () {
    try {
      if (url !== undefined && snapshot !== undefined && (await rpc(url, "evm_revert", [snapshot])) !== true) {
        throw new Error(`${name}: evm_revert to ${snapshot} failed: the next files would see this file's chain`);
      }
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      rmSync(journal(deploymentId), { recursive: true, force: true });
      url = dir = snapshot = undefined;
    }
  });
  return chain;
}

// Mocha's root suite: the node stops when the run ends (this module is evaluated once, while files load).
// The exit handler covers a run that ends without root hooks (an interrupted run): no node is left behind.
if (typeof after === "function") {
  after(async function () {
    const shared = deployment === undefined ? undefined : await deployment.catch(() => undefined);
    if (shared !== undefined) {
      rmSync(shared.dir, { recursive: true, force: true });
      rmSync(journal(shared.deploymentId), { recursive: true, force: true });
    }
    await started?.stop();
    node = deployment = started = undefined;
  });
}
process.once("exit", () => started?.kill());
