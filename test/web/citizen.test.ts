import { expect } from "chai";
import { keccak256, toUtf8Bytes, Wallet } from "ethers";
import { network } from "hardhat";
import type { Browser, Page } from "puppeteer-core";

import {
  commitSubject,
  createDocument,
  datasetId,
  hashJson,
  NO_EXPIRY,
  newReceiptSecret,
  receiptHashes,
} from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";
import { launchBrowser, PageServer, screenshot } from "./page.js";

const DAY = 86_400;

/** The citizen's "who used my data" page after data sharing that cites the citizen's consent. */
describe("web: who used my data", function () {
  this.timeout(180_000);
  let server: PageServer;
  let browser: Browser;
  let page: Page;
  const id = "110101199003074514";
  const { commitment, salt } = commitSubject(id);
  /** The key the citizen signs consents (and their revocation) with. */
  const citizenKey = Wallet.createRandom();
  let relay: (signed: { consentId: bigint; nonce: bigint; deadline: bigint; signature: string }) => Promise<void>;

  before(async function () {
    if (process.env.GOVCHAIN_WEB_TESTS !== "1") this.skip();
    const connection = await network.create();
    const suite = await deployStaffedSuite(connection);
    const { staff } = suite;
    relay = async (signed) => void (await (await suite.exchange.revokeConsent(signed)).wait());
    const market = suite.certificates.connect(staff.MARKET.officer);
    const now = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    for (const subject of [commitment, commitSubject("someone else").commitment]) {
      const document = createDocument({
        certType: "BUSINESS_LICENCE",
        issuer: "MARKET",
        subject,
        validFrom: now,
        validUntil: NO_EXPIRY,
        fields: { name: "Tea House" },
      });
      await (await market.issue(document)).wait();
    }
    const households = datasetId("PSB/household-register/web-test");
    await (
      await suite.exchange.connect(staff.PSB.officer).registerDataset({
        id: households,
        owner: "PSB",
        schemaHash: hashJson({ fields: ["name", "household"] }),
        endpointHash: keccak256(toUtf8Bytes("https://psb.example.gov.cn/api/households")),
        classification: "internal",
      })
    ).wait();
    const tax = suite.exchange.connect(staff.TAX.officer);
    const signed = await tax.signConsent(citizenKey, {
      department: "TAX",
      subject: commitment,
      purpose: "DEED_TAX",
      dataset: households,
      signer: citizenKey.address,
      expiresAt: BigInt(now + 365 * DAY),
    });
    const { consentId } = await (await tax.recordConsent(signed)).wait();
    const { requestId } = await (
      await tax.requestAccess({
        dataset: households,
        requester: "TAX",
        purpose: "DEED_TAX",
        legalBasis: "PRC-DEED-TAX-LAW-15",
        scope: ["name", "household"],
        durationSeconds: 30 * DAY,
        consentId,
      })
    ).wait();
    const outcome = await (await suite.exchange.connect(staff.PSB.officer).approveRequest(requestId, {})).wait();
    if (outcome.status !== "approved") throw new Error(`approval: ${outcome.status}`);
    const key = await tax.grantReceiptKey(newReceiptSecret(), outcome.grantId);
    await (await tax.recordAccess(outcome.grantId, key, { query: { id: "x" }, response: { household: "h" } })).wait();
    await (
      await tax.recordReceiptBatch(
        outcome.grantId,
        [1, 2, 3].map((n) => receiptHashes(key, { query: { n }, response: { n } })),
      )
    ).wait();
    server = await PageServer.start(connection);
    server.manifests.set("suite", suite.manifest);
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 800, height: 900 });
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  it("lists the citizen's certificates, consents and every receipt citing the consent, from identifier + salt", async function () {
    const rpcCalls = server.rpcCalls;
    await page.goto(server.pageUrl(), { waitUntil: "domcontentloaded" });
    await page.waitForSelector("body[data-state=ready]");
    await page.click("#tab-citizen");
    await page.type("#identifier", id);
    await page.type("#salt", salt);
    await page.click("#citizen-form button[type=submit]");
    await page.waitForSelector("body[data-citizen=done]", { timeout: 15_000 });
    await screenshot(page, "citizen-view");
    const text = (id: string) => page.$eval(id, (e) => e.textContent ?? "");
    const rows = (id: string) => page.$$eval(`${id} tbody tr`, (trs) => trs.map((tr) => tr.textContent ?? ""));
    expect(await text("#citizen-result")).to.include(commitment);
    expect(await rows("#my-certificates")).to.have.length(1); // not the other subject's licence
    expect((await rows("#my-certificates"))[0])
      .to.include("BUSINESS_LICENCE")
      .and.include("active");
    const consents = await rows("#my-consents");
    expect(consents).to.have.length(1);
    expect(consents[0]).to.include("TAX").and.include("DEED_TAX").and.include("active");
    const receipts = await rows("#my-receipts");
    expect(receipts).to.have.length(2); // one single receipt and one batch of three
    expect(receipts[0]).to.include("TAX").and.include("DEED_TAX");
    expect(receipts[1]).to.include("3 ×");
    // Nothing personal left the browser: no request to the node carried the identifier or the salt.
    expect(server.rpcCalls).to.be.above(rpcCalls);
    expect(server.bodies.some((b) => b.includes(id) || b.includes(salt.slice(2)))).to.equal(false);
  });

  it("signs the consent's revocation in the browser; once relayed, the page shows the consent revoked", async function () {
    await page.type("#consent-key", citizenKey.privateKey);
    await page.click("#my-consents button[data-consent]");
    await page.waitForSelector("#revocation[data-state=signed]", { timeout: 15_000 });
    const signed = JSON.parse(await page.$eval("#revocation", (e) => (e as unknown as { value: string }).value)) as {
      consentId: string;
      nonce: string;
      deadline: string;
      signature: string;
    };
    expect(server.bodies.some((b) => b.includes(citizenKey.privateKey.slice(2)))).to.equal(false);
    await relay({
      consentId: BigInt(signed.consentId),
      nonce: BigInt(signed.nonce),
      deadline: BigInt(signed.deadline),
      signature: signed.signature,
    });
    await page.evaluate("document.body.dataset.citizen = ''");
    await page.click("#citizen-form button[type=submit]");
    await page.waitForSelector("body[data-citizen=done]", { timeout: 15_000 });
    await screenshot(page, "citizen-revoked");
    const consents = await page.$$eval("#my-consents tbody tr", (trs) => trs.map((tr) => tr.textContent ?? ""));
    expect(consents[0]).to.include("revoked");
    expect(await page.$("#my-consents button[data-consent]")).to.equal(null);
  });
});
