import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";

import { createGateway, type Gateway, type GatewayOptions } from "../../gateway/app.js";
import { openIndexDatabase, type IndexDatabase, type IndexTables } from "../../indexer/database.js";
import { syncIndex } from "../../indexer/sync.js";
import { certificateStatusHistory } from "../../sdk/certificates/status-history.js";
import { auditToCsv, auditToJson } from "../../sdk/exchange/audit.js";
import { GovChain, type CertificateDocument } from "../../sdk/index.js";
import { freePort } from "../helpers/node.js";
import { gatewayFixture, nodeProvider, type GatewayFixture } from "./fixture.js";

const plain = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v))) as unknown;

interface Answer {
  status: number;
  type: string;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** The read gateway over HTTP, against a real `hardhat node` over HTTP, with the index in an embedded database. */
describe("gateway: the read API answers what the SDK answers, and fails safe (hardhat node over HTTP)", function () {
  this.timeout(600_000);
  let fx: GatewayFixture;
  let database: IndexDatabase;
  let gateway: Gateway;
  let url: string;
  let sdk: GovChain;
  const extra: Gateway[] = [];
  const providers: { destroy(): void }[] = [];
  const provider = () => {
    const p = nodeProvider(fx.node.url, fx.manifest);
    providers.push(p);
    return p;
  };

  async function start(options: Partial<GatewayOptions> = {}): Promise<{ gateway: Gateway; url: string }> {
    const g = await createGateway({ rpcUrl: fx.node.url, manifest: fx.manifest, database, ...options });
    const address = await g.app.listen({ port: 0, host: "127.0.0.1" });
    return { gateway: g, url: address };
  }

  async function call(
    base: string,
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, type: response.headers.get("content-type") ?? "", text, json } as Answer;
  }
  const get = (route: string, headers?: Record<string, string>) => call(url, "GET", route, undefined, headers);
  const post = (route: string, body: unknown) => call(url, "POST", route, body);
  const expectProblem = (answer: Answer, status: number, detail?: RegExp) => {
    expect(answer.status, answer.text).to.equal(status);
    expect(answer.type).to.match(/^application\/problem\+json/);
    expect(answer.json).to.include({ status });
    expect(answer.json.type).to.be.a("string");
    expect(answer.json.title).to.be.a("string");
    expect(answer.json.detail).to.be.a("string");
    if (detail !== undefined) expect(answer.json.detail).to.match(detail);
  };

  before(async function () {
    fx = await gatewayFixture();
    database = await openIndexDatabase({ dataDir: path.join(fx.dir, "index") });
    const synced = await syncIndex(database.db, provider(), fx.manifest);
    expect(synced.logs).to.be.greaterThan(10);
    ({ gateway, url } = await start());
    // The SDK reading the node directly (event scans): what every answer must equal.
    sdk = await GovChain.connect(provider(), fx.manifest);
  });

  after(async function () {
    for (const g of [gateway, ...extra]) await g?.close();
    for (const p of providers) p.destroy();
    await database?.close();
    await fx?.cleanup();
  });

  describe("answers", function () {
    it("POST /verify: the SDK's checks for a valid document", async function () {
      const answer = await post("/verify", fx.docs.valid);
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.json.valid).to.equal(true);
      const expected = plain(await sdk.certificates.verify(fx.docs.valid)) as Record<string, unknown>;
      expect(answer.json).to.deep.equal({ ...expected, renewals: [] });
    });

    it("POST /verify: a tampered document is a 200 whose integrity check fails", async function () {
      const tampered = {
        ...fx.docs.valid,
        fields: { ...fx.docs.valid.fields, name: { ...fx.docs.valid.fields.name, value: "Other Ltd" } },
      };
      const answer = await post("/verify", tampered);
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.json.valid).to.equal(false);
      expect(answer.json.checks.integrity.ok).to.equal(false);
      expect(answer.json.checks.integrity.reason).to.match(/altered/);
      expect(answer.json).to.deep.include(plain(await sdk.certificates.verify(tampered)) as object);
    });

    it("POST /verify: a revoked document says revoked, with the reason; a suspended one suspended", async function () {
      const revoked = await post("/verify", fx.docs.revoked);
      expect(revoked.status).to.equal(200);
      expect(revoked.json.valid).to.equal(false);
      expect(revoked.json.record.status).to.equal("revoked");
      expect(revoked.json.checks.status).to.deep.equal({ ok: false, reason: "the certificate is revoked" });
      expect(revoked.json.statusChange).to.include({ change: "revoked", reason: "fraud" });
      const suspended = await post("/verify", fx.docs.suspended);
      expect(suspended.json.statusChange).to.include({ change: "suspended", reason: "investigation" });
    });

    it("POST /verify: a renewed document names its renewal chain", async function () {
      const answer = await post("/verify", fx.docs.renewedOld);
      expect(answer.json.record.status).to.equal("superseded");
      expect(answer.json.renewals.map((r: { certHash: string }) => r.certHash)).to.deep.equal([
        fx.docs.renewedNew.proof.certHash,
      ]);
      expect(answer.json.renewals[0].status).to.equal("active");
    });

    it("POST /verify/batch: the SDK's verifyMany, in input order", async function () {
      const documents: CertificateDocument[] = Object.values(fx.docs);
      const answer = await post("/verify/batch", { documents });
      expect(answer.status, answer.text).to.equal(200);
      expect(answer.json.results).to.deep.equal(plain(await sdk.certificates.verifyMany(documents)));
      expect(answer.json.results.map((r: { valid: boolean }) => r.valid)).to.deep.equal([
        true,
        false,
        false,
        false,
        true,
      ]);
    });

    it("GET certificate status now, at a block and at a date, with the status history", async function () {
      const { certHash } = fx.docs.revoked.proof;
      const id = { certType: "BUSINESS_LICENCE", certHash };
      const route = `/certificates/BUSINESS_LICENCE/${certHash}/status`;
      const now = await get(route);
      expect(now.status, now.text).to.equal(200);
      expect(now.json.status).to.equal("revoked");
      expect(now.json.record).to.deep.equal(plain(await sdk.certificates.record(id)));
      expect(now.json.history).to.deep.equal(
        plain(await certificateStatusHistory(sdk.certificates, id, fx.manifest.deploymentBlock)),
      );
      // The suspended one was active before its suspension: at a block, and at that block's time as a date.
      const suspended = { certType: "BUSINESS_LICENCE", certHash: fx.docs.suspended.proof.certHash };
      const suspendedRoute = `/certificates/BUSINESS_LICENCE/${suspended.certHash}/status`;
      expect((await get(suspendedRoute)).json.status).to.equal("suspended");
      const atBlock = await get(`${suspendedRoute}?at=${fx.beforeSuspension}`);
      const time = BigInt((await sdk.runner.provider!.getBlock(fx.beforeSuspension))!.timestamp);
      expect(atBlock.json.status).to.equal(await sdk.certificates.status(suspended, { at: time }));
      expect(atBlock.json.status).to.equal("active");
      expect(atBlock.json.at).to.deep.equal({ time: time.toString(), block: fx.beforeSuspension });
      const atDate = await get(`${suspendedRoute}?at=${new Date(Number(time) * 1000).toISOString()}`);
      expect(atDate.json.status).to.equal("active");
      expect(atDate.json.at).to.deep.equal({ time: time.toString() });
      const longAgo = await get(`${route}?at=2001-01-01T00:00:00Z`);
      expect(longAgo.json.status).to.equal("notIssued");
    });

    it("GET a unit's blockers and history", async function () {
      const blockers = await get(`/property/units/${fx.unitNumber}/blockers?case=${fx.saleCase}`);
      expect(blockers.status, blockers.text).to.equal(200);
      expect(blockers.json).to.deep.equal({
        unitNumber: fx.unitNumber,
        ...(plain(await sdk.property!.transferCheck(fx.unitNumber, fx.saleCase)) as object),
      });
      expect(blockers.json.blockers.map((b: { reason: string }) => b.reason)).to.deep.equal(["caseNotApproved"]);
      const history = await get(`/property/units/${fx.unitNumber}/history`);
      expect(history.json).to.deep.equal(plain(await sdk.property!.history(fx.unitNumber)));
      expect(history.json.transfersOpened).to.have.length(1);
    });

    it("GET a case's timeline and a department's pending work", async function () {
      const timeline = await get(`/cases/${fx.saleCase}/timeline`);
      expect(timeline.status, timeline.text).to.equal(200);
      expect(timeline.json.timeline).to.deep.equal(
        plain(await sdk.workflow.timeline(fx.saleCase, { withTimestamps: true })),
      );
      expect(timeline.json.timeline[0].event).to.equal("CaseOpened");
      const pending = await get("/departments/PSB/pending");
      expect(pending.json.pending).to.deep.equal(plain(await sdk.workflow.pendingWork("PSB")));
      expect(pending.json.pending.map((p: { caseId: string }) => p.caseId)).to.include(fx.saleCase.toString());
    });

    it("GET a dataset's audit trail as JSON, and as CSV by Accept header or ?format=csv", async function () {
      const trail = await sdk.exchange.auditTrail({ dataset: fx.dataset });
      expect(trail).to.have.length(1);
      const json = await get(`/datasets/${fx.dataset}/audit`);
      expect(json.status, json.text).to.equal(200);
      expect(json.json.entries).to.deep.equal(JSON.parse(auditToJson(trail)));
      const byLabel = await get(`/datasets/${encodeURIComponent(fx.datasetLabel)}/audit`);
      expect(byLabel.json.entries).to.deep.equal(json.json.entries);
      const csv = await get(`/datasets/${fx.dataset}/audit`, { accept: "text/csv" });
      expect(csv.type).to.match(/^text\/csv/);
      expect(csv.text).to.equal(auditToCsv(trail));
      expect((await get(`/datasets/${fx.dataset}/audit?format=csv`)).text).to.equal(auditToCsv(trail));
    });

    it("GET /health: node reachable, chain id, head, the index's synced block and lag", async function () {
      const answer = await get("/health");
      expect(answer.status, answer.text).to.equal(200);
      const head = await sdk.runner.provider!.getBlockNumber();
      expect(answer.json.node).to.deep.include({ reachable: true, chainId: fx.manifest.chainId, headBlock: head });
      expect(answer.json.index).to.deep.include({ enabled: true, database: "pglite", reachable: true });
      expect(answer.json.index.syncedBlock).to.equal(head);
      expect(answer.json.index.lagBlocks).to.equal(0);
    });

    it("reads histories from the index: a log deleted from it is missing from the gateway's answer", async function () {
      // The fixture's one access receipt: gone from the index, gone from the audit trail (the node still has it).
      const receiptLog = fx.manifest.contracts.ReceiptLog.toLowerCase();
      const rows = await database.db.selectFrom("logs").selectAll().where("address", "=", receiptLog).execute();
      expect(rows).to.have.length(1);
      await database.db.deleteFrom("logs").where("address", "=", receiptLog).execute();
      await new Promise((resolve) => setTimeout(resolve, 300)); // past ethers' 250 ms cache of identical requests
      expect((await get(`/datasets/${fx.dataset}/audit`)).json.entries).to.deep.equal([]);
      await database.db.insertInto("logs").values(rows).execute();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await get(`/datasets/${fx.dataset}/audit`)).json.entries).to.have.length(1);
    });
  });

  describe("the API's contract", function () {
    it("serves an OpenAPI 3 document listing every route with its parameters and responses", async function () {
      const answer = await get("/openapi.json");
      expect(answer.status).to.equal(200);
      const doc = answer.json;
      expect(doc.openapi).to.match(/^3\.\d+\.\d+$/);
      expect(doc.info).to.include.keys("title", "version");
      const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      );
      expect(routes).to.include.members([
        "POST /verify",
        "POST /verify/batch",
        "GET /certificates/{certType}/{certHash}/status",
        "GET /property/units/{unitNumber}/blockers",
        "GET /property/units/{unitNumber}/history",
        "GET /cases/{caseId}/timeline",
        "GET /departments/{code}/pending",
        "GET /datasets/{dataset}/audit",
        "GET /health",
        "POST /rpc",
      ]);
      // Structurally valid: every operation has responses, every path template's parameters are declared.
      for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
        for (const [method, op] of Object.entries(ops)) {
          expect(Object.keys(op.responses as object), `${method} ${p}`).to.have.length.greaterThan(0);
          const declared = ((op.parameters ?? []) as { name: string; in: string; schema?: unknown }[])
            .filter((x) => x.in === "path")
            .map((x) => x.name);
          const templated = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          expect(declared.sort(), `${method} ${p}`).to.deep.equal(templated.sort());
        }
      }
      expect(doc.paths["/verify"].post.requestBody.content["application/json"].schema.required).to.include("certType");
    });

    it("invalid input is a 400 problem+json", async function () {
      expectProblem(await get("/certificates/BUSINESS_LICENCE/0x1234/status"), 400, /certHash/);
      expectProblem(await post("/verify", { version: "govchain-certificate/1" }), 400, /required/);
      expectProblem(
        await get(`/certificates/BUSINESS_LICENCE/${fx.docs.valid.proof.certHash}/status?at=yesterday`),
        400,
      );
      expectProblem(await post("/verify", "{not json"), 400);
      expectProblem(await get("/datasets/not-a-dataset/audit"), 400);
    });

    it("a real not-found is a 404 problem+json; so is an unknown route", async function () {
      expectProblem(await get(`/certificates/BUSINESS_LICENCE/0x${"ab".repeat(32)}/status`), 404, /issued/);
      expectProblem(await get("/property/units/110105003001GB00001F99999999/history"), 404, /not registered/);
      expectProblem(await get("/property/units/110105003001GB00001F99999999/blockers"), 404, /not registered/);
      expectProblem(await get("/cases/999999/timeline"), 404, /no case/);
      expectProblem(await get("/departments/NOPE/pending"), 404);
      expectProblem(await get(`/datasets/0x${"cd".repeat(32)}/audit`), 404, /no dataset/);
      expectProblem(await get("/no/such/route"), 404, /no route/);
    });

    it("an oversized body is a 413 problem+json", async function () {
      const big = {
        ...fx.docs.valid,
        fields: { pad: { salt: fx.docs.valid.fields.name.salt, value: "x".repeat(1_200_000) } },
      };
      expectProblem(await post("/verify", big), 413);
    });

    it("past the rate limit, a 429 problem+json", async function () {
      const limited = await start({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
      extra.push(limited.gateway);
      for (let i = 0; i < 3; i++) expect((await call(limited.url, "GET", "/manifest.json")).status).to.equal(200);
      expectProblem(await call(limited.url, "GET", "/manifest.json"), 429);
    });

    it("the JSON-RPC passthrough forwards reads and refuses everything else", async function () {
      const chainId = await post("/rpc", { jsonrpc: "2.0", id: 7, method: "eth_chainId", params: [] });
      expect(chainId.json).to.deep.equal({
        jsonrpc: "2.0",
        id: 7,
        result: `0x${BigInt(fx.manifest.chainId).toString(16)}`,
      });
      const head = await sdk.runner.provider!.getBlockNumber();
      const raw = "0xf86c808504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0";
      const batch = await post("/rpc", [
        { jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [raw] },
        { jsonrpc: "2.0", id: 2, method: "eth_blockNumber", params: [] },
        { jsonrpc: "2.0", id: 3, method: "eth_accounts", params: [] },
        { jsonrpc: "2.0", id: 4, method: "hardhat_mine", params: [] },
      ]);
      expect(batch.status).to.equal(200);
      expect(batch.json[0].error.code).to.equal(-32601);
      expect(batch.json[0].error.message).to.match(/eth_sendRawTransaction is not available/);
      expect(batch.json[1]).to.deep.equal({ jsonrpc: "2.0", id: 2, result: `0x${head.toString(16)}` });
      expect(batch.json[2].error.code).to.equal(-32601);
      expect(batch.json[3].error.code).to.equal(-32601);
      expect(await sdk.runner.provider!.getBlockNumber(), "nothing reached the node").to.equal(head);
    });

    it("serves the page, the manifest and the page's config pointing at itself", async function () {
      const web = mkdtempSync(path.join(tmpdir(), "govchain-web-"));
      writeFileSync(path.join(web, "index.html"), "<!doctype html><title>govchain</title>");
      const served = await start({ webDir: web });
      extra.push(served.gateway);
      const page = await call(served.url, "GET", "/");
      expect(page.status).to.equal(200);
      expect(page.type).to.match(/^text\/html/);
      expect((await call(served.url, "GET", "/manifest.json")).json).to.deep.equal(fx.manifest);
      expect((await call(served.url, "GET", "/config.json")).json).to.deep.equal({
        rpc: "rpc",
        manifest: "manifest.json",
      });
      expectProblem(await call(served.url, "GET", "/other.html"), 404);
      rmSync(web, { recursive: true, force: true });
    });
  });

  describe("fail safe", function () {
    it("database unreachable: 503 cannot verify now for what needs it, never revoked or not found", async function () {
      const port = await freePort(); // nothing listens there
      const db = new Kysely<IndexTables>({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: `postgres://govchain@127.0.0.1:${port}/index`, max: 1 }),
        }),
      });
      const away = await start({
        database: { db, kind: "postgres", location: `127.0.0.1:${port}/index`, close: () => db.destroy() },
      });
      extra.push(away.gateway);
      const revoked = await call(away.url, "POST", "/verify", fx.docs.revoked);
      expectProblem(revoked, 503, /index database is unreachable/);
      expect(revoked.json.title).to.equal("cannot verify now");
      expectProblem(
        await call(away.url, "GET", `/certificates/BUSINESS_LICENCE/${fx.docs.revoked.proof.certHash}/status`),
        503,
      );
      expectProblem(await call(away.url, "GET", `/datasets/${fx.dataset}/audit`), 503);
      const health = await call(away.url, "GET", "/health");
      expectProblem(health, 503, /database unreachable/);
      expect(health.json.node.reachable).to.equal(true);
      expect(health.json.index.reachable).to.equal(false);
    });

    it("node stopped: 503 cannot verify now on verify, status, history and health; health says node unreachable", async function () {
      await fx.node.stop();
      for (const document of [fx.docs.valid, fx.docs.revoked]) {
        const answer = await post("/verify", document);
        expectProblem(answer, 503);
        expect(answer.json.title).to.equal("cannot verify now");
        expect(answer.json.detail).to.not.match(/revoked|tampered|altered|not found/i);
      }
      const batch = await post("/verify/batch", { documents: [fx.docs.valid] });
      expectProblem(batch, 503);
      expectProblem(await get(`/certificates/BUSINESS_LICENCE/${fx.docs.revoked.proof.certHash}/status`), 503);
      expectProblem(await get(`/certificates/BUSINESS_LICENCE/0x${"ab".repeat(32)}/status`), 503);
      expectProblem(await get(`/property/units/${fx.unitNumber}/history`), 503);
      expectProblem(await get("/departments/PSB/pending"), 503);
      expectProblem(await post("/rpc", { jsonrpc: "2.0", id: 1, method: "eth_chainId" }), 503);
      const health = await get("/health");
      expectProblem(health, 503, /node unreachable/);
      expect(health.json.node.reachable).to.equal(false);
      // A tampered document needs no chain to fail its integrity check... but the verdict still waits for the
      // chain: the SDK reads the moment first, so nothing is concluded while it is away.
      expect(health.json.index.reachable).to.equal(true);
    });
  });
});
