import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { id as utf8Hash, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { GovChain, hashJson, loadManifest } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The module commands (certificates, cases, data) as officers run them: a real `hardhat node`,
 * the suite deployed by `govchain deploy`, departments staffed through the SDK, then the CLI
 * spawned per command. Setup that is not under test goes through the SDK (a spawn costs seconds).
 */
describe("govchain CLI: certificates, cases, data (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-modules-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 0 deployer (holds nothing); 1 SERVICE's admin (the development council); MARKET admin 2, officers 3 and 4; PSB admin 5, officer 6; TAX admin 7, officer 8; 9 nobody. */
  const MARKET = "3";
  const PSB = "6";
  const TAX = "8";
  const NOBODY = "9";

  const govchain = cliRunner(() => node.env());

  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const blockNumber = () => provider.getBlockNumber();
  let sdk: (account: string) => Promise<GovChain>;

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    sdk = async (account: string) => {
      const signer: JsonRpcSigner = await provider.getSigner(accounts[Number(account)]);
      return GovChain.connect(signer, manifest, { concurrent: false });
    };
    const staffing = [
      ["MARKET", "2", ["3", "4"]],
      ["PSB", "5", ["6"]],
      ["TAX", "7", ["8"]],
    ] as const;
    // Account 1 administers SERVICE, the development council's member: the council appoints the admins.
    await appointAdminsThroughCouncil(
      await sdk("1"),
      staffing.map(([code, admin]) => [code, accounts[Number(admin)]] as const),
    );
    for (const [code, admin, officers] of staffing) {
      const asAdmin = await sdk(admin);
      for (const officer of officers) await (await asAdmin.access.grantOfficer(code, accounts[Number(officer)])).wait();
    }
  });

  after(async function () {
    provider?.destroy();
  });

  it("--help at every level of the new commands", async function () {
    for (const args of [
      ["certificates", "--help"],
      ["cases", "approve", "--help"],
      ["data", "receipts", "--help"],
    ]) {
      const { stdout, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(0);
      expect(stdout).to.match(/Usage: govchain/);
    }
  });

  describe("certificates", function () {
    let licence: string;
    let certHash: string;

    it("issue writes the salted document; verify says VALID (exit 0) and names the failing check of a tampered copy (exit 1)", async function () {
      licence = path.join(dir, "licence.json");
      const fields = file("fields.json", JSON.stringify({ name: "Acme Trading Ltd", capital: 1000000 }));
      const issued = ok(
        await govchain(
          "-a",
          MARKET,
          "--json",
          "certificates",
          "issue",
          "--type",
          "BUSINESS_LICENCE",
          "--subject",
          "91110000MA0123456P",
          "--fields",
          fields,
          "--out",
          licence,
        ),
        "issue",
      );
      certHash = issued.certHash;
      expect(issued).to.include({ status: "active", file: licence });
      expect(issued.subject.salt).to.match(/^0x[0-9a-f]{64}$/);
      const document = JSON.parse(readFileSync(licence, "utf8"));
      expect(document).to.include({ certType: "BUSINESS_LICENCE", issuer: "MARKET" });
      expect(document.fields.name.value).to.equal("Acme Trading Ltd");
      expect(document.proof.certHash).to.equal(certHash);

      const valid = await govchain("certificates", "verify", licence);
      expect(valid.code, valid.stderr).to.equal(0);
      expect(valid.stdout).to.match(/^VALID 0x/);

      document.fields.capital.value = 9000000;
      const tampered = file("tampered.json", JSON.stringify(document));
      const invalid = await govchain("certificates", "verify", tampered);
      expect(invalid.code).to.equal(1);
      expect(invalid.stdout).to.match(/^INVALID/);
      expect(invalid.stdout).to.match(/integrity: the document was altered/);
    });

    it("suspend, reinstate (by document), revoke (by type and hash), show; a stranger cannot", async function () {
      expect(ok(await govchain("-a", MARKET, "--json", "certificates", "suspend", licence), "suspend")).to.include({
        status: "suspended",
      });
      const verify = await govchain("--json", "certificates", "verify", licence);
      expect(verify.code).to.equal(1);
      expect(JSON.parse(verify.stdout).failures).to.deep.equal([
        { check: "status", reason: "the certificate is suspended" },
      ]);
      expect(ok(await govchain("-a", MARKET, "--json", "certificates", "reinstate", licence), "reinstate")).to.include({
        status: "active",
      });
      failed(
        await govchain("-a", MARKET, "certificates", "revoke", certHash, "--reason", "fraud"),
        /^govchain: invalid --type: a certificate is its type and its hash: give --type with a hash/,
        "hash without a type",
      );
      failed(
        await govchain("-a", MARKET, "certificates", "revoke", licence, "--type", "FOOD_LICENCE"),
        /^govchain: invalid --type: .* is a BUSINESS_LICENCE, not a FOOD_LICENCE/,
        "document of another type",
      );
      failed(
        await govchain(
          "-a",
          NOBODY,
          "certificates",
          "revoke",
          certHash,
          "--type",
          "BUSINESS_LICENCE",
          "--reason",
          "fraud",
        ),
        /^govchain: .*may not|^govchain: .*not an officer/i,
        "stranger revokes",
      );
      failed(
        await govchain(
          "-a",
          MARKET,
          "certificates",
          "revoke",
          certHash,
          "--type",
          "BUSINESS_LICENCE",
          "--reason",
          "because",
        ),
        /^govchain: invalid --reason: "because" is not one of unspecified, superseded/,
        "bad reason",
      );
      ok(
        await govchain(
          "-a",
          MARKET,
          "--json",
          "certificates",
          "revoke",
          certHash,
          "--type",
          "BUSINESS_LICENCE",
          "--reason",
          "fraud",
        ),
        "revoke",
      );
      const shown = await govchain("certificates", "show", certHash, "--type", "BUSINESS_LICENCE");
      expect(shown.stdout)
        .to.match(/revoked/)
        .and.to.match(/type BUSINESS_LICENCE, issued by MARKET/);
    });

    it("issue-batch from CSV: one document per row under one root, each verifiable; a leaf revoked alone", async function () {
      const csv = file(
        "companies.csv",
        'subject,name,address\r\n9111A,Alpha Ltd,"1 Chang\'an Ave, Beijing"\r\n9111B,"Beta ""B"" Co",2 Road\r\n9111C,Gamma,3 Road\r\n',
      );
      const out = path.join(dir, "batch");
      const batch = ok(
        await govchain(
          "-a",
          MARKET,
          "--json",
          "certificates",
          "issue-batch",
          csv,
          "--type",
          "FOOD_LICENCE",
          "--out",
          out,
          "--valid-for",
          "365d",
        ),
        "issue-batch",
      );
      expect(batch.count).to.equal(3);
      const index = JSON.parse(readFileSync(path.join(out, "batch.json"), "utf8"));
      expect(index.root).to.equal(batch.root);
      expect(index.certificates.map((c: { subject: { id: string } }) => c.subject.id)).to.deep.equal([
        "9111A",
        "9111B",
        "9111C",
      ]);
      expect(readdirSync(out)).to.have.length(5); // 3 documents, batch.json, documents.jsonl
      const second = path.join(out, index.certificates[1].file);
      const doc = JSON.parse(readFileSync(second, "utf8"));
      expect(doc.fields.name.value).to.equal('Beta "B" Co');
      expect(doc.proof.root).to.equal(batch.root);

      const leaf = await govchain("certificates", "verify", second);
      expect(leaf.code, leaf.stderr).to.equal(0);
      const revoked = ok(
        await govchain("-a", MARKET, "--json", "certificates", "revoke", second, "--reason", "issuedInError"),
        "revoke leaf",
      );
      expect(revoked).to.include({ status: "revoked", certHash: index.certificates[1].certHash });
      // the rest of the batch stands
      const first = await govchain("certificates", "verify", path.join(out, index.certificates[0].file));
      expect(first.code, first.stdout).to.equal(0);
    });

    it("issue-batch: a row that fails validation stops everything with one line naming the row and field, nothing sent", async function () {
      const before = await blockNumber();
      const csv = file("bad.csv", "subject,name,address\n9111D,Delta,4 Road\n9111E,,5 Road\n9111F,Foxtrot,6 Road\n");
      const out = path.join(dir, "bad-batch");
      failed(
        await govchain("-a", MARKET, "certificates", "issue-batch", csv, "--type", "FOOD_LICENCE", "--out", out),
        /^govchain: invalid row 2: .*bad\.csv line 3, field "name": is empty$/,
        "bad CSV row",
      );
      const json = file("bad.json", JSON.stringify([{ subject: "9111G", name: "Golf" }, { name: "no subject" }]));
      failed(
        await govchain("-a", MARKET, "certificates", "issue-batch", json, "--type", "FOOD_LICENCE", "--out", out),
        /^govchain: invalid row 2: .*bad\.json element 1, field "subject": the holder id is missing$/,
        "bad JSON row",
      );
      // a valid file from someone who is not a MARKET officer: refused before sending, no files left behind
      const good = file("good.csv", "subject,name\n9111H,Hotel\n");
      failed(
        await govchain("-a", NOBODY, "certificates", "issue-batch", good, "--type", "FOOD_LICENCE", "--out", out),
        /^govchain: .*(may not|not an officer)/i,
        "stranger issues a batch",
      );
      expect(await blockNumber()).to.equal(before);
      expect(existsSync(out)).to.equal(false);
    });
  });

  describe("cases", function () {
    it("open, list pending work, approve, return, resubmit, approve, show the timeline", async function () {
      const application = file("application.pdf", "%PDF application of Acme");
      const opened = ok(
        await govchain(
          "-a",
          MARKET,
          "--json",
          "cases",
          "open",
          "--type",
          "BUSINESS_LICENCE",
          "--subject",
          "91110000MA0123456P",
          "--document",
          application,
        ),
        "open",
      );
      const caseId = opened.caseId as string;
      expect(opened.documentHash).to.equal(utf8Hash("%PDF application of Acme"));
      const pending = ok(await govchain("--json", "cases", "list", "--department", "PSB"), "list");
      expect(pending.map((c: { caseId: string }) => c.caseId)).to.include(caseId);

      expect(
        ok(await govchain("-a", PSB, "--json", "cases", "approve", caseId, "--department", "PSB"), "approve"),
      ).to.include({
        status: "open",
      });
      ok(
        await govchain(
          "-a",
          TAX,
          "--json",
          "cases",
          "return",
          caseId,
          "--department",
          "TAX",
          "--reason",
          "tax record missing",
        ),
        "return",
      );
      ok(await govchain("-a", MARKET, "--json", "cases", "resubmit", caseId, "--document", application), "resubmit");
      ok(await govchain("-a", TAX, "--json", "cases", "approve", caseId, "--department", "TAX"), "approve TAX");

      const shown = ok(await govchain("--json", "cases", "show", caseId), "show");
      expect(shown).to.include({ status: "open", stage: 1, caseType: "BUSINESS_LICENCE" });
      expect(shown.pendingDepartments).to.deep.equal(["MARKET"]);
      expect(shown.timeline.map((e: { event: string }) => e.event)).to.deep.equal([
        "CaseOpened",
        "CaseApprovalSigned",
        "CaseReturned",
        "CaseResubmitted",
        "CaseApprovalSigned",
        "CaseStageAdvanced",
      ]);
      expect(shown.timeline[2].reason).to.equal("tax record missing");
    });

    it("reject and withdraw; approving for a department you are not an officer of is one line", async function () {
      const market = await sdk(MARKET);
      const open = async (n: number) =>
        (
          await market.workflow.openCase({
            caseType: "BUSINESS_LICENCE",
            subject: utf8Hash(`subject ${n}`),
            documentHash: utf8Hash(`application ${n}`),
          })
        ).wait();
      const [toReject, toWithdraw] = [await open(2), await open(3)];

      failed(
        await govchain("-a", PSB, "cases", "approve", String(toReject), "--department", "TAX"),
        /^govchain: .*(may not|not an officer)/i,
        "approve for another department",
      );
      failed(await govchain("cases", "approve", "x", "--department", "TAX"), /^govchain: invalid case id/, "bad id");
      ok(
        await govchain(
          "-a",
          PSB,
          "--json",
          "cases",
          "reject",
          String(toReject),
          "--department",
          "PSB",
          "--reason",
          "identity mismatch",
        ),
        "reject",
      );
      ok(
        await govchain(
          "-a",
          MARKET,
          "--json",
          "cases",
          "withdraw",
          String(toWithdraw),
          "--reason",
          "applicant withdrew",
        ),
        "withdraw",
      );
      const reader = await sdk("0");
      expect(await reader.workflow.status(toReject)).to.equal("rejected");
      expect(await reader.workflow.status(toWithdraw)).to.equal("withdrawn");
    });
  });

  describe("data", function () {
    const dataset = "PSB/household-register";
    const purpose = "TAX_AUDIT";
    const hash = (n: number) => utf8Hash(`receipt ${n}`);

    it("register, request, approve, can-access, receipt, receipts (batch), audit as CSV", async function () {
      const schema = file("schema.json", JSON.stringify({ fields: ["name", "address", "members"] }));
      ok(
        await govchain(
          "-a",
          PSB,
          "--json",
          "data",
          "register",
          dataset,
          "--owner",
          "PSB",
          "--schema",
          schema,
          "--endpoint",
          "https://psb.example/api/household",
          "--classification",
          "internal",
        ),
        "register",
      );
      const requested = ok(
        await govchain(
          "-a",
          TAX,
          "--json",
          "data",
          "request",
          dataset,
          "--requester",
          "TAX",
          "--purpose",
          purpose,
          "--legal-basis",
          "TAX_ADMIN_LAW_54",
          "--scope",
          "name,address",
          "--duration",
          "30d",
        ),
        "request",
      );
      const approved = ok(await govchain("-a", PSB, "--json", "data", "approve", requested.requestId), "approve");
      expect(approved.status).to.equal("approved");
      const grantId = approved.grantId as string;

      const access = await govchain(
        "--json",
        "data",
        "can-access",
        "--department",
        "TAX",
        "--dataset",
        dataset,
        "--purpose",
        purpose,
      );
      expect(access.code, access.stderr).to.equal(0);
      expect(JSON.parse(access.stdout).canAccess).to.equal(true);

      // A query keyed by an ID number: only HMAC hashes under the grant's key go on chain.
      const secrets = path.join(dir, "secrets", "receipt-secrets.json");
      const query = '{"idNumber":"110101199003074514","fields":["name"]}';
      const recorded = ok(
        await govchain(
          "-a",
          TAX,
          "--json",
          "data",
          "receipt",
          grantId,
          "--query",
          query,
          "--response",
          '{"name":"Zhang San"}',
          "--secrets",
          secrets,
        ),
        "receipt",
      );
      expect(statSync(secrets).mode & 0o777).to.equal(0o600);
      expect(recorded.queryHash).to.not.equal(utf8Hash(query));
      expect(recorded.queryHash).to.not.equal(hashJson(JSON.parse(query)));
      const receipts = file(
        "receipts.csv",
        ["query,response", ...[3, 5, 7].map((n) => `${hash(n)},response ${n}`)].join("\n"),
      );
      const batch = ok(
        await govchain("-a", TAX, "--json", "data", "receipts", grantId, receipts, "--secrets", secrets),
        "receipts",
      );
      expect(batch.count).to.equal(3);
      expect(JSON.parse(readFileSync(`${receipts}.batch.json`, "utf8")).root).to.equal(batch.root);

      const bad = file("bad-receipts.json", JSON.stringify([{ query: 9, response: 10 }, { query: 11 }]));
      const before = await blockNumber();
      failed(
        await govchain("-a", TAX, "data", "receipts", grantId, bad, "--secrets", secrets),
        /^govchain: invalid row 2: .*element 1, field "response": is missing$/,
        "bad receipts",
      );
      expect(await blockNumber()).to.equal(before);

      // The auditor holds the grant's key (not the department's secret) and the gateway's log of accesses.
      const key = ok(await govchain("--json", "data", "receipt-key", grantId, "--secrets", secrets), "receipt-key").key;
      const log = file(
        "gateway-log.json",
        JSON.stringify([{ grantId, query: JSON.parse(query), response: { name: "Zhang San" } }]),
      );
      const checked = await govchain(
        "--json",
        "data",
        "audit",
        "--dataset",
        dataset,
        "--verify",
        log,
        "--key",
        `${grantId}=${key}`,
      );
      expect(checked.code, checked.stderr).to.equal(0);
      expect(JSON.parse(checked.stdout).map((e: { verified: string }) => e.verified)).to.deep.equal([
        "VALID",
        "SKIPPED",
      ]);
      // A guessed access (another ID number) does not match; without a key nothing is verified.
      const guess = file(
        "guess-log.json",
        JSON.stringify([
          { grantId, query: { idNumber: "110101199003074522", fields: ["name"] }, response: { name: "Zhang San" } },
        ]),
      );
      const guessed = await govchain(
        "--json",
        "data",
        "audit",
        "--dataset",
        dataset,
        "--verify",
        guess,
        "--key",
        `${grantId}=${key}`,
      );
      expect(JSON.parse(guessed.stdout)[0].verified).to.equal("UNMATCHED");
      const keyless = await govchain(
        "--json",
        "data",
        "audit",
        "--dataset",
        dataset,
        "--verify",
        log,
        "--secrets",
        path.join(dir, "none.json"),
      );
      expect(JSON.parse(keyless.stdout)[0].verified).to.equal("SKIPPED");

      const audit = await govchain("data", "audit", "--dataset", dataset, "--format", "csv");
      expect(audit.code, audit.stderr).to.equal(0);
      const lines = audit.stdout.trim().split("\r\n");
      expect(lines[0]).to.match(/^kind,grantId,dataset,grantee/);
      expect(lines.slice(1).map((l) => l.split(",")[0])).to.deep.equal(["receipt", "batch"]);
      const exported = path.join(dir, "audit-tax.json");
      const byDepartment = await govchain("data", "audit", "--department", "TAX", "--out", exported);
      expect(byDepartment.stdout.trim(), byDepartment.stderr).to.equal(`2 audit entries written to ${exported}`);
      const entries = JSON.parse(readFileSync(exported, "utf8"));
      expect(entries.map((e: { count: number }) => e.count)).to.deep.equal([1, 3]);
      expect(entries[0]).to.include({ grantee: "TAX", purpose, grantId });
    });

    it("reject a request, revoke a grant (not by the grantee), then can-access exits 1", async function () {
      const tax = await sdk(TAX);
      const { requestId } = await (
        await tax.exchange.requestAccess({
          dataset: utf8Hash(dataset),
          requester: "TAX",
          purpose: "OTHER",
          legalBasis: "NONE",
          scope: ["name"],
          durationSeconds: 3600,
        })
      ).wait();
      ok(
        await govchain("-a", PSB, "--json", "data", "reject", requestId.toString(), "--reason", "NO_LEGAL_BASIS"),
        "reject",
      );
      expect((await tax.exchange.request(requestId)).status).to.equal("rejected");

      failed(
        await govchain("-a", TAX, "data", "revoke-grant", "1", "--reason", "DONE"),
        /^govchain: .*(may not|not an officer)/i,
        "grantee revokes",
      );
      ok(await govchain("-a", PSB, "--json", "data", "revoke-grant", "1", "--reason", "AUDIT_DONE"), "revoke-grant");
      const access = await govchain(
        "data",
        "can-access",
        "--department",
        "TAX",
        "--dataset",
        dataset,
        "--purpose",
        purpose,
      );
      expect(access.code).to.equal(1);
      expect(access.stdout).to.match(/may NOT access/);
    });
  });
});
