/**
 * The verification page: the SDK's `CertificatesClient.verify` decides (one verification rule for
 * CLI, SDK and page); this file only adds the status reason, the renewal chain and the words.
 */
import { NO_EXPIRY, type CertificateDocument } from "../../sdk/certificates/document.js";
import type { CertificateRecord, VerificationResult } from "../../sdk/certificates/client.js";
import { certificateStatusHistory, type CertificateStatusChange } from "../../sdk/certificates/status-history.js";
import { documentFromLink } from "../../sdk/certificates/share.js";
import { GovChainError, ValidationError } from "../../sdk/errors/base.js";
import { CannotVerify, connect, type PageConfig } from "./chain.js";
import { date, t, type Key } from "./i18n.js";
import { named, statusWord, useNamesFor } from "./names.js";

export type Outcome =
  | { kind: "verified"; document: CertificateDocument; result: VerificationResult; extra: Extra; ms: number }
  | { kind: "cannot"; reason: CannotVerify["reason"]; detail: string }
  | { kind: "badInput"; detail: string };

interface Extra {
  /** The latest suspension or revocation (its reason), when the status is one. */
  change?: CertificateStatusChange;
  /** Successors, oldest first. */
  renewals: CertificateRecord[];
}

/** A document from pasted text: JSON, or a share link carrying one. */
export async function parseInput(text: string): Promise<CertificateDocument> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed) as CertificateDocument;
    } catch (error) {
      throw new ValidationError("document", `not JSON (${(error as Error).message})`);
    }
  }
  const document = await documentFromLink(trimmed.includes("#") ? trimmed : `#${trimmed}`);
  if (document === undefined) throw new ValidationError("document", "neither a JSON document nor a share link");
  return document;
}

