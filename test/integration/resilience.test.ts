import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { HDNodeWallet, JsonRpcProvider, Mnemonic } from "ethers";

import { loadCityConfig } from "../../config/city.js";
import { commitSubject, createDocument, GovChain, type DeploymentManifest } from "../../sdk/index.js";
import { HardhatNode } from "../helpers/node.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { RpcProxy } from "../helpers/rpc-proxy.js";

/** The accounts `hardhat node` funds, from its well-known development mnemonic. */
const account = (index: number) =>
  HDNodeWallet.fromMnemonic(
    Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
    `m/44'/60'/0'/0/${index}`,
  );

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await response.json()) as { result: unknown }).result;
}

/**
 * What happens when things stop half-way, against a real `hardhat node` in another process:
 * a deployment killed part-way resumes without duplicating anything, and a batch submitted
 * while the node's endpoint goes away and comes back lands exactly once.
 */
describe("Resilience against a real node (interrupted deploy, endpoint lost mid-batch)", function () {
  this.timeout(600_000);
  let node: HardhatNode;
  let dir: string;
  let manifest: DeploymentManifest;
  const deploymentId = `resilience-${process.pid}`;
  const env = () => ({
    ...process.env,
    LOCALHOST_RPC_URL: node.url,
    GOVCHAIN_DEPLOYMENTS_DIR: dir,
    GOVCHAIN_DEPLOYMENT_ID: deploymentId,
  });

  /** Runs a command to completion with this test's environment; never throws. */
  function run(command: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(command, args, { env: env(), stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.once("exit", (code) => resolve({ code, stderr }));
    });
  }

  before(async function () {
    dir = mkdtempSync(path.join(tmpdir(), "govchain-resilience-"));
    node = await HardhatNode.start();
  });

  after(async function () {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join("ignition", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("resumes a deployment stopped part-way, deploying nothing twice and writing no manifest until done", async function () {
    const manifestFile = path.join(dir, "localhost.json");
    // A deployment stopped after its first module: the access layer alone, in the same Ignition journal.
    const partial = await run(process.execPath, [
      "node_modules/.bin/hardhat",
      "ignition",
      "deploy",
      "ignition/modules/AccessLayer.ts",
      "--network",
      "localhost",
      "--deployment-id",
      deploymentId,
    ]);
    expect(partial.code, partial.stderr).to.equal(0);
    const journal = JSON.parse(
      readFileSync(path.join("ignition", "deployments", deploymentId, "deployed_addresses.json"), "utf8"),
    ) as Record<string, string>;
    expect(existsSync(manifestFile), "no manifest for a half-finished deployment").to.equal(false);
    const blocksAtStop = Number(await rpc(node.url, "eth_blockNumber"));

    const resumed = await run(process.execPath, ["bin/govchain.js", "deploy"]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    expect(Number(await rpc(node.url, "eth_blockNumber"))).to.be.greaterThan(blocksAtStop);
    // The access layer deployed before the stop is the one the finished suite uses.
    expect(manifest.contracts.GovAccessManager).to.equal(journal["AccessLayer#GovAccessManager"]);
    expect(manifest.contracts.DepartmentDirectory.proxy).to.equal(journal["AccessLayer#DepartmentDirectory"]);

    // Every department exactly once; nothing sent before the stop was sent again.
    const gov = await GovChain.connect(new JsonRpcProvider(node.url), manifest);
    const codes = (await gov.access.departments()).map((d) => d.code);
    expect(codes).to.deep.equal(loadCityConfig().departments.map((d) => d.code));
    const registered = await gov.access.history({ fromBlock: 0 });
    expect(registered.filter((e) => e.event === "DepartmentRegistered")).to.have.length(codes.length);
    expect(await gov.certificates.certificateType("PROPERTY_TITLE")).to.include({ department: "REGISTRY" });
  });

  it("lands every issuance of a batch exactly once although the node's endpoint went away mid-batch", async function () {
    const operator = account(0).connect(new JsonRpcProvider(node.url));
    const [admin, officer] = [account(1), account(2)];
    // Account 1 administers SERVICE, the development council's member: the council appoints MARKET's admin.
    const setup = await GovChain.connect(admin.connect(operator.provider), manifest);
    await appointAdminsThroughCouncil(setup, [["MARKET", admin.address]]);
    await (await setup.access.grantOfficer("MARKET", officer.address)).wait();

    const proxy = await RpcProxy.start(node.url);
    const provider = new JsonRpcProvider(proxy.url, undefined, { staticNetwork: true, batchMaxCount: 1 });
    const gov = await GovChain.connect(officer.connect(provider), manifest, {
      agencySigner: { backoffMs: 150, attempts: 6 },
    });
    const nonceBefore = await operator.provider!.getTransactionCount(officer.address);
    const now = Number(await rpc(node.url, "eth_blockNumber")) > 0 ? Math.floor(Date.now() / 1000) : 0;
    const documents = Array.from({ length: 24 }, (_, i) =>
      createDocument({
        certType: "BUSINESS_LICENCE",
        issuer: "MARKET",
        subject: commitSubject(`9111010800000000${String(i).padStart(2, "0")}`).commitment,
        validFrom: now - 60,
        validUntil: now + 365 * 24 * 3600,
        fields: { companyName: `Company ${i}` },
      }),
    );

    // The endpoint goes away after some of the batch's requests went through, then comes back.
    proxy.goDownAfter(20);
    const submissions = documents.map((document) => gov.certificates.issue(document));
    while (!proxy.isDown) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.up();
    const issued = await Promise.all((await Promise.all(submissions)).map((tx) => tx.wait()));
    await proxy.close();
    expect(proxy.cut, "requests refused while the endpoint was down").to.be.greaterThan(0);

    const statuses = await setup.certificates.statuses(
      "BUSINESS_LICENCE",
      issued.map((c) => c.proof.certHash),
    );
    expect(statuses).to.deep.equal(issued.map(() => "active"));
    expect(await operator.provider!.getTransactionCount(officer.address)).to.equal(nonceBefore + documents.length);
  });
});
