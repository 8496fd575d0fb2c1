import { documentFromLink } from "../../sdk/certificates/share.js";
import { loadConfig, type PageConfig } from "./chain.js";
import { currentLang, setLang, t } from "./i18n.js";
import { parseInput, renderOutcome, verifyDocument, type Outcome } from "./verify.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let config: PageConfig = {};
let last: Outcome | undefined;
let rerenderCitizen: (() => void) | undefined;

function showConfig(): void {
  $("config").textContent =
    config.rpc === undefined
      ? t("configMissing")
      : t("configOk", { chainId: config.chainId ?? "(manifest)", rpc: config.rpc });
}

async function verify(load: () => Promise<unknown>): Promise<void> {
  const result = $("result");
  result.setAttribute("aria-busy", "true");
  result.textContent = t("checking");
  try {
    let document: unknown;
    try {
      document = await load();
    } catch (error) {
      last = { kind: "badInput", detail: (error as Error).message };
      return;
    }
    last = await verifyDocument(config, document as never);
  } finally {
    if (last !== undefined) renderOutcome(result, last);
    result.removeAttribute("aria-busy");
    document.body.dataset.state = "done";
  }
}

function readFile(file: File): Promise<unknown> {
  return file.text().then((text) => JSON.parse(text));
}

let citizenLoaded: Promise<void> | undefined;
let citizenReady = false;

/** The citizen view is its own chunk (most visitors only verify): fetched when its tab is opened. */
function loadCitizen(): Promise<void> {
  citizenLoaded ??= import("./citizen.js").then((m) => {
    rerenderCitizen = m.runCitizen(() => config);
    citizenReady = true;
  });
  return citizenLoaded;
}

/** Until the citizen view has loaded, its form waits for it instead of submitting to nowhere. */
function holdUntilCitizen(target: HTMLElement, type: "submit" | "change", replay: () => void): void {
  target.addEventListener(
    type,
    (event) => {
      if (citizenReady) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      void loadCitizen().then(replay);
    },
    { capture: true },
  );
}

function showTab(name: "verify" | "citizen"): void {
  if (name === "citizen") void loadCitizen();
  $("verify").hidden = name !== "verify";
  $("citizen").hidden = name !== "citizen";
  $("tab-verify").setAttribute("aria-pressed", String(name === "verify"));
  $("tab-citizen").setAttribute("aria-pressed", String(name === "citizen"));
}

function wire(): void {
  const drop = $("drop");
  const file = $<HTMLInputElement>("file");
  drop.addEventListener("click", () => file.click());
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      file.click();
    }
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const dropped = e.dataTransfer?.files[0];
    if (dropped !== undefined) void verify(() => readFile(dropped));
  });
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    if (chosen !== undefined) void verify(() => readFile(chosen));
  });
  $("verify-button").addEventListener("click", () => {
    const text = $<HTMLTextAreaElement>("paste").value;
    void verify(() => parseInput(text));
  });
  $("tab-verify").addEventListener("click", () => showTab("verify"));
  $("tab-citizen").addEventListener("click", () => showTab("citizen"));
  $("lang").addEventListener("click", () => {
    const next = currentLang() === "en" ? "zh" : "en";
    setLang(next);
    $("lang").textContent = next === "en" ? "中文" : "English";
    $("lang").setAttribute("lang", next === "en" ? "zh" : "en");
    showConfig();
    if (last !== undefined) renderOutcome($("result"), last);
    rerenderCitizen?.();
  });
  const form = $<HTMLFormElement>("citizen-form");
  holdUntilCitizen(form, "submit", () => form.requestSubmit());
  const subjectFile = $("subject-file");
  holdUntilCitizen(subjectFile, "change", () => subjectFile.dispatchEvent(new Event("change")));
  if (location.hash === "#citizen") showTab("citizen");
}

async function start(): Promise<void> {
  wire();
  const q = new URLSearchParams(location.search);
  if (q.get("lang") === "zh") $("lang").click();
  config = await loadConfig(location);
  showConfig();
  // A share link: the document travels in the fragment, which never reaches a server.
  const fromLink = () =>
    verify(async () => (await documentFromLink(location.href)) ?? Promise.reject(new Error("empty link")));
  window.addEventListener("hashchange", () => void fromLink());
  if (location.hash.length > 1) await fromLink();
  else document.body.dataset.state = "ready";
}

void start();
