/**
 * Share links, QR codes and printed licences (issue 18): `cert link`, `cert qr`, `cert print`, and
 * the share link (and QR file) that `cert issue` and `cert show` add to their output.
 */
import { existsSync, writeFileSync } from "node:fs";

import type { Command } from "commander";

import { loadCityConfig } from "../../config/city.js";
import {
  documentHash,
  GovChainError,
  shareLink,
  shareQr,
  ValidationError,
  type CertificateDocument,
} from "../../sdk/index.js";
import type { GlobalOptions } from "../context.js";
import { refuseOverwrite } from "../durable.js";
import { readJson } from "../input.js";
import { licenceHtml } from "../format/licence.js";
import { cityNames, type CityNames } from "../format/names.js";
import { print } from "../output.js";

type Globals = () => GlobalOptions;

/** The verification page a link points at: --page, else GOVCHAIN_VERIFY_URL; undefined when neither is set. */
export function verifyPageOption(page: string | undefined): string | undefined {
  const url = page ?? process.env.GOVCHAIN_VERIFY_URL;
  if (url === undefined || url === "") return undefined;
  if (!/^(https?|file):\/\//.test(url)) throw new ValidationError("--page", `${url} is not an http(s) or file URL`);
  return url;
}

/** As {@link verifyPageOption}, when a link cannot be made without one. */
export function verifyPage(page: string | undefined): string {
  const url = verifyPageOption(page);
  if (url === undefined) {
    throw new ValidationError("--page", "name the verification page (--page <url> or GOVCHAIN_VERIFY_URL)");
  }
  return url;
}

/** "png" or "svg" by a file's extension; a ValidationError for anything else. */
export function qrFormat(file: string, option = "--qr"): "png" | "svg" {
  const lower = file.toLowerCase();
  if (lower.endsWith(".svg")) return "svg";
  if (lower.endsWith(".png")) return "png";
  throw new ValidationError(option, `${file} must end in .png or .svg`);
}

/**
 * Checks `--qr` and `--page` before anything is sent (a bad option must not cost an issuance):
 * a QR file needs a page to link to, and is never overwritten.
 */
export function checkShareOptions(opts: { page?: string; qr?: string }): void {
  const page = verifyPageOption(opts.page);
  if (opts.qr === undefined) return;
  qrFormat(opts.qr);
  if (page === undefined) {
    throw new ValidationError(
      "--qr",
      "a QR code links to the verification page: give --page <url> or GOVCHAIN_VERIFY_URL",
    );
  }
  refuseOverwrite(opts.qr, "--qr");
}

/**
 * The share link of `document` when a page is known (else nothing: links are a courtesy of the
 * output), and its QR code written to `opts.qr` when asked for.
 */
export async function shareOutputs(
  document: CertificateDocument,
  opts: { page?: string; qr?: string },
): Promise<{ shareLink?: string; qr?: string; qrError?: string }> {
  const page = verifyPageOption(opts.page);
  if (page === undefined) return {};
  const link = await shareLink(document, page);
  if (opts.qr === undefined) return { shareLink: link };
  try {
    writeFileSync(opts.qr, await shareQr(link, qrFormat(opts.qr)), { flag: "wx" });
  } catch (error) {
    // The certificate is issued by now: a QR code that cannot be drawn is reported, not a failure.
    return { shareLink: link, qrError: error instanceof GovChainError ? error.shortMessage : (error as Error).message };
  }
  return { shareLink: link, qr: opts.qr };
}

export function readDocument(file: string): CertificateDocument {
  const document = readJson(file, "document") as CertificateDocument;
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new ValidationError("document", `${file} does not hold a certificate document`);
  }
  documentHash(document); // a malformed document fails here, not in the holder's hands
  return document;
}

/** The city file's names (printing needs no chain); empty when the file cannot be read. */
function localNames(): CityNames {
  try {
    return cityNames(loadCityConfig().city);
  } catch {
    return cityNames("");
  }
}