export async function verifyDocument(config: PageConfig, document: CertificateDocument): Promise<Outcome> {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    return { kind: "badInput", detail: "not a JSON object" };
  }
  const started = performance.now();
  try {
    const { certificates, manifest } = await connect(config);
    useNamesFor((manifest as { city?: string }).city);
    const result = await certificates.verify(document);
    const extra: Extra = { renewals: [] };
    const record = result.record;
    if (record !== undefined && record.status !== "notIssued") {
      if (record.status === "suspended" || record.status === "revoked" || record.status === "superseded") {
        const ref =
          document.proof?.root !== undefined
            ? { ...document, proof: document.proof }
            : { certType: document.certType, certHash: result.certHash };
        const history = await certificateStatusHistory(certificates, ref, manifest.deploymentBlock ?? 0);
        extra.change = history.filter((c) => c.change === record.status).at(-1);
      }
      // Follow the renewals forward (a renewal names its successor); a handful at most in practice.
      let next = record.supersededBy;
      while (next !== undefined && extra.renewals.length < 20) {
        const successor = await certificates.record({ certType: document.certType, certHash: next });
        extra.renewals.push(successor);
        next = successor.supersededBy;
      }
    }
    return { kind: "verified", document, result, extra, ms: Math.round(performance.now() - started) };
  } catch (error) {
    if (error instanceof CannotVerify) return { kind: "cannot", reason: error.reason, detail: error.detail };
    // Anything the SDK threw while asking the chain (NetworkError, an undecodable answer, ...):
    // the chain did not answer the question, so nothing may be concluded about the document.
    const message = error instanceof GovChainError ? error.shortMessage : (error as Error).message;
    return { kind: "cannot", reason: "readFailed", detail: message };
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const short = (hash: string) => `${hash.slice(0, 10)}…${hash.slice(-6)}`;
const reasonText = (change?: CertificateStatusChange) => t(`reason_${change?.reason ?? "unknown"}` as Key);

function checkLine(name: Key, ok: boolean | undefined, text: string, detail?: string): HTMLLIElement {
  const mark = ok === undefined ? "–" : ok ? "✓" : "✗";
  const li = el(
    "li",
    { class: ok === undefined ? "" : ok ? "ok" : "bad", "data-check": name },
    el("span", { class: "mark", "aria-hidden": "true" }, mark),
    el("strong", {}, `${t(name)}: `),
    el("span", { class: "sr-only" }, ok === undefined ? "" : ok ? "✓ " : "✗ "),
    text,
  );
  if (detail !== undefined) li.append(el("div", { class: "muted" }, el("small", {}, `${t("technical")}: ${detail}`)));
  return li;
}

export function renderOutcome(target: HTMLElement, outcome: Outcome): void {
  target.replaceChildren();
  if (outcome.kind === "verified") target.dataset.ms = String(outcome.ms);
  else delete target.dataset.ms;
  if (outcome.kind === "badInput") {
    target.append(
      el(
        "p",
        { class: "verdict unknown", role: "alert", "data-verdict": "badInput" },
        t("badInput", { detail: outcome.detail }),
      ),
    );
    return;
  }
  if (outcome.kind === "cannot") {
    target.append(
      el("p", { class: "verdict unknown", role: "alert", "data-verdict": "cannot" }, t("cannot")),
      el("p", {}, t(outcome.reason)),
      el("p", {}, t("cannotHelp")),
      el("p", { class: "muted" }, el("small", {}, `${t("technical")}: ${outcome.detail}`)),
    );
    return;
  }
  const { document: doc, result, extra } = outcome;
  const { checks, record } = result;
  const verdict = el(
    "p",
    {
      class: `verdict ${result.valid ? "valid" : "invalid"}`,
      role: "status",
      "data-verdict": result.valid ? "valid" : "invalid",
    },
    result.valid ? t("valid") : t("invalid"),
  );
  const list = el("ul", { class: "checks" });
  const until = (v: number | bigint) => (Number(v) >= NO_EXPIRY ? t("noExpiry") : date(v));
  const integrated = checks.integrity.ok;
  list.append(
    checkLine(
      "checkIntegrity",
      checks.integrity.ok,
      checks.integrity.ok
        ? doc.proof?.root !== undefined
          ? t("integrityOkBatch", { root: short(doc.proof.root) })
          : t("integrityOk")
        : t("integrityBad"),
      checks.integrity.ok ? result.certHash : checks.integrity.reason,
    ),
  );
  if (!integrated) {
    for (const name of ["checkIssued", "checkStatus", "checkIssuer", "checkType", "checkValidity"] as const) {
      list.append(checkLine(name, undefined, t("notChecked")));
    }
  } else if (!checks.issued.ok || record === undefined) {
    list.append(checkLine("checkIssued", false, t("issuedBad"), checks.issued.reason));
    for (const name of ["checkStatus", "checkIssuer", "checkType", "checkValidity"] as const) {
      list.append(checkLine(name, undefined, t("notChecked")));
    }
  } else {
    list.append(checkLine("checkIssued", true, t("issuedOk", { date: date(record.issuedAt) })));
    const changed = date(extra.change?.timestamp ?? record.statusChangedAt);
    const statusText: Record<string, string> = {
      active: t("statusActive"),
      expired: t("statusExpired"),
      notYetValid: t("statusNotYet"),
      suspended: t("statusSuspended", { date: changed, reason: reasonText(extra.change) }),
      revoked: t("statusRevoked", { date: changed, reason: reasonText(extra.change) }),
      superseded: t("statusSuperseded", { date: changed }),
    };
    list.append(
      checkLine("checkStatus", checks.status.ok, statusText[record.status] ?? record.status, checks.status.reason),
      checkLine(
        "checkIssuer",
        checks.issuer.ok,
        checks.issuer.ok
          ? t("issuerOk", { department: named("departments", record.department) })
          : t("issuerBad", { detail: checks.issuer.reason ?? "" }),
      ),
      checkLine(
        "checkType",
        checks.type.ok,
        checks.type.ok
          ? t("typeOk", { type: named("certificateTypes", record.certType) })
          : t("typeBad", { detail: checks.type.reason ?? "" }),
      ),
    );
    const window = { from: date(doc.validFrom), until: until(doc.validUntil) };
    const matches = record.validFrom === BigInt(doc.validFrom) && record.validUntil === BigInt(doc.validUntil);
    const validityText = checks.validity.ok
      ? t("validityOk", window)
      : !matches
        ? t("validityBad")
        : result.at < BigInt(doc.validFrom)
          ? t("validityNotYet", window)
          : t("validityExpired", window);
    list.append(checkLine("checkValidity", checks.validity.ok, validityText, checks.validity.reason));
    const last = extra.renewals.at(-1);
    list.append(
      checkLine(
        "checkRenewal",
        undefined,
        last === undefined
          ? t("renewalNone")
          : t("renewalChain", {
              hash: extra.renewals.map((r) => short(r.certHash)).join(" → "),
              status: statusWord(last.status),
            }),
      ),
    );
  }
  const shown = Object.keys(doc.fields ?? {}).length;
  const hidden = doc.hiddenFields?.length ?? 0;
  const fields = el("dl", { class: "fields" });
  for (const [name, field] of Object.entries(doc.fields ?? {})) {
    const value = typeof field?.value === "string" ? field.value : JSON.stringify(field?.value);
    fields.append(el("dt", {}, name), el("dd", {}, value));
  }
  target.append(
    verdict,
    list,
    el("h3", {}, t("fields")),
    el(
      "p",
      { "data-disclosure": hidden > 0 ? "partial" : "full" },
      hidden > 0 ? t("disclosedSome", { shown, total: shown + hidden, hidden }) : t("disclosedAll"),
    ),
    fields,
    el("p", { class: "muted" }, el("small", {}, t("took", { ms: outcome.ms, at: date(result.at) }))),
  );
}
