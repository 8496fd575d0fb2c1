/**
 * A certificate as a print-ready A4 page (`govchain cert print`): bilingual labels, the disclosed
 * fields, the issuing department's and the type's names, the validity window, and the QR code of the
 * document's share link, so a paper licence can be checked by scanning it. Dates are Beijing dates
 * (the city's time zone), not the printing machine's.
 */
import { NO_EXPIRY, type CertificateDocument } from "../../sdk/index.js";
import { bilingual, type Names } from "./names.js";

export interface LicencePage {
  document: CertificateDocument;
  certHash: string;
  /** The share link the QR code carries. */
  link: string;
  /** The QR code of `link`, as SVG text (inlined: the page needs no other file). */
  qrSvg: string;
  issuer?: Names;
  type?: Names;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A unix time as a Beijing calendar date, 2026-11-30. */
export function beijingDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
}

/** The page a link opens, without its query and fragment: short enough to type from paper. */
export function shortPageUrl(link: string): string {
  const url = new URL(link);
  return url.protocol === "file:" ? url.pathname : `${url.host}${url.pathname}`;
}

const row = (zh: string, en: string, value: string) =>
  `<tr><th scope="row"><span lang="zh-CN">${zh}</span><br><small>${en}</small></th><td>${value}</td></tr>`;

export function licenceHtml(page: LicencePage): string {
  const { document: doc } = page;
  const name = (names: Names | undefined, code: string) =>
    `${escape(bilingual(names, code))}${names?.name === undefined && names?.nameZh === undefined ? "" : ` <small>(${escape(code)})</small>`}`;
  const until = doc.validUntil >= NO_EXPIRY ? "长期有效 / no expiry" : beijingDate(doc.validUntil);
  const fields = Object.entries(doc.fields ?? {}).map(
    ([key, field]) =>
      `<tr><th scope="row">${escape(key)}</th><td>${escape(typeof field.value === "string" ? field.value : JSON.stringify(field.value))}</td></tr>`,
  );
  const hidden = doc.hiddenFields?.length ?? 0;
  const title = bilingual(page.type, doc.certType);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
@page { size: A4; margin: 18mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; margin: 0; }
h1 { font-size: 22pt; margin: 0 0 4mm; }
h1 small { display: block; font-size: 12pt; font-weight: normal; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 4mm 0; }
th, td { border: 1px solid #999; padding: 2.5mm 3mm; text-align: left; vertical-align: top; font-size: 11pt; }
th { width: 38%; background: #f2f2f2; font-weight: normal; }
th small, .note { color: #333; }
.verify { display: flex; gap: 6mm; align-items: center; margin-top: 6mm; page-break-inside: avoid; }
.qr svg { width: 48mm; height: 48mm; display: block; }
code { font-size: 9pt; word-break: break-all; }
</style>
</head>
<body>
<h1>${escape(page.type?.nameZh ?? doc.certType)}<small>${escape(page.type?.name ?? doc.certType)}</small></h1>
<table>
${row("签发部门", "Issuing department", name(page.issuer, doc.issuer))}
${row("证照类型", "Certificate type", name(page.type, doc.certType))}
${row("有效期", "Valid", `${beijingDate(doc.validFrom)} — ${until}`)}
${row("证照编号", "Certificate hash", `<code>${escape(page.certHash)}</code>`)}
</table>
<table aria-label="字段 Fields">
${fields.join("\n")}
</table>
${hidden > 0 ? `<p class="note">另有 ${hidden} 个字段未披露 / ${hidden} more field(s) not disclosed (their hashes still count in the check)</p>` : ""}
<div class="verify">
<div class="qr" role="img" aria-label="QR code: share link">${page.qrSvg}</div>
<div>
<p><strong>扫码核验 / Scan to verify</strong></p>
<p>核验网址 / Verify at: <code data-verify-url>${escape(shortPageUrl(page.link))}</code></p>
<p class="note">二维码携带本证照文件，核验时只在链上查询其哈希。<br>The code carries this document; verifying looks up only its hash on the chain.</p>
</div>
</div>
</body>
</html>
`;
}