/** The print-ready page of a document: HTML with the QR code of its share link inline. */
export async function licencePage(
  document: CertificateDocument,
  page: string,
): Promise<{ html: string; link: string }> {
  const link = await shareLink(document, page);
  const names = localNames();
  const html = licenceHtml({
    document,
    certHash: documentHash(document),
    link,
    qrSvg: (await shareQr(link, "svg")) as string,
    issuer: names.departments.get(document.issuer),
    type: names.certificateTypes.get(document.certType),
  });
  return { html, link };
}

export const CHROMIUM = () => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Prints `html` to an A4 PDF through headless Chromium (puppeteer-core); one clear error when there is none. */
export async function writePdf(html: string, out: string): Promise<void> {
  const executablePath = CHROMIUM();
  if (!existsSync(executablePath)) {
    throw new ValidationError(
      "--pdf",
      `no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH); print the --out HTML from a browser instead`,
    );
  }
  let puppeteer: typeof import("puppeteer-core").default;
  try {
    puppeteer = (await import("puppeteer-core")).default;
  } catch {
    throw new ValidationError(
      "--pdf",
      "puppeteer-core is not installed (npm install puppeteer-core); print the --out HTML from a browser instead",
    );
  }
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
  try {
    const tab = await browser.newPage();
    await tab.setContent(html, { waitUntil: "load" });
    const pdf = await tab.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    writeFileSync(out, pdf, { flag: "wx" });
  } finally {
    await browser.close();
  }
}

export function shareCommands(certificates: Command, globals: Globals): void {
  const pageOption = (command: Command) =>
    command.option(
      "--page <url>",
      "the verification page (default: GOVCHAIN_VERIFY_URL), with its ?rpc=&manifest= if any",
    );
  pageOption(
    certificates
      .command("link <document>")
      .description("a share link carrying the document in its #fragment (never sent to a server)"),
  ).action(async (file: string, opts: { page?: string }) => {
    const link = await shareLink(readDocument(file), verifyPage(opts.page));
    print(globals(), { link }, () => console.log(link));
  });
  pageOption(
    certificates
      .command("qr <document>")
      .description("a QR code (PNG or SVG, by --out's extension) of the document's share link, for printing")
      .requiredOption("--out <file>", "where to write it: a .png or .svg file (not overwritten)"),
  ).action(async (file: string, opts: { page?: string; out: string }) => {
    const format = qrFormat(opts.out, "--out");
    refuseOverwrite(opts.out);
    const link = await shareLink(readDocument(file), verifyPage(opts.page));
    const image = await shareQr(link, format);
    writeFileSync(opts.out, image, { flag: "wx" });
    print(globals(), { out: opts.out, link }, () =>
      console.log(`${opts.out}: QR code of ${link.length}-character link`),
    );
  });
  pageOption(
    certificates
      .command("print <document>")
      .description(
        "a print-ready A4 licence (Chinese and English labels, the disclosed fields, issuer, validity and the " +
          "QR code of its share link): HTML always, PDF through headless Chromium with --pdf",
      )
      .option("--out <file.html>", "where to write the HTML (default: the document's name with .html; not overwritten)")
      .option("--pdf <file.pdf>", "also write a PDF (needs Chromium: /usr/bin/chromium or CHROMIUM_PATH)"),
  ).action(async (file: string, opts: { page?: string; out?: string; pdf?: string }) => {
    const document = readDocument(file);
    const page = verifyPage(opts.page);
    const out = opts.out ?? file.replace(/(\.json)?$/i, ".html");
    refuseOverwrite(out);
    if (opts.pdf !== undefined) refuseOverwrite(opts.pdf, "--pdf");
    const { html, link } = await licencePage(document, page);
    writeFileSync(out, html, { flag: "wx" });
    if (opts.pdf !== undefined) await writePdf(html, opts.pdf);
    print(globals(), { out, pdf: opts.pdf, shareLink: link }, () =>
      console.log(`${out}${opts.pdf === undefined ? "" : ` and ${opts.pdf}`}: ${document.certType} with its QR code`),
    );
  });
}
