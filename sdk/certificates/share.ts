import { ValidationError } from "../errors/base.js";
import type { CertificateDocument } from "./document.js";

/**
 * Share links and QR codes for certificate documents.
 *
 * The link carries the whole document, deflated and base64url-encoded, in the URL **fragment**
 * (`#d=...`): browsers never send the fragment to a server, so the page's host (a gateway, a CDN)
 * never sees a holder's fields. The same code runs in Node and in the verification page
 * (CompressionStream, btoa and atob are global in both), so a link is encoded and decoded one way.
 */
export const SHARE_PARAM = "d";

/** QR codes hold at most 2,953 bytes (version 40, level L); longer links need a shorter document (disclose fewer fields). */
export const QR_MAX_BYTES = 2_953;

async function pipe(data: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([data]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new ValidationError("share link", "the fragment is not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The document as a compact fragment value (deflate-raw, base64url). */
export async function encodeShareFragment(document: CertificateDocument): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(document));
  return toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The document a fragment value carries; a {@link ValidationError} when it is not one. */
export async function decodeShareFragment(value: string): Promise<CertificateDocument> {
  let parsed: unknown;
  try {
    const json = await pipe(fromBase64Url(value), new DecompressionStream("deflate-raw"));
    parsed = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError("share link", "the link is damaged (cannot decompress the document)", { cause: error });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ValidationError("share link", "the link does not carry a certificate document");
  }
  return parsed as CertificateDocument;
}

/**
 * A link to the verification page carrying `document`. `pageUrl` is the page (it may carry the
 * page's own query, e.g. `?rpc=...&manifest=...`); any fragment it has is replaced.
 */
export async function shareLink(document: CertificateDocument, pageUrl: string): Promise<string> {
  const base = pageUrl.split("#")[0];
  return `${base}#${SHARE_PARAM}=${await encodeShareFragment(document)}`;
}

/** The document a share link (or just its `#d=...` fragment) carries, or undefined when it carries none. */
export async function documentFromLink(link: string): Promise<CertificateDocument | undefined> {
  const hash = link.includes("#") ? link.slice(link.indexOf("#") + 1) : "";
  const value = new URLSearchParams(hash).get(SHARE_PARAM);
  return value === null || value === "" ? undefined : decodeShareFragment(value);
}

/** A QR code of a share link, as SVG text or PNG bytes (npm `qrcode`, loaded only when asked for). */
export async function shareQr(link: string, format: "svg" | "png"): Promise<string | Uint8Array> {
  if (new TextEncoder().encode(link).length > QR_MAX_BYTES) {
    throw new ValidationError(
      "share link",
      `the link is ${link.length} bytes, more than a QR code holds (${QR_MAX_BYTES}): disclose fewer fields`,
    );
  }
  const QRCode = (await import("qrcode")).default;
  const options = { errorCorrectionLevel: "L" as const, margin: 2 };
  if (format === "svg") return QRCode.toString(link, { ...options, type: "svg" });
  return new Uint8Array(await QRCode.toBuffer(link, { ...options, type: "png" }));
}
