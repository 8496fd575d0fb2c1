import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { JsonRpcProvider, type Log } from "ethers";

import { openIndexDatabase, type IndexDatabase } from "../../indexer/database.js";
import { IndexedProvider } from "../../indexer/provider.js";
import { suiteAddresses } from "../../indexer/sync.js";
import { GovChain, type DeploymentManifest } from "../../sdk/index.js";
import { cliRunner, ok } from "../helpers/cli.js";
import { useSharedChain } from "../helpers/shared-node.js";

const execute = promisify(execFile);
const plainLog = (log: Log) => log.toJSON() as unknown;

/**
 * The index answers exactly what an event scan of the node answers, over the demo's whole history: raw logs of
 * every suite contract and the SDK's histories, audits, timelines and pending work.
 */
describe("indexer: the index and an event scan agree on the demo's history (hardhat node over HTTP)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): the demo resumes the deployment (it deploys
  // nothing: the journal is complete) and runs its story; the file's snapshot is reverted at the end.
  const node = useSharedChain("index-test");
  let dir: string;
  let manifest: DeploymentManifest;
  let database: IndexDatabase;
  const env = () => node.env();
  const govchain = cliRunner(env);
  const indexDir = () => path.join(dir, "index");

  before(async function () {
    dir = node.dir;
    await execute(process.execPath, ["node_modules/.bin/hardhat", "run", "scripts/demo.ts", "--network", "localhost"], {
      env: { ...process.env, ...env() },
      maxBuffer: 64 * 1024 * 1024,
    });
    manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8")) as DeploymentManifest;
  });

  it("`govchain index` builds the index, and a second run adds nothing", async function () {
    const first = ok(await govchain("--json", "index", "--dir", indexDir()), "index");
    expect(first.logs).to.be.greaterThan(100);
    expect(first.database).to.equal("pglite");
    const second = ok(await govchain("--json", "index", "--dir", indexDir()), "index again");
    expect(second.logs).to.equal(0);
    expect(second.syncedBlock).to.be.at.least(first.syncedBlock);
  });

  it("answers eth_getLogs exactly as the node does, for the whole history and per event", async function () {
    database = await openIndexDatabase({ dataDir: indexDir() });
    const plain = new JsonRpcProvider(node.url);
    const indexed = new IndexedProvider(node.url, database.db);
    const filter = { address: suiteAddresses(manifest), fromBlock: manifest.deploymentBlock, toBlock: "latest" };
    const fromNode = (await plain.getLogs(filter)).map(plainLog);
    expect(fromNode.length).to.be.greaterThan(100);
    expect((await indexed.getLogs(filter)).map(plainLog)).to.deep.equal(fromNode);
    // Per contract and event signature, as the SDK's reads ask.
    const pairs = new Set((await plain.getLogs(filter)).map((l) => `${l.address}|${l.topics[0]}`));
    for (const pair of pairs) {
      const [address, topic0] = pair.split("|");
      const one = { address, topics: [topic0], fromBlock: manifest.deploymentBlock };
      expect((await indexed.getLogs(one)).map(plainLog), pair).to.deep.equal((await plain.getLogs(one)).map(plainLog));
    }
  });

  it("the SDK's histories, audits, timelines and pending work are the same through the index", async function () {
    const plain = await GovChain.connect(new JsonRpcProvider(node.url), manifest);
    const indexed = await GovChain.connect(new IndexedProvider(node.url, database.db), manifest);
    const departments = (await plain.access.departments()).map((d) => d.code);
    for (const code of departments) {
      expect(await indexed.access.history({ code, fromBlock: manifest.deploymentBlock }), code).to.deep.equal(
        await plain.access.history({ code, fromBlock: manifest.deploymentBlock }),
      );
      expect(await indexed.workflow.pendingWork(code), code).to.deep.equal(await plain.workflow.pendingWork(code));
      expect(await indexed.exchange.auditTrail({ department: code }), code).to.deep.equal(
        await plain.exchange.auditTrail({ department: code }),
      );
    }
    const cases = Number(await plain.workflow.contract.caseCount());
    expect(cases).to.be.greaterThan(0);
    for (let id = 1n; id <= BigInt(cases); id++) {
      expect(await indexed.workflow.timeline(id), `case ${id}`).to.deep.equal(await plain.workflow.timeline(id));
    }
  });

  it("really reads the index: a row missing from it is missing from the answer ", async function () {
    const indexed = new IndexedProvider(node.url, database.db);
    const filter = { address: suiteAddresses(manifest), fromBlock: manifest.deploymentBlock, toBlock: "latest" };
    const before = await indexed.getLogs(filter);
    const victim = before[0];
    await database.db
      .deleteFrom("logs")
      .where("block_number", "=", victim.blockNumber)
      .where("log_index", "=", victim.index)
      .execute();
    // A new provider: ethers caches an identical request's answer for a moment.
    const after = await new IndexedProvider(node.url, database.db).getLogs(filter);
    expect(after.length).to.equal(before.length - 1);
    // The next sync does not bring it back (rows below the cursor are never re-read): --reset rebuilds. The
    // embedded database takes one process at a time: close it before the CLI opens it.
    await database.close();
    const rebuilt = ok(await govchain("--json", "index", "--dir", indexDir(), "--reset"), "index --reset");
    expect(rebuilt.logs).to.equal(before.length);
  });
});
