import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { expect } from "chai";
import { network } from "hardhat";
import type { Browser, Page } from "puppeteer-core";

import { commitSubject, createDocument, NO_EXPIRY } from "../../sdk/index.js";
import { encodeShareFragment } from "../../sdk/certificates/share.js";
import { deployStaffedSuite } from "../helpers/suite.js";
import { launchBrowser, openAndWait, PageServer, screenshot } from "./page.js";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Accessibility of both pages (axe-core, WCAG 2 A/AA rules) with results on screen, at a phone's
 * viewport and a desktop's, in English and Chinese: no serious or critical violation.
 */
describe("web: accessibility (axe-core) at phone and desktop sizes", function () {
  this.timeout(240_000);
  let server: PageServer;
  let browser: Browser;
  let page: Page;
  let fragment: string;
  const holder = commitSubject("91110108MA01ABCD2X");

  before(async function () {
    if (process.env.GOVCHAIN_WEB_TESTS !== "1") this.skip();
    const connection = await network.create();
    const suite = await deployStaffedSuite(connection);
    const officer = suite.certificates.connect(suite.staff.MARKET.officer);
    const now = Number((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    const document = createDocument({
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      subject: holder.commitment,
      validFrom: now - 60,
      validUntil: NO_EXPIRY,
      fields: { name: "Beijing Tea House Ltd", address: "1 Qianmen St" },
    });
    const issued = await (await officer.issue(document)).wait();
    await (await officer.suspend(issued, "investigation")).wait();
    fragment = await encodeShareFragment(issued);
    server = await PageServer.start(connection);
    server.manifests.set("suite", suite.manifest);
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async function () {
    await browser?.close();
    await server?.close();
  });

  async function serious(): Promise<Violation[]> {
    if ((await page.evaluate("typeof axe")) === "undefined") await page.addScriptTag({ content: AXE });
    const violations = (await page.evaluate(`axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target)) })))`)) as Violation[];
    return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  }

  const sizes = [
    { name: "phone", width: 390, height: 844, isMobile: true, hasTouch: true },
    { name: "desktop", width: 1280, height: 800, isMobile: false, hasTouch: false },
  ];
  for (const size of sizes) {
    for (const lang of ["en", "zh"] as const) {
      it(`verify page with a result (${size.name} ${size.width}×${size.height}, ${lang})`, async function () {
        await page.setViewport(size);
        const url = server.pageUrl({ fragment });
        await openAndWait(page, lang === "zh" ? url.replace("?", "?lang=zh&") : url);
        await screenshot(page, `a11y-verify-${size.name}-${lang}`);
        expect(await serious()).to.deep.equal([]);
      });

      it(`citizen view with its tables (${size.name} ${size.width}×${size.height}, ${lang})`, async function () {
        await page.setViewport(size);
        const url = server.pageUrl();
        await page.goto(lang === "zh" ? url.replace("?", "?lang=zh&") : url, { waitUntil: "domcontentloaded" });
        await page.waitForSelector("body[data-state=ready]");
        await page.click("#tab-citizen");
        await page.type("#identifier", "91110108MA01ABCD2X");
        await page.type("#salt", holder.salt);
        await page.click("#citizen-form button[type=submit]");
        await page.waitForSelector("body[data-citizen=done]", { timeout: 15_000 });
        expect(await page.$$("#my-certificates tbody tr")).to.have.length(1);
        await screenshot(page, `a11y-citizen-${size.name}-${lang}`);
        expect(await serious()).to.deep.equal([]);
      });
    }
  }
});
