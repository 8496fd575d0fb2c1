/**
 * What the browser tests share: one HTTP server that serves the built page (web/dist/index.html),
 * a manifest, and a JSON-RPC endpoint forwarding to the in-process Hardhat network; and headless
 * Chromium (Debian's `chromium`, driven by puppeteer-core).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const DIST = path.resolve("web/dist");
export const PAGE_FILE = path.join(DIST, "index.html");
/** The same page as one self-contained file, for file:// use. */
export const STANDALONE_FILE = path.join(DIST, "standalone.html");
export const RESULTS = path.resolve("test-results");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => resolve(text));
    request.on("error", reject);
  });
}

type RpcCall = { id: unknown; method: string; params?: unknown[] };

export class PageServer {
  /** Manifests served at /manifest/<name>.json. */
  readonly manifests = new Map<string, unknown>();
  rpcCalls = 0;
  /** Every JSON-RPC request body received (to check what left the browser). */
  readonly bodies: string[] = [];
  /** JSON-RPC methods answered with HTTP 503 (a node failing after the page connected). */
  readonly failing = new Set<string>();
  /** The page's asset files requested, in order (to check what the first load fetches). */
  readonly assets: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(connection: NetworkConnection): Promise<PageServer> {
    const holder: { page?: PageServer } = {};
    const answer = async (call: RpcCall) => {
      holder.page!.rpcCalls++;
      try {
        const result = await connection.provider.request({ method: call.method, params: call.params ?? [] });
        return { jsonrpc: "2.0", id: call.id, result };
      } catch (error) {
        const e = error as { code?: number; message?: string; data?: unknown };
        return {
          jsonrpc: "2.0",
          id: call.id,
          error: { code: typeof e.code === "number" ? e.code : -32000, message: e.message ?? "error", data: e.data },
        };
      }
    };
    const server = createServer(async (request, response) => {
      const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "content-type" };
      if (request.method === "OPTIONS") return response.writeHead(204, cors).end();
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname === "/rpc") {
        const text = await body(request);
        holder.page!.bodies.push(text);
        const calls = JSON.parse(text) as RpcCall | RpcCall[];
        if ([calls].flat().some((c) => holder.page!.failing.has(c.method))) {
          return response.writeHead(503, cors).end("unavailable");
        }
        const out = Array.isArray(calls) ? await Promise.all(calls.map(answer)) : await answer(calls);
        return response
          .writeHead(200, { ...cors, "content-type": "application/json" })
          .end(JSON.stringify(out, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
      }
      const manifest = /^\/manifest\/(\w+)\.json$/.exec(url.pathname);
      if (manifest !== null && holder.page!.manifests.has(manifest[1])) {
        return response
          .writeHead(200, { ...cors, "content-type": "application/json" })
          .end(JSON.stringify(holder.page!.manifests.get(manifest[1])));
      }
      if (url.pathname === "/" || url.pathname === "/index.html") {
        return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(PAGE_FILE));
      }
      // The page's chunks (web/dist/assets/*.js|css), served as a gateway serves them.
      const asset = /^\/assets\/([\w.-]+\.(js|css))$/.exec(url.pathname);
      if (asset !== null && existsSync(path.join(DIST, "assets", asset[1]))) {
        holder.page!.assets.push(asset[1]);
        const type = asset[2] === "js" ? "text/javascript" : "text/css";
        return response.writeHead(200, { "content-type": type }).end(readFileSync(path.join(DIST, "assets", asset[1])));
      }
      response.writeHead(404).end();
    });
    const port = await new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
    );
    holder.page = new PageServer(server, `http://127.0.0.1:${port}`);
    return holder.page;
  }

  /** The page's address reading from `rpc` (default this server's) and manifest `name`. */
  pageUrl(options: { manifest?: string; rpc?: string; fragment?: string } = {}): string {
    const q = new URLSearchParams({
      rpc: options.rpc ?? `${this.url}/rpc`,
      manifest: `${this.url}/manifest/${options.manifest ?? "suite"}.json`,
    });
    return `${this.url}/?${q}${options.fragment === undefined ? "" : `#d=${options.fragment}`}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(PAGE_FILE)) throw new Error(`${PAGE_FILE} is missing: npm run build:web`);
  mkdirSync(RESULTS, { recursive: true });
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
}

/** Opens `url` and waits for the page to finish its work (body[data-state=done]). */
export async function openAndWait(page: Page, url: string): Promise<void> {
  await page.goto("about:blank"); // a new share link differs only in its fragment: load the page afresh
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector("body[data-state=done]", { timeout: 15_000 });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}
