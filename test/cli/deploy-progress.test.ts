import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { buildModule, ExecutionEventResultType } from "@nomicfoundation/ignition-core";
import { expect } from "chai";

import { deployProgress, type ProgressSink } from "../../scripts/lib/deploy-progress.js";
import { cliRunner } from "../helpers/cli.js";
import { HardhatNode } from "../helpers/node.js";

const module = buildModule("T", (m) => {
  const directory = m.contract("DepartmentDirectory", [], { id: "Directory" });
  const manager = m.contract("GovAccessManager", [], { id: "Manager" });
  m.call(directory, "registerDepartment", [], { id: "register_TAX" });
  m.call(directory, "registerDepartment", [], { id: "register_PSB" });
  m.call(manager, "grantRole", [], { id: "grant_ADMIN" });
  return { directory };
});

function sink(interactive = false): ProgressSink & { lines: string[] } {
  const lines: string[] = [];
  return { interactive, lines, line: (text) => void lines.push(text) };
}

const ok = { type: ExecutionEventResultType.SUCCESS };

describe("deploy progress (Ignition execution events)", function () {
  it("prints one line per stage when not on a terminal, when its last step lands", async function () {
    const out = sink();
    const listener = deployProgress(module, out);
    await listener.batchInitialize({
      type: "BATCH_INITIALIZE" as never,
      batches: [
        ["T#Directory", "T#Manager"],
        ["T#register_TAX", "T#register_PSB", "T#grant_ADMIN"],
      ],
    });
    expect(out.lines).to.deep.equal([
      "deploy: 5 steps to send: contracts deployed (2), departments registered (2), roles granted (1)",
    ]);
    await listener.deploymentExecutionStateComplete({ futureId: "T#Directory", result: ok } as never);
    await listener.deploymentExecutionStateComplete({ futureId: "T#Manager", result: ok } as never);
    await listener.callExecutionStateComplete({ futureId: "T#register_TAX", result: ok } as never);
    expect(out.lines).to.have.length(2);
    await listener.callExecutionStateComplete({ futureId: "T#register_PSB", result: ok } as never);
    await listener.callExecutionStateComplete({ futureId: "T#grant_ADMIN", result: ok } as never);
    await listener.deploymentComplete({} as never);
    expect(out.lines.slice(1).map((l) => l.replace(/ after .*/, ""))).to.deep.equal([
      "deploy: contracts deployed: 2/2",
      "deploy: departments registered: 2/2",
      "deploy: roles granted: 1/1",
    ]);
  });

  it("says a resumed deploy has nothing left, and names a failed step", async function () {
    const resumed = sink();
    await deployProgress(module, resumed).batchInitialize({ type: "BATCH_INITIALIZE" as never, batches: [] });
    expect(resumed.lines).to.deep.equal(["deploy: nothing to send, every stage is already on chain (resumed)"]);
    const failing = sink();
    const listener = deployProgress(module, failing);
    await listener.batchInitialize({ type: "BATCH_INITIALIZE" as never, batches: [["T#Directory"]] });
    await listener.deploymentExecutionStateComplete({
      futureId: "T#Directory",
      result: { type: ExecutionEventResultType.ERROR, error: "reverted" },
    } as never);
    expect(failing.lines[1]).to.equal("deploy: T#Directory failed (contracts deployed); a re-run resumes from here");
  });
});

describe("govchain deploy output in logs (real node, not a terminal)", function () {
  this.timeout(300_000);
  let node: HardhatNode;
  let dir: string;
  const deploymentId = `deploy-progress-test-${process.pid}`;
  const govchain = cliRunner(() => ({
    LOCALHOST_RPC_URL: node.url,
    GOVCHAIN_DEPLOYMENTS_DIR: dir,
    GOVCHAIN_DEPLOYMENT_ID: deploymentId,
  }));

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "govchain-deploy-progress-"));
    node = await HardhatNode.start();
  });

  after(async function () {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("prints one line per stage (contracts, departments, roles, …), each once, then the manifest", async function () {
    const deployed = await govchain("deploy");
    expect(deployed.code, deployed.stderr).to.equal(0);
    const stages = deployed.stdout.split("\n").filter((line) => /^deploy: [a-z ]+: \d+\/\d+ after/.test(line));
    const names = stages.map((line) => line.split(":")[1].trim());
    expect(names).to.include.members([
      "contracts deployed",
      "departments registered",
      "roles granted",
      "permissions set",
    ]);
    expect(new Set(names).size, deployed.stdout).to.equal(names.length);
    for (const line of stages) {
      const [done, total] = line.match(/(\d+)\/(\d+)/)!.slice(1);
      expect(done, line).to.equal(total);
    }
    expect(deployed.stdout).to.match(/^manifest: /m);
    const again = await govchain("deploy");
    expect(again.stdout).to.contain("deploy: nothing to send, every stage is already on chain (resumed)");
    const json = await govchain("--json", "deploy");
    expect(() => JSON.parse(json.stdout), json.stdout).not.to.throw();
  });
});
