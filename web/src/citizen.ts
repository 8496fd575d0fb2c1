/**
 * "Who used my data": the commitment is computed here, in the browser, from the identifier and
 * salt (nothing personal is sent anywhere); the page then reads the chain's public events for that
 * commitment: certificates issued to it, cases about it, consents it gave, and every access receipt
 * recorded under a grant that cites one of those consents.
 */
import { computeAddress, decodeBytes32String, SigningKey, TypedDataEncoder } from "ethers";

import { subjectCommitment } from "../../sdk/property/title.js";
import { GovChainError } from "../../sdk/errors/base.js";
import { consentDomain, REVOKE_CONSENT_TYPES } from "../../sdk/exchange/consent-types.js";
import { DataExchange__factory, ReceiptLog__factory, Workflow__factory } from "../../typechain-types/index.js";
import { CannotVerify, connect, type PageConfig } from "./chain.js";
import { date, t, type Key } from "./i18n.js";
import { named, statusWord, useNamesFor } from "./names.js";

interface Row {
  cells: string[];
  /** An active consent: the row gets a Revoke button. */
  consentId?: bigint;
}
interface Findings {
  commitment: string;
  certificates: Row[];
  cases: Row[];
  consents: Row[];
  receipts: Row[];
}

const code = (value: string) => {
  try {
    return /^0x0+$/.test(value) ? "—" : decodeBytes32String(value);
  } catch {
    return `${value.slice(0, 10)}…`;
  }
};

async function look(config: PageConfig, commitment: string): Promise<Findings> {
  const { provider, certificates, manifest } = await connect(config);
  useNamesFor((manifest as { city?: string }).city);
  const from = manifest.deploymentBlock ?? 0;
  const c = manifest.contracts;
  const time = new Map<number, number>();
  const when = async (log: { blockNumber: number }) => {
    if (!time.has(log.blockNumber)) time.set(log.blockNumber, (await provider.getBlock(log.blockNumber))!.timestamp);
    return date(time.get(log.blockNumber)!);
  };
  const found: Findings = { commitment, certificates: [], cases: [], consents: [], receipts: [] };
  // Certificates: the subject is not an indexed topic, so scan the issuances and keep ours.
  const registry = certificates.contract;
  const issued = await registry.queryFilter(registry.filters.CertificateIssued(), from);
  for (const log of issued.filter((l) => l.args.subject.toLowerCase() === commitment)) {
    const type = code(log.args.certType);
    const status = await certificates.status({ certType: type, certHash: log.args.certHash });
    found.certificates.push({
      cells: [
        named("certificateTypes", type),
        await when(log),
        statusWord(status),
        `${log.args.certHash.slice(0, 12)}…`,
      ],
    });
  }
  if (c.Workflow?.proxy !== undefined) {
    const workflow = Workflow__factory.connect(c.Workflow.proxy, provider);
    const opened = await workflow.queryFilter(workflow.filters.CaseOpened(undefined, undefined, commitment), from);
    for (const log of opened)
      found.cases.push({
        cells: [String(log.args.caseId), named("caseTypes", code(log.args.caseType)), await when(log)],
      });
  }
  if (c.DataExchange?.proxy !== undefined) {
    const exchange = DataExchange__factory.connect(c.DataExchange.proxy, provider);
    const consents = await exchange.queryFilter(exchange.filters.ConsentRecorded(undefined, commitment), from);
    const revoked = new Set(
      (await exchange.queryFilter(exchange.filters.ConsentRevoked(undefined, commitment), from)).map((l) =>
        String(l.args.consentId),
      ),
    );
    const mine = new Set(consents.map((l) => String(l.args.consentId)));
    for (const log of consents) {
      found.consents.push({
        cells: [
          String(log.args.consentId),
          named("departments", code(log.args.department)),
          code(log.args.purpose),
          await when(log),
          statusWord(revoked.has(String(log.args.consentId)) ? "revoked" : "active"),
        ],
        consentId: revoked.has(String(log.args.consentId)) ? undefined : log.args.consentId,
      });
    }
    // Requests (id = grant id) citing one of these consents, then the receipts under those grants.
    const requests = (await exchange.queryFilter(exchange.filters.AccessRequested(), from)).filter((l) =>
      mine.has(String(l.args.consentId)),
    );
    if (requests.length > 0 && c.ReceiptLog !== undefined) {
      const receiptLog = ReceiptLog__factory.connect(c.ReceiptLog, provider);
      for (const request of requests) {
        const grantId = request.args.requestId;
        const single = await receiptLog.queryFilter(receiptLog.filters.AccessRecorded(grantId), from);
        const batches = await receiptLog.queryFilter(receiptLog.filters.AccessBatchRecorded(grantId), from);
        const logs = [
          ...single.map((log) => ({ log, count: 1 })),
          ...batches.map((log) => ({ log, count: Number(log.args.count) })),
        ].sort((a, b) => a.log.blockNumber - b.log.blockNumber);
        for (const { log, count } of logs) {
          found.receipts.push({
            cells: [
              named("departments", code(request.args.requester)),
              await when(log),
              String(grantId),
              code(request.args.purpose),
              count > 1 ? `${count} ×` : "1",
            ],
          });
        }
      }
    }
  }
  return found;
}

/**
 * Signs the EIP-712 revocation of a consent with the subject's key, in the browser; nothing is sent:
 * anyone may relay the result (`ExchangeClient.revokeConsent`). The typed data is the SDK's own
 * (`sdk/exchange/consent-types.ts`, which `ExchangeClient.signConsentRevocation` signs too); a bare
 * SigningKey keeps ethers' Wallet (and its keystore code) out of the bundle. The browser test relays
 * this signature to the real contract.
 */
