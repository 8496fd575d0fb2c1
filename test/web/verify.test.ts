import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";

import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import type { Browser, Page } from "puppeteer-core";

import {
  commitSubject,
  createDocument,
  disclose,
  NO_EXPIRY,
  type IssuedCertificate,
  type CertificatesClient,
} from "../../sdk/index.js";
import { encodeShareFragment } from "../../sdk/certificates/share.js";
import { deployStaffedSuite } from "../helpers/suite.js";
import { launchBrowser, openAndWait, PageServer, screenshot, STANDALONE_FILE } from "./page.js";

/** The verification page in headless Chromium against the suite on the in-process chain. */
describe("web: verification page", function () {
  this.timeout(180_000);
  let connection: NetworkConnection;
  let server: PageServer;
  let browser: Browser;
  let page: Page;
  let officer: CertificatesClient;
  const docs: Record<string, IssuedCertificate> = {};
  let manifest: { chainId: string; contracts: { CertificateRegistry: { proxy: string } } };

  const licence = async (fields: Record<string, string>, validFor?: number) => {
    const now = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    const document = createDocument({
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      subject: commitSubject("91110108MA01ABCD2X").commitment,
      validFrom: now - 60,
      validUntil: validFor === undefined ? NO_EXPIRY : now + validFor,
      fields,
    });
    return (await officer.issue(document)).wait();
  };

  before(async function () {
    // Needs Chromium and the built page: run by `npm run test:web` (which builds it), not by `npm test`.
    if (process.env.GOVCHAIN_WEB_TESTS !== "1") this.skip();
    connection = await network.create();
    const suite = await deployStaffedSuite(connection);
    officer = suite.certificates.connect(suite.staff.MARKET.officer);
    docs.valid = await licence({ name: "Beijing Tea House Ltd", address: "1 Qianmen St", capital: "1000000 CNY" });
    docs.tampered = {
      ...docs.valid,
      fields: { ...docs.valid.fields, name: { ...docs.valid.fields.name, value: "Other Ltd" } },
    };
    docs.disclosed = disclose(docs.valid, ["name"]);
    docs.suspended = await licence({ name: "Suspended Shop" });
    await (await officer.suspend(docs.suspended, "investigation")).wait();
    docs.revoked = await licence({ name: "Revoked Shop" });
    await (await officer.revoke(docs.revoked, "fraud")).wait();
    docs.expired = await licence({ name: "Expired Shop" }, 120);
    docs.renewedOld = await licence({ name: "Renewed Shop", year: "2025" });
    const now = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    const replacement = createDocument({
      ...docs.renewedOld,
      validFrom: now,
      validUntil: NO_EXPIRY,
      fields: { name: "Renewed Shop", year: "2026" },
    });
    await (await officer.renew(docs.renewedOld, replacement)).wait();
    await connection.networkHelpers.time.increase(600);
    await connection.networkHelpers.mine();
    server = await PageServer.start(connection);
    server.manifests.set("suite", suite.manifest);
    manifest = suite.manifest;
    server.manifests.set("otherChain", { ...suite.manifest, chainId: "999" });
    server.manifests.set("noRegistry", {
      ...suite.manifest,
      contracts: {
        ...suite.manifest.contracts,
        CertificateRegistry: { proxy: `0x${"12".repeat(20)}`, implementation: "" },
      },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 800, height: 900 });
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  async function verifyIn(name: string, options: { manifest?: string; rpc?: string; lang?: "zh" } = {}) {
    const url = server.pageUrl({ ...options, fragment: await encodeShareFragment(docs[name] ?? docs.valid) });
    await openAndWait(page, options.lang === "zh" ? url.replace("?", "?lang=zh&") : url);
    const verdict = await page.$eval("[data-verdict]", (e) => e.getAttribute("data-verdict"));
    const text = await page.$eval("#result", (e) => e.textContent ?? "");
    const ms = await page.$eval("#result", (e) => Number(e.getAttribute("data-ms") ?? "NaN"));
    const check = async (c: string) =>
      page.$eval(`li[data-check=${c}]`, (e) => ({ cls: e.className, text: e.textContent ?? "" }));
    return { verdict, text, ms, check };
  }

  it("shows a valid document as valid, every check passed, in under a second", async function () {
    const r = await verifyIn("valid");
    await screenshot(page, "verify-valid");
    expect(r.verdict).to.equal("valid");
    for (const c of ["checkIntegrity", "checkIssued", "checkStatus", "checkIssuer", "checkType", "checkValidity"]) {
      expect((await r.check(c)).cls, c).to.equal("ok");
    }
    expect((await r.check("checkIssuer")).text).to.include("MARKET");
    expect((await r.check("checkType")).text).to.include("BUSINESS_LICENCE");
    expect(r.text).to.include("Beijing Tea House Ltd").and.include("All fields are shown");
    expect(r.ms).to.be.below(1_000);
  });

  it("shows a tampered document as altered, and checks nothing on chain", async function () {
    const r = await verifyIn("tampered");
    await screenshot(page, "verify-tampered");
    expect(r.verdict).to.equal("invalid");
    expect((await r.check("checkIntegrity")).cls).to.equal("bad");
    expect(r.text).to.include("Altered or damaged");
  });

  it("shows a selectively disclosed document as valid, with only its disclosed fields, and says so", async function () {
    const r = await verifyIn("disclosed");
    await screenshot(page, "verify-disclosed");
    expect(r.verdict).to.equal("valid");
    expect(r.text).to.include("Beijing Tea House Ltd").and.not.include("1 Qianmen St");
    expect(r.text).to.include("disclosed 1 of 3 fields");
  });

  it("shows a suspended document with the date and reason", async function () {
    const r = await verifyIn("suspended");
    await screenshot(page, "verify-suspended");
    expect(r.verdict).to.equal("invalid");
    const status = await r.check("checkStatus");
    expect(status.cls).to.equal("bad");
    expect(status.text).to.include("Suspended on").and.include("under investigation");
  });

  it("shows a revoked document with the reason, in Chinese too", async function () {
    const r = await verifyIn("revoked");
    expect(r.verdict).to.equal("invalid");
    expect((await r.check("checkStatus")).text)
      .to.include("Revoked on")
      .and.include("fraud");
    const zh = await verifyIn("revoked", { lang: "zh" });
    await screenshot(page, "verify-revoked-zh");
    expect(zh.text).to.include("无效").and.include("撤销").and.include("欺诈");
  });

  it("shows an expired document as expired, not as revoked", async function () {
    const r = await verifyIn("expired");
    await screenshot(page, "verify-expired");
    expect(r.verdict).to.equal("invalid");
    expect((await r.check("checkStatus")).cls).to.equal("ok");
    expect((await r.check("checkValidity")).text).to.include("Expired on");
  });

  it("shows a renewed document as replaced, with its renewal chain", async function () {
    const r = await verifyIn("renewedOld");
    expect(r.verdict).to.equal("invalid");
    expect((await r.check("checkStatus")).text).to.include("Replaced by a newer certificate");
    expect((await r.check("checkRenewal")).text)
      .to.include("Renewed")
      .and.include("active");
  });

  for (const [title, options, reason] of [
    ["the node is down", { rpc: "http://127.0.0.1:9/rpc" }, "cannot be reached"],
    ["the node is on another chain", { manifest: "otherChain" }, "different chain"],
    ["the manifest names no registry on this chain", { manifest: "noRegistry" }, "manifest is unknown"],
    ["the manifest cannot be loaded", { manifest: "missing" }, "manifest is unknown"],
  ] as const) {
    it(`says "cannot verify now" when ${title}, never revoked or tampered`, async function () {
      for (const name of ["valid", "revoked", "tampered"]) {
        const r = await verifyIn(name, options);
        if (name === "valid") await screenshot(page, `verify-cannot-${title.replace(/\W+/g, "-")}`);
        expect(r.verdict, name).to.equal("cannot");
        expect(r.text).to.include("CANNOT VERIFY NOW").and.include(reason);
        expect(r.text).to.not.match(/Revoked|Altered|NOT VALID/);
      }
    });
  }

  it('says "cannot verify now" when the node fails mid-verification (its reads answer 503)', async function () {
    server.failing.add("eth_call");
    try {
      for (const name of ["valid", "revoked"]) {
        const r = await verifyIn(name);
        expect(r.verdict, name).to.equal("cannot");
        expect(r.text)
          .to.include("could not be read")
          .and.not.match(/Revoked|NOT VALID/);
      }
      await screenshot(page, "verify-cannot-read-failed");
    } finally {
      server.failing.clear();
    }
  });

  it("is usable at phone width (no horizontal scrolling)", async function () {
    await page.setViewport({ width: 360, height: 740, isMobile: true });
    try {
      await verifyIn("suspended");
      await screenshot(page, "verify-phone");
      // Every element fits the 360 px screen (a long hash once pushed the page to 500 px).
      const widest = await page.evaluate(
        '(() => Math.max(...[...document.querySelectorAll("body *")].map((e) => e.getBoundingClientRect().right)))()',
      );
      expect(widest).to.be.at.most(360);
    } finally {
      await page.setViewport({ width: 800, height: 900 });
    }
  });

  it("names the issuing department and the type (English and Chinese), with their codes", async function () {
    const en = await verifyIn("valid");
    expect((await en.check("checkIssuer")).text).to.include(
      "Beijing Municipal Administration for Market Regulation (MARKET)",
    );
    expect((await en.check("checkType")).text).to.match(/Business licence.*\(BUSINESS_LICENCE\)/i);
    const zh = await verifyIn("valid", { lang: "zh" });
    expect((await zh.check("checkIssuer")).text).to.include("北京市市场监督管理局 (MARKET)");
    expect((await zh.check("checkType")).text).to.include("营业执照");
    const renewed = await verifyIn("renewedOld", { lang: "zh" });
    expect((await renewed.check("checkRenewal")).text)
      .to.include("有效")
      .and.not.include("active");
  });

  it("loads only what verifying needs first; the citizen view's chunk comes with its tab", async function () {
    server.assets.length = 0;
    await verifyIn("valid");
    expect(server.assets.some((a) => a.startsWith("index-"))).to.equal(true);
    expect(server.assets.filter((a) => a.startsWith("citizen-"))).to.deep.equal([]);
    await page.click("#tab-citizen");
    await page.waitForFunction("document.querySelector('#tab-citizen').getAttribute('aria-pressed') === 'true'");
    for (let i = 0; i < 50 && !server.assets.some((a) => a.startsWith("citizen-")); i++) await sleep(100);
    expect(server.assets.filter((a) => a.startsWith("citizen-"))).to.have.length(1);
  });

  it("works as one self-contained file opened from disk (standalone.html, file://)", async function () {
    const q = new URLSearchParams({
      rpc: `${server.url}/rpc`,
      registry: manifest.contracts.CertificateRegistry.proxy,
      chainId: manifest.chainId,
    });
    const fragment = await encodeShareFragment(docs.suspended);
    await openAndWait(page, `${pathToFileURL(STANDALONE_FILE).href}?${q}#d=${fragment}`);
    expect(await page.$eval("[data-verdict]", (e) => e.getAttribute("data-verdict"))).to.equal("invalid");
    expect(await page.$eval("#result", (e) => e.textContent ?? "")).to.include("under investigation");
  });
});
