import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { cliRunner } from "../helpers/cli.js";
import { HardhatNode } from "../helpers/node.js";

/**
 * The `govchain` CLI as a user runs it: a real `hardhat node` in another process, the CLI
 * spawned per command, manifests in a temporary folder (the user's deployments/ is untouched).
 */
describe("govchain CLI (against a real hardhat node)", function () {
  this.timeout(300_000);
  let node: HardhatNode;
  let dir: string;
  const deploymentId = `cli-test-${process.pid}`;

  const govchain = cliRunner(() => ({
    LOCALHOST_RPC_URL: node.url,
    GOVCHAIN_DEPLOYMENTS_DIR: dir,
    GOVCHAIN_DEPLOYMENT_ID: deploymentId,
  }));

  async function rpc(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await response.json()) as { result: unknown }).result;
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "govchain-cli-"));
    node = await HardhatNode.start();
    const deployed = await govchain("deploy");
    expect(deployed.code, deployed.stderr).to.equal(0);
  });

  after(async function () {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("--help works at every level", async function () {
    for (const args of [
      ["--help"],
      ["departments", "--help"],
      ["members", "grant-officer", "--help"],
      ["module", "--help"],
    ]) {
      const { stdout, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(0);
      expect(stdout).to.match(/Usage: govchain/);
    }
  });

  it("deploy wrote the manifest, and a re-run resumes instead of deploying again", async function () {
    const manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8"));
    expect(manifest.chainId).to.equal("31337");
    const again = await govchain("--json", "deploy");
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout).contracts).to.deep.equal(manifest.contracts);
  });

  it("departments list / show / history print tables or --json", async function () {
    const list = await govchain("--json", "departments", "list");
    expect(JSON.parse(list.stdout).map((d: { code: string }) => d.code)).to.include.members(["TAX", "PSB", "COURT"]);
    const show = await govchain("departments", "show", "TAX");
    expect(show.stdout).to.contain("Beijing Municipal Tax Service");
    const history = await govchain("--json", "departments", "history", "TAX");
    expect(JSON.parse(history.stdout)[0].event).to.equal("DepartmentRegistered");
  });

  it("register, deactivate, reactivate a department; grant and revoke admins and officers", async function () {
    expect(
      (await govchain("departments", "register", "WATER", "--name", "Water Authority", "--kind", "other")).code,
    ).to.equal(0);
    const admin = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // account 1 of the node
    const officer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    expect((await govchain("members", "grant-admin", "WATER", admin)).code).to.equal(0);
    expect((await govchain("-a", "1", "members", "grant-officer", "WATER", officer)).code).to.equal(0);
    let shown = JSON.parse((await govchain("--json", "departments", "show", "WATER")).stdout);
    expect(shown.officers).to.deep.equal([officer]);
    expect((await govchain("-a", admin, "members", "revoke-officer", "WATER", officer)).code).to.equal(0);
    expect((await govchain("members", "revoke-admin", "WATER", admin)).code).to.equal(0);
    expect((await govchain("departments", "deactivate", "WATER")).code).to.equal(0);
    shown = JSON.parse((await govchain("--json", "departments", "show", "WATER")).stdout);
    expect(shown).to.include({ active: false });
    expect(shown.admins).to.deep.equal([]);
    expect((await govchain("departments", "reactivate", "WATER")).code).to.equal(0);
  });

  it("module close / status / reopen", async function () {
    expect((await govchain("module", "close", "DepartmentDirectory")).code).to.equal(1); // the directory cannot be closed
    const status = JSON.parse((await govchain("--json", "module", "status")).stdout);
    expect(status).to.deep.include({ module: "DepartmentDirectory", closed: false });
  });

  it("upgrade: refuses an incompatible layout, schedules, refuses early execution, executes after the delay", async function () {
    const refused = await govchain("upgrade", "DepartmentDirectory", "--to", "DepartmentDirectoryBadLayoutMock");
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(
      /^govchain: refused: DepartmentDirectoryBadLayoutMock's storage layout is incompatible/,
    );

    const scheduled = await govchain("--json", "upgrade", "DepartmentDirectory", "--to", "DepartmentDirectoryV2Mock");
    expect(scheduled.code, scheduled.stderr).to.equal(0);
    const { implementation, executableAt } = JSON.parse(scheduled.stdout);
    const early = await govchain("upgrade", "DepartmentDirectory", "--execute", implementation);
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(/scheduled but its delay has not passed yet/);

    await rpc("evm_setNextBlockTimestamp", [Number(executableAt)]);
    await rpc("evm_mine", []);
    const executed = await govchain("upgrade", "DepartmentDirectory", "--execute", implementation);
    expect(executed.code, executed.stderr).to.equal(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8"));
    expect(manifest.contracts.DepartmentDirectory.implementation).to.equal(implementation);
    expect(JSON.parse((await govchain("--json", "departments", "show", "TAX")).stdout).code).to.equal("TAX");
  });

  it("fails with one clear line and a non-zero exit", async function () {
    const cases: [string[], RegExp][] = [
      [["departments", "register", "TAX", "--name", "x"], /^govchain: department TAX is already registered$/],
      [["-a", "7", "departments", "register", "NEW", "--name", "x"], /^govchain: 0x.* may not call this function/],
      [["departments", "show", "tax office"], /^govchain: invalid department code/],
      [["--network", "nope", "departments", "list"], /^govchain: invalid --network: "nope" is not configured/],
      [["-a", "99", "departments", "deactivate", "TAX"], /^govchain: invalid --account: 99 is not one of/],
      [
        ["-m", "/nonexistent.json", "departments", "list"],
        /^govchain: invalid manifest: \/nonexistent.json does not exist/,
      ],
      [["module", "close", "Nope"], /^govchain: invalid module: "Nope" is not a suite module/],
      [["deploy", "--city", "/nonexistent.json"], /^govchain: cannot read city config/],
    ];
    for (const [args, message] of cases) {
      const { stderr, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(1);
      expect(stderr.trim().split("\n"), args.join(" ")).to.have.length(1);
      expect(stderr.trim(), args.join(" ")).to.match(message);
    }
  });

  it("names an unreachable node's URL and the settings that choose it, in one line", async function () {
    const unreachable = cliRunner(() => ({ LOCALHOST_RPC_URL: "http://127.0.0.1:1", GOVCHAIN_DEPLOYMENTS_DIR: dir }));
    const { stderr, code } = await unreachable("departments", "list");
    expect(code).to.equal(1);
    expect(stderr.trim().split("\n")).to.have.length(1);
    expect(stderr.trim()).to.match(
      /^govchain: cannot reach http:\/\/127\.0\.0\.1:1 \(network localhost; set with --network or GOVCHAIN_NETWORK \/ LOCALHOST_RPC_URL\): /,
    );
  });
});
