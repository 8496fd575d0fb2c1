import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { JsonRpcProvider, type Log } from "ethers";

import { sql } from "kysely";

import type { IndexDatabase } from "../../indexer/database.js";
import { IndexedProvider } from "../../indexer/provider.js";
import { suiteAddresses, syncIndex } from "../../indexer/sync.js";
import { encodeCertificateType, GovChain, type DeploymentManifest } from "../../sdk/index.js";
import { CertificateRegistry__factory } from "../../typechain-types/index.js";
import { cliRunner, ok } from "../helpers/cli.js";
import { checkProjections } from "./projection-checks.js";
import { emptyTestIndex, expectedKind, openTestIndex, testDatabaseUrl } from "../helpers/index-db.js";
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
    await emptyTestIndex(indexDir());
  });

  it("`govchain index` builds the index, and a second run adds nothing", async function () {
    const first = ok(await govchain("--json", "index", "--dir", indexDir()), "index");
    expect(first.logs).to.be.greaterThan(100);
    expect(first.database).to.equal(expectedKind());
    const second = ok(await govchain("--json", "index", "--dir", indexDir()), "index again");
    expect(second.logs).to.equal(0);
    expect(second.syncedBlock).to.be.at.least(first.syncedBlock);
  });

  it("writes to DATABASE_URL's PostgreSQL server when it is set, else to the embedded database", async function () {
    database = await openTestIndex(indexDir());
    expect(database.kind).to.equal(expectedKind());
    // A server over TCP reports the address and port it serves on; the embedded database has no connection.
    const { rows } = await sql<{ port: number | null }>`select inet_server_port() as port`.execute(database.db);
    const port = testDatabaseUrl === undefined ? null : Number(new URL(testDatabaseUrl).port || 5432);
    expect(rows[0].port === null ? null : Number(rows[0].port)).to.equal(port);
    const logs = await database.db
      .selectFrom("logs")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirst();
    expect(Number(logs!.n)).to.be.greaterThan(100);
  });

  it("answers eth_getLogs exactly as the node does, for the whole history and per event", async function () {
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
    // The next sync does not bring it back (rows below the cursor are never re-read): --reset rebuilds (a server's
    // tables are dropped by hand). The embedded database takes one process at a time: close it before the CLI opens it.
    await database.close();
    await emptyTestIndex(indexDir());
    const reset = testDatabaseUrl === undefined ? ["--reset"] : [];
    const rebuilt = ok(await govchain("--json", "index", "--dir", indexDir(), ...reset), "index --reset");
    expect(rebuilt.logs).to.equal(before.length);
  });

  it("the projection tables (certificates, cases, units, grants, receipts, members) agree with the SDK's reads", async function () {
    database = await openTestIndex(indexDir());
    const gov = await GovChain.connect(new JsonRpcProvider(node.url), manifest);
    const compared = await checkProjections(database.db, gov, manifest.deploymentBlock);
    for (const kind of ["certificates", "cases", "units", "grants", "receipts", "departments"]) {
      expect(compared[kind], kind).to.be.greaterThan(0);
    }
  });

  it("a reorganisation removes the projected rows with the raw ones, and state rows return to the fork's", async function () {
    const db = database.db;
    // A live (active or suspended) certificate and an officer of its department: the revocation the fork undoes.
    const target = await db
      .selectFrom("certificates as c")
      .innerJoin("department_members as m", "m.department", "c.department")
      .innerJoin("certificate_types as t", "t.cert_type", "c.cert_type")
      .select(["c.cert_type", "c.cert_hash", "m.account"])
      .where("c.status", "in", ["active", "suspended"])
      .where("t.managed", "=", false) // a managed type's certificates change only through their module
      .where("m.role", "=", "officer")
      .where("m.active", "=", true)
      .orderBy("c.block_number")
      .executeTakeFirstOrThrow();
    const count = async () => ({
      logs: Number(
        (
          await db
            .selectFrom("logs")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      history: Number(
        (
          await db
            .selectFrom("certificate_status_history")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("cert_hash", "=", target.cert_hash)
            .executeTakeFirstOrThrow()
        ).n,
      ),
      status: (
        await db
          .selectFrom("certificates")
          .select("status")
          .where("cert_type", "=", target.cert_type)
          .where("cert_hash", "=", target.cert_hash)
          .executeTakeFirstOrThrow()
      ).status,
    });
    const rpc = new JsonRpcProvider(node.url);
    await syncIndex(db, rpc, manifest);
    const before = await count();
    const snapshot = (await rpc.send("evm_snapshot", [])) as string;
    await rpc.send("hardhat_impersonateAccount", [target.account]);
    await rpc.send("hardhat_setBalance", [target.account, "0x56bc75e2d63100000"]);
    const registry = CertificateRegistry__factory.connect(
      manifest.contracts.CertificateRegistry.proxy,
      await rpc.getSigner(target.account),
    );
    await (await registry.revoke(encodeCertificateType(target.cert_type), target.cert_hash, 3)).wait();
    await syncIndex(db, new JsonRpcProvider(node.url), manifest);
    expect(await count()).to.deep.equal({ logs: before.logs + 1, history: before.history + 1, status: "revoked" });

    // The fork: back to the snapshot, and other blocks at the same heights.
    await rpc.send("evm_revert", [snapshot]);
    await rpc.send("hardhat_mine", ["0x3"]);
    await syncIndex(db, new JsonRpcProvider(node.url), manifest);
    expect(await count()).to.deep.equal(before);
    const gov = await GovChain.connect(new JsonRpcProvider(node.url), manifest);
    await checkProjections(db, gov, manifest.deploymentBlock);
    await database.close();
  });
});