async function signRevocation(config: PageConfig, consentId: bigint): Promise<string> {
  const key = (document.getElementById("consent-key") as HTMLInputElement).value.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new Error(t("revokeNeedsKey"));
  const { provider, manifest } = await connect(config);
  const c = manifest.contracts;
  if (c.DataExchange === undefined || c.ReceiptLog === undefined) throw new Error("the manifest names no exchange");
  const exchange = DataExchange__factory.connect(c.DataExchange.proxy, provider);
  const [d, nonce, block] = await Promise.all([
    exchange.eip712Domain(),
    exchange.nonces(computeAddress(key)),
    provider.getBlock("latest"),
  ]);
  const deadline = BigInt(block!.timestamp) + 3600n;
  const digest = TypedDataEncoder.hash(consentDomain(d), REVOKE_CONSENT_TYPES, { consentId, nonce, deadline });
  const signature = new SigningKey(key).sign(digest).serialized;
  const signed = { consentId, nonce, deadline, signature };
  return JSON.stringify(signed, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}

let onRevoke: (consentId: bigint) => void = () => undefined;

function table(headers: Key[], rows: Row[], caption: Key, id: string): HTMLElement {
  const section = document.createElement("section");
  section.id = id;
  const h = document.createElement("h3");
  h.textContent = `${t(caption)} (${rows.length})`;
  section.append(h);
  if (rows.length === 0) {
    const p = document.createElement("p");
    p.textContent = t("none");
    section.append(p);
    return section;
  }
  const tableEl = document.createElement("table");
  const head = tableEl.createTHead().insertRow();
  for (const key of headers) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = t(key);
    head.append(th);
  }
  if (rows.some((r) => r.consentId !== undefined)) head.append(document.createElement("th"));
  const body = tableEl.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row.cells) tr.insertCell().textContent = cell;
    if (row.consentId !== undefined) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = t("revokeConsent");
      button.dataset.consent = String(row.consentId);
      button.setAttribute("aria-label", `${t("revokeConsent")} ${row.consentId}`);
      const consentId = row.consentId;
      button.addEventListener("click", () => onRevoke(consentId));
      tr.insertCell().append(button);
    }
  }
  section.append(tableEl);
  return section;
}

function render(target: HTMLElement, outcome: Findings | { cannot: string; detail: string }): void {
  target.replaceChildren();
  if ("cannot" in outcome) {
    const p = document.createElement("p");
    p.className = "verdict unknown";
    p.setAttribute("role", "alert");
    p.dataset.verdict = "cannot";
    p.textContent = `${t("cannot")}: ${outcome.cannot in { nodeDown: 1, wrongChain: 1, unknownManifest: 1, noConfig: 1 } ? t(outcome.cannot as Key) : ""} ${outcome.detail}`;
    target.append(p);
    return;
  }
  const p = document.createElement("p");
  p.className = "muted";
  p.append(document.createElement("code"));
  p.firstChild!.textContent = t("commitment", { c: outcome.commitment });
  target.append(
    p,
    table(["colType", "colWhen", "colStatus", "colId"], outcome.certificates, "certificates", "my-certificates"),
    table(["colId", "colType", "colWhen"], outcome.cases, "cases", "my-cases"),
    table(
      ["colId", "colDepartment", "colPurpose", "colWhen", "colStatus"],
      outcome.consents,
      "consents",
      "my-consents",
    ),
    table(
      ["colDepartment", "colWhen", "colGrant", "colPurpose", "colCount"],
      outcome.receipts,
      "receipts",
      "my-receipts",
    ),
  );
}

/** Wires the form; returns a function that re-renders the last answer (after a language switch). */
export function runCitizen(config: () => PageConfig): () => void {
  const form = document.getElementById("citizen-form") as HTMLFormElement;
  const target = document.getElementById("citizen-result")!;
  const idInput = document.getElementById("identifier") as HTMLInputElement;
  const saltInput = document.getElementById("salt") as HTMLInputElement;
  const fileInput = document.getElementById("subject-file") as HTMLInputElement;
  let last: Parameters<typeof render>[1] | undefined;
  const revocation = document.getElementById("revocation") as HTMLTextAreaElement;
  onRevoke = (consentId) => {
    document.getElementById("revoke-panel")!.hidden = false;
    signRevocation(config(), consentId).then(
      (signed) => {
        revocation.value = signed;
        revocation.dataset.state = "signed";
      },
      (error: Error) => {
        revocation.value = error instanceof GovChainError ? error.shortMessage : error.message;
        revocation.dataset.state = "error";
        (document.getElementById("consent-key") as HTMLInputElement).focus();
      },
    );
  };
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (file === undefined) return;
    try {
      const data = JSON.parse(await file.text()) as Record<string, string>;
      idInput.value = data.identifier ?? data.id ?? data.subject ?? "";
      saltInput.value = data.salt ?? "";
    } catch (error) {
      last = { cannot: "badInput", detail: (error as Error).message };
      render(target, last);
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    target.setAttribute("aria-busy", "true");
    target.textContent = t("checking");
    try {
      const commitment = subjectCommitment(idInput.value.trim(), saltInput.value.trim()).toLowerCase();
      last = await look(config(), commitment);
    } catch (error) {
      last =
        error instanceof CannotVerify
          ? { cannot: error.reason, detail: error.detail }
          : {
              cannot: "readFailed",
              detail: error instanceof GovChainError ? error.shortMessage : (error as Error).message,
            };
    } finally {
      if (last !== undefined) render(target, last);
      document.getElementById("revoke-panel")!.hidden = !(
        last !== undefined &&
        "consents" in last &&
        last.consents.some((r) => r.consentId !== undefined)
      );
      target.removeAttribute("aria-busy");
      document.body.dataset.citizen = "done";
    }
  });
  return () => {
    if (last !== undefined) render(target, last);
  };
}
