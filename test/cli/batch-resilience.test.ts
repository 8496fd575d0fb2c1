import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { id as eventTopic, JsonRpcProvider, keccak256, toUtf8Bytes } from "ethers";

import { BATCH_INDEX, BATCH_JOURNAL, type BatchIndex } from "../../cli/batch-issue.js";
import {
  commitSubject,
  createDocument,
  documentHash,
  GovChain,
  loadManifest,
  type CertificateDocument,
  type DeploymentManifest,
  type IssuedCertificate,
} from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { RpcProxy } from "../helpers/rpc-proxy.js";
import { useSharedChain } from "../helpers/shared-node.js";

const BATCH_ISSUED = eventTopic("BatchIssued(bytes32,bytes32,uint256,uint64,uint64,address)");
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code with a correct check character (GB 32100-2015), numbered `n`. */
function uscc(n: number): string {
  const body = `9111010${String(n).padStart(10, "0")}`;
  const sum = [...body].reduce((total, c, i) => total + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i], 0);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/**
 * `govchain cert issue-batch` against a real `hardhat node` behind an RPC proxy that drops the
 * connection mid-batch: every certificate lands exactly once, every document and salt is on disk,
 * and a batch that failed is finished by `--resume` without salting anything again.
 */
describe("govchain cert issue-batch: connections dropped mid-batch, resume", function () {
  this.timeout(900_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-batch");
  let proxy: RpcProxy;
  let dir: string;
  let provider: JsonRpcProvider;
  let manifest: DeploymentManifest;
  let officer: string;
  const OFFICER = "3";
  const REGISTRY = "5";
  let rpcUrl = () => node.url;
  const govchain = cliRunner(() => ({
    ...node.env(),
    LOCALHOST_RPC_URL: rpcUrl(),
  }));

  function rows(name: string, count: number): string {
    const lines = ["subject,companyName,address"];
    for (let i = 0; i < count; i++) lines.push(`${uscc(i)},Company ${name} ${i},"${i} Road, Beijing"`);
    const file = path.join(dir, `${name}.csv`);
    writeFileSync(file, lines.join("\n") + "\n");
    return file;
  }

  const issueBatch = (csv: string, out: string) =>
    govchain(
      "-a",
      OFFICER,
      "cert",
      "issue-batch",
      csv,
      "--type",
      "BUSINESS_LICENCE",
      "--out",
      out,
      "--valid-for",
      "365d",
    );

  async function batchesIssued(root: string): Promise<number> {
    const logs = await provider.getLogs({
      address: manifest.contracts.CertificateRegistry.proxy,
      topics: [BATCH_ISSUED, root],
      fromBlock: 0,
    });
    return logs.length;
  }

  /** Every row's document and salts are on disk, hash to the index, and carry a proof of the root. */
  function expectComplete(out: string, count: number): BatchIndex {
    const index = JSON.parse(readFileSync(path.join(out, BATCH_INDEX), "utf8")) as BatchIndex;
    expect(index).to.include({ state: "issued", count });
    const journal = readFileSync(path.join(out, BATCH_JOURNAL), "utf8").trim().split("\n");
    expect(journal).to.have.length(count);
    expect(readdirSync(out)).to.have.length(count + 2);
    const leaves: string[] = [];
    index.certificates.forEach((entry, i) => {
      expect(entry.subject!.id, `row ${i + 1}`).to.equal(uscc(i));
      expect(entry.subject!.salt, `row ${i + 1}`).to.match(/^0x[0-9a-f]{64}$/);
      const document = JSON.parse(readFileSync(path.join(out, entry.file), "utf8")) as IssuedCertificate;
      expect(documentHash(document)).to.equal(entry.certHash);
      const { proof, ...body } = document;
      expect(JSON.parse(journal[i]) as CertificateDocument, `journal line ${i + 1}`).to.deep.equal(body);
      expect(document.subject).to.equal(entry.subject!.commitment);
      expect(proof.root).to.equal(index.root);
      // Every proof is checked on chain for a sample below; here a spread of them against the root (hashing is slow in JS).
      if (i % 97 === 0 || i === count - 1) {
        expect(
          StandardMerkleTree.verify(index.root!, ["bytes32"], [entry.certHash], proof.merkleProof!),
          `proof of row ${i + 1}`,
        ).to.equal(true);
      }
      leaves.push(entry.certHash);
    });
    expect(new Set(leaves).size).to.equal(count);
    return index;
  }

  async function expectActive(out: string, index: BatchIndex, rowsToCheck: number[]): Promise<void> {
    const gov = await GovChain.connect(provider, manifest);
    for (const row of rowsToCheck) {
      const document = JSON.parse(readFileSync(path.join(out, index.certificates[row].file), "utf8"));
      expect((await gov.certificates.record(document)).status, `row ${row + 1}`).to.equal("active");
    }
  }

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    manifest = loadManifest(path.join(dir, "localhost.json"));
    const accounts = (await provider.send("eth_accounts", [])) as string[];
    officer = accounts[Number(OFFICER)];
    // Account 1 administers SERVICE, the development council's member: the council appoints the admins.
    const council = await GovChain.connect(await provider.getSigner(accounts[1]), manifest, { concurrent: false });
    await appointAdminsThroughCouncil(council, [
      ["MARKET", accounts[2]],
      ["REGISTRY", accounts[4]],
    ]);
    const admin = await GovChain.connect(await provider.getSigner(accounts[2]), manifest, { concurrent: false });
    await (await admin.access.grantOfficer("MARKET", officer)).wait();
    const registryAdmin = await GovChain.connect(await provider.getSigner(accounts[4]), manifest, {
      concurrent: false,
    });
    await (await registryAdmin.access.grantOfficer("REGISTRY", accounts[Number(REGISTRY)])).wait();
    proxy = await RpcProxy.start(node.url);
    rpcUrl = () => proxy.url;
  });

  after(async function () {
    provider?.destroy();
    await proxy?.close();
  });

  it("issues 10,000 documents in one run although the send's connection is cut and the endpoint is down for 1.5 s", async function () {
    const csv = rows("large", 10_000);
    const out = path.join(dir, "large");
    const nonce = await provider.getTransactionCount(officer);
    proxy.trap("eth_sendTransaction", "cut", 1_500);
    const started = Date.now();
    const run = await issueBatch(csv, out);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    expect(run.code, run.stderr).to.equal(0);
    expect(proxy.cut, "the send was cut").to.be.greaterThan(0);
    expect(run.stdout)
      .to.match(/^building documents: 10000\/10000/m)
      .and.to.match(/issued 10000 BUSINESS_LICENCE/);
    console.log(`      10,000-row batch through the CLI: ${seconds} s`);

    const index = expectComplete(out, 10_000);
    expect(await provider.getTransactionCount(officer), "one transaction").to.equal(nonce + 1);
    expect(await batchesIssued(index.root!), "the root issued once").to.equal(1);
    await expectActive(out, index, [0, 1, 4_999, 9_998, 9_999]);
  });

  it("a send whose answer is lost: the CLI says the batch IS on chain and how to finish; --resume writes the proofs without sending again", async function () {
    const csv = rows("lost", 40);
    const out = path.join(dir, "lost");
    const nonce = await provider.getTransactionCount(officer);
    proxy.trap("eth_sendTransaction", "loseAnswer");
    const failedRun = await issueBatch(csv, out);
    expect(failedRun.code, failedRun.stdout).to.equal(1);
    expect(proxy.answersLost).to.be.greaterThan(0);
    expect(failedRun.stderr.trim().split("\n"), failedRun.stderr).to.have.length(1);
    expect(failedRun.stderr).to.match(
      /the batch IS issued on chain under root 0x[0-9a-f]{64}; run `govchain cert issue-batch --resume /,
    );
    const before = JSON.parse(readFileSync(path.join(out, BATCH_INDEX), "utf8")) as BatchIndex;
    expect(before.state).to.not.equal("issued");
    expect(readdirSync(out)).to.have.length(42);

    const resumed = ok(await govchain("-a", OFFICER, "--json", "cert", "issue-batch", "--resume", out), "resume");
    expect(resumed).to.include({ state: "issued", count: 40, root: before.root, resumed: true });
    const index = expectComplete(out, 40);
    // The salts of the first run are the ones on chain: nothing was salted again.
    expect(index.certificates.map((c) => c.subject!.salt)).to.deep.equal(
      before.certificates.map((c) => c.subject!.salt),
    );
    expect(await provider.getTransactionCount(officer), "one transaction in all").to.equal(nonce + 1);
    expect(await batchesIssued(index.root!)).to.equal(1);
    await expectActive(out, index, [0, 39]);

    const again = ok(
      await govchain("--json", "cert", "issue-batch", "--resume", out),
      "resume again (signs as the batch's sender)",
    );
    expect(again).to.include({ state: "issued", root: index.root });
    expect(await provider.getTransactionCount(officer)).to.equal(nonce + 1);
  });

  it("a node gone longer than the retries: the CLI keeps every file and says so; --resume sends the same batch once it is back", async function () {
    const csv = rows("down", 20);
    const out = path.join(dir, "down");
    const nonce = await provider.getTransactionCount(officer);
    proxy.trap("eth_sendTransaction", "cut", 25_000);
    const failedRun = await issueBatch(csv, out);
    expect(failedRun.code, failedRun.stdout).to.equal(1);
    expect(failedRun.stderr.trim().split("\n"), failedRun.stderr).to.have.length(1);
    expect(failedRun.stderr).to.match(/documents and salts are kept in .*--resume /);
    const before = JSON.parse(readFileSync(path.join(out, BATCH_INDEX), "utf8")) as BatchIndex;
    expect(before.state).to.equal("prepared");
    expect(existsSync(path.join(out, BATCH_JOURNAL))).to.equal(true);
    expect(await provider.getTransactionCount(officer), "nothing sent").to.equal(nonce);

    while (proxy.isDown) await new Promise((resolve) => setTimeout(resolve, 200));
    const resumed = ok(await govchain("-a", OFFICER, "--json", "cert", "issue-batch", "--resume", out), "resume");
    expect(resumed).to.include({ state: "issued", count: 20 });
    const index = expectComplete(out, 20);
    expect(index.certificates.map((c) => c.subject!.salt)).to.deep.equal(
      before.certificates.map((c) => c.subject!.salt),
    );
    expect(await provider.getTransactionCount(officer)).to.equal(nonce + 1);
    expect(await batchesIssued(index.root!)).to.equal(1);
  });

  it("cert issue, cases open and property register put the subject's id and salt in a file before sending, never overwriting one", async function () {
    const fields = path.join(dir, "fields.json");
    writeFileSync(fields, JSON.stringify({ companyName: "Acme Trading Ltd" }));
    const licence = path.join(dir, "licence.json");
    const issue = (out: string) =>
      govchain(
        ...["-a", OFFICER, "--json", "cert", "issue", "--type", "BUSINESS_LICENCE"],
        ...["--subject", uscc(777), "--fields", fields, "--out", out],
      );
    const issued = ok(await issue(licence), "cert issue");
    const subjectFile = path.join(dir, "licence.subject.json");
    expect(issued.subjectFile).to.equal(subjectFile);
    const kept = JSON.parse(readFileSync(subjectFile, "utf8"));
    expect(kept).to.deep.include({ certType: "BUSINESS_LICENCE", certHash: issued.certHash });
    expect(kept.subject).to.deep.equal({ ...issued.subject, id: uscc(777) });
    expect(commitSubject(uscc(777), kept.subject.salt).commitment).to.equal(
      JSON.parse(readFileSync(licence, "utf8")).subject,
    );
    const nonce = await provider.getTransactionCount(officer);
    failed(await issue(licence), /already exists; it is not overwritten/, "existing document");
    const taken = path.join(dir, "taken.subject.json");
    writeFileSync(taken, "{}");
    failed(await issue(path.join(dir, "taken.json")), /taken\.subject\.json already exists/, "existing salt file");
    expect(existsSync(path.join(dir, "taken.json"))).to.equal(false);
    expect(readFileSync(taken, "utf8")).to.equal("{}");
    expect(await provider.getTransactionCount(officer), "nothing sent").to.equal(nonce);

    const opened = ok(
      await govchain(
        ...["-a", OFFICER, "--json", "cases", "open", "--type", "BUSINESS_LICENCE"],
        ...["--subject", uscc(778), "--document", keccak256(toUtf8Bytes("application"))],
      ),
      "cases open",
    );
    expect(opened.saltFile).to.match(/salts[\\/]localhost[\\/]case-BUSINESS_LICENCE-.*\.json$/);
    expect(path.resolve(opened.saltFile).startsWith(path.resolve(dir))).to.equal(true);
    const caseSalt = JSON.parse(readFileSync(opened.saltFile, "utf8"));
    expect(caseSalt).to.deep.include({ caseId: opened.caseId, caseType: "BUSINESS_LICENCE" });
    expect(commitSubject(uscc(778), caseSalt.subject.salt).commitment).to.equal(opened.subject.commitment);
    failed(
      await govchain(
        ...["-a", OFFICER, "cases", "open", "--type", "BUSINESS_LICENCE", "--subject", uscc(779)],
        ...["--document", keccak256(toUtf8Bytes("other")), "--salt-file", opened.saltFile],
      ),
      /already exists; it is not overwritten/,
      "existing --salt-file",
    );

    const registered = ok(
      await govchain(
        ...["-a", REGISTRY, "--json", "property", "register", "110105003001GB00001F10010003"],
        ...["--owners", "ID-ZHOU", "--parcel", keccak256(toUtf8Bytes("parcel")), "--usage", "1", "--area", "50"],
        ...["--document", keccak256(toUtf8Bytes("registration"))],
      ),
      "property register without --out",
    );
    expect(registered.file).to.match(/salts[\\/]localhost[\\/]unit-110105003001GB00001F10010003-.*\.json$/);
    const owners = JSON.parse(readFileSync(registered.file, "utf8")).owners;
    expect(owners[0].id).to.equal("ID-ZHOU");
    expect(commitSubject("ID-ZHOU", owners[0].salt).commitment).to.equal(owners[0].commitment);
  });

  it("cert issue --resume sends a document written before a send that never happened, once; again it only reports", async function () {
    const now = Number((await provider.getBlock("latest"))!.timestamp);
    const { commitment } = commitSubject(uscc(780));
    const document = createDocument({
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      subject: commitment,
      validFrom: now,
      validUntil: now + 86_400 * 365,
      fields: { companyName: "Resumed Trading Ltd" },
    });
    const file = path.join(dir, "resume-me.json");
    // What `cert issue` leaves when the node died before the send: the document with its hash, nothing on chain.
    writeFileSync(file, JSON.stringify({ ...document, proof: { certHash: documentHash(document) } }));
    const nonce = await provider.getTransactionCount(officer);
    const first = ok(await govchain("-a", OFFICER, "--json", "cert", "issue", "--resume", file), "resume");
    expect(first).to.include({ certHash: documentHash(document), status: "active", sent: true, resumed: true });
    expect(JSON.parse(readFileSync(file, "utf8")).proof.certHash).to.equal(documentHash(document));
    const again = ok(await govchain("-a", OFFICER, "--json", "cert", "issue", "--resume", file), "resume again");
    expect(again).to.include({ status: "active", sent: false });
    expect(await provider.getTransactionCount(officer), "one transaction").to.equal(nonce + 1);
    failed(
      await govchain("-a", OFFICER, "cert", "issue", "--resume", file, "--type", "BUSINESS_LICENCE"),
      /give the document file alone/,
      "--resume with other options",
    );
  });
});
