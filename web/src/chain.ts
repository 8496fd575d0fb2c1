/**
 * Connecting the page to a chain, and telling "the chain said no" apart from "the chain could not
 * be asked". Everything that goes wrong before a contract answers becomes {@link CannotVerify}:
 * the page then says "cannot verify now" with the reason, never "revoked" or "tampered".
 */
import { JsonRpcProvider, Network } from "ethers";

import { CertificatesClient } from "../../sdk/certificates/client.js";
import type { DeploymentManifest } from "../../sdk/core/manifest.js";

export type CannotVerifyReason = "noConfig" | "nodeDown" | "wrongChain" | "unknownManifest" | "readFailed";

/** The verification could not be carried out; `detail` says why in the SDK's words. */
export class CannotVerify extends Error {
  constructor(
    readonly reason: CannotVerifyReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** Where the page reads from: query parameters, else `config.json` beside the page (when served). */
export interface PageConfig {
  rpc?: string;
  /** URL of a deployment manifest (deployments/<network>.json). */
  manifest?: string;
  /** Or the registry address and chain id directly (works from file:// with no manifest to fetch). */
  registry?: string;
  chainId?: string;
  deploymentBlock?: number;
}

export async function loadConfig(location: Location): Promise<PageConfig> {
  const q = new URLSearchParams(location.search);
  const fromQuery: PageConfig = {
    rpc: q.get("rpc") ?? undefined,
    manifest: q.get("manifest") ?? undefined,
    registry: q.get("registry") ?? undefined,
    chainId: q.get("chainId") ?? undefined,
  };
  if (fromQuery.rpc !== undefined) return fromQuery;
  if (location.protocol.startsWith("http")) {
    try {
      const response = await fetch("./config.json", { cache: "no-store" });
      if (response.ok) {
        // A gateway (`govchain serve`) names its own endpoints relative to the page: make them absolute.
        const config = (await response.json()) as PageConfig;
        const base = new URL("./config.json", location.href);
        for (const key of ["rpc", "manifest"] as const) {
          if (config[key] !== undefined) config[key] = new URL(config[key], base).href;
        }
        return config;
      }
    } catch {
      // no config beside the page: the page asks for one
    }
  }
  return fromQuery;
}

const TIMEOUT_MS = 4_000;

async function withTimeout(url: string, init: RequestInit): Promise<Response> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, signal: abort.signal });
  } finally {
    clearTimeout(timer);
  }
}

export interface Connection {
  provider: JsonRpcProvider;
  certificates: CertificatesClient;
  manifest: Pick<DeploymentManifest, "chainId" | "deploymentBlock"> & {
    contracts: Partial<DeploymentManifest["contracts"]>;
  };
}

let cached: { key: string; connection: Promise<Connection> } | undefined;

/** A checked connection: the node answers, on the manifest's chain, and the registry has code there. */
export function connect(config: PageConfig): Promise<Connection> {
  const key = JSON.stringify(config);
  if (cached?.key !== key) {
    const connection = open(config);
    cached = { key, connection };
    connection.catch(() => (cached = undefined)); // retry on the next attempt
  }
  return cached.connection;
}

async function open(config: PageConfig): Promise<Connection> {
  if (config.rpc === undefined) throw new CannotVerify("noConfig", "no JSON-RPC URL (add ?rpc=...&manifest=...)");
  let manifest: Connection["manifest"];
  if (config.manifest !== undefined) {
    try {
      const response = await withTimeout(config.manifest, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      manifest = (await response.json()) as Connection["manifest"];
    } catch (error) {
      throw new CannotVerify("unknownManifest", `cannot load ${config.manifest}: ${(error as Error).message}`);
    }
  } else if (config.registry !== undefined && config.chainId !== undefined) {
    manifest = {
      chainId: config.chainId,
      deploymentBlock: config.deploymentBlock ?? 0,
      contracts: { CertificateRegistry: { proxy: config.registry, implementation: "" } },
    };
  } else {
    throw new CannotVerify("noConfig", "no manifest (add &manifest=<url>, or &registry=<address>&chainId=<id>)");
  }
  const registry = manifest?.contracts?.CertificateRegistry?.proxy;
  if (typeof registry !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(registry) || manifest.chainId === undefined) {
    throw new CannotVerify("unknownManifest", "the manifest names no certificate registry or chain id");
  }
  // Ask the node its chain ourselves first: a plain fetch with a timeout fails fast and clearly,
  // where a provider would keep retrying its network detection.
  let chainId: bigint;
  try {
    const response = await withTimeout(config.rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    chainId = BigInt(((await response.json()) as { result: string }).result);
  } catch (error) {
    const message =
      (error as Error).name === "AbortError" ? `no answer within ${TIMEOUT_MS} ms` : (error as Error).message;
    throw new CannotVerify("nodeDown", `${config.rpc}: ${message}`);
  }
  if (chainId !== BigInt(manifest.chainId)) {
    throw new CannotVerify("wrongChain", `the node is on chain ${chainId}, the manifest on chain ${manifest.chainId}`);
  }
  const provider = new JsonRpcProvider(config.rpc, Network.from(chainId), { staticNetwork: true });
  let code: string;
  try {
    code = await provider.getCode(registry);
  } catch (error) {
    throw new CannotVerify("nodeDown", (error as Error).message);
  }
  if (code === "0x") {
    throw new CannotVerify("unknownManifest", `no contract at ${registry} on chain ${chainId}: wrong manifest`);
  }
  return { provider, certificates: new CertificatesClient(registry, provider), manifest };
}
