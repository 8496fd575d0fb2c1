import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import puppeteer from "puppeteer-core";

import { checkShareOptions, licencePage, shareOutputs, writePdf } from "../../cli/commands/certificate-share.js";
import { commitSubject, createDocument, disclose, shareLink, ValidationError } from "../../sdk/index.js";
import { CHROMIUM, RESULTS } from "./page.js";
import { readQrPng, readQrSvg } from "./qr.js";

/**
 * `govchain cert print` and the share link of `cert issue`/`cert show` (cli/commands/certificate-share.ts):
 * the printed QR code must read back (with an independent QR reader) as the document's share link.
 * Plain Node, no chain; the PDF and the rendered page need Chromium (GOVCHAIN_WEB_TESTS=1).
 */
describe("web: printed licences and share links from the CLI", function () {
  this.timeout(120_000);
  const PAGE = "https://verify.example/gov/?rpc=https%3A%2F%2Fnode.example&manifest=m.json";
  const document = {
    ...createDocument({
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      subject: commitSubject("91110108MA01ABCD2X").commitment,
      validFrom: 1_700_000_000,
      validUntil: 1_900_000_000,
      fields: { name: "北京茶馆有限公司", address: "1 Qianmen St <b>", capital: 1_000_000 },
    }),
  };
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), "govchain-print-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const svgOf = (html: string) => /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? "";

  it("prints the QR code of the document's share link, with names, validity, fields and a short URL", async function () {
    const { html, link } = await licencePage(document, PAGE);
    expect(link).to.equal(await shareLink(document, PAGE));
    expect(readQrSvg(svgOf(html))).to.equal(link);
    expect(html).to.contain("@page { size: A4");
    expect(html)
      .to.contain("北京市市场监督管理局")
      .and.contain("Beijing Municipal Administration for Market Regulation");
    expect(html).to.contain("营业执照").and.contain("签发部门").and.contain("Issuing department");
    expect(html).to.contain("2023-11-15 — 2030-03-18"); // Beijing dates of 1.7e9 and 1.9e9
    expect(html).to.contain("北京茶馆有限公司").and.contain("1 Qianmen St &lt;b&gt;").and.not.contain("<b>");
    expect(html).to.match(/<code data-verify-url>verify\.example\/gov\/<\/code>/);
  });

  it("prints only a disclosed document's fields, and says how many are hidden", async function () {
    const { html, link } = await licencePage(disclose(document, ["name"]), PAGE);
    expect(html).to.contain("北京茶馆有限公司").and.not.contain("Qianmen");
    expect(html).to.contain("2 more field(s) not disclosed");
    expect(readQrSvg(svgOf(html))).to.equal(link);
  });

  it("issue/show output: the share link when a page is known, the QR file read back as the link", async function () {
    expect(await shareOutputs(document, {})).to.deep.equal({});
    const qr = path.join(dir, "issued.png");
    const out = await shareOutputs(document, { page: PAGE, qr });
    expect(out.shareLink).to.equal(await shareLink(document, PAGE));
    expect(out.qr).to.equal(qr);
    expect(readQrPng(readFileSync(qr))).to.equal(out.shareLink);
    const svg = path.join(dir, "issued.svg");
    await shareOutputs(document, { page: PAGE, qr: svg });
    expect(readQrSvg(readFileSync(svg, "utf8"))).to.equal(out.shareLink);
  });

  it("refuses --qr before anything is sent: no page, a wrong extension, an existing file", function () {
    const saved = process.env.GOVCHAIN_VERIFY_URL;
    delete process.env.GOVCHAIN_VERIFY_URL;
    try {
      expect(() => checkShareOptions({ qr: path.join(dir, "a.png") })).to.throw(ValidationError, /--page/);
      expect(() => checkShareOptions({ page: PAGE, qr: path.join(dir, "a.jpg") })).to.throw(
        ValidationError,
        /\.png or \.svg/,
      );
      expect(() => checkShareOptions({ page: PAGE, qr: path.join(dir, "issued.png") })).to.throw(ValidationError);
      expect(() => checkShareOptions({ page: "ftp://x" })).to.throw(ValidationError, /not an http/);
      expect(() => checkShareOptions({ page: PAGE, qr: path.join(dir, "new.svg") })).to.not.throw();
    } finally {
      if (saved !== undefined) process.env.GOVCHAIN_VERIFY_URL = saved;
    }
  });

  it("says in one line that a PDF needs Chromium when there is none", async function () {
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = path.join(dir, "no-chromium");
    try {
      await writePdf("<p>x</p>", path.join(dir, "x.pdf")).then(
        () => expect.fail("a PDF without Chromium"),
        (error: ValidationError) => {
          expect(error).to.be.instanceOf(ValidationError);
          expect(error.message)
            .to.match(/no Chromium at .*no-chromium/)
            .and.not.contain("\n");
        },
      );
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });

  describe("in headless Chromium", function () {
    before(function () {
      if (process.env.GOVCHAIN_WEB_TESTS !== "1" || !existsSync(CHROMIUM)) this.skip();
    });

    it("writes an A4 PDF, and the printed page's QR code scans as the share link", async function () {
      const { html, link } = await licencePage(document, PAGE);
      const pdf = path.join(dir, "licence.pdf");
      await writePdf(html, pdf);
      const bytes = readFileSync(pdf);
      expect(bytes.subarray(0, 5).toString()).to.equal("%PDF-");
      expect(bytes.toString("latin1")).to.match(/\/MediaBox \[0 0 59[45]\.\d* 841\.\d*\]/); // A4 in points
      // The page as printed (print media, A4 width at 96 dpi), photographed, then scanned.
      const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
      try {
        const tab = await browser.newPage();
        await tab.setViewport({ width: 794, height: 1123, deviceScaleFactor: 3 }); // a 300 dpi photograph
        await tab.emulateMediaType("print");
        await tab.setContent(html, { waitUntil: "load" });
        mkdirSync(RESULTS, { recursive: true });
        const png = await tab.screenshot({ path: path.join(RESULTS, "licence-print.png"), fullPage: true });
        expect(readQrPng(png)).to.equal(link);
      } finally {
        await browser.close();
      }
    });
  });
});
