/**
 * The SDK's JSON-RPC transport rule, in one place: which failures are transient (worth trying the
 * same request again), how long to wait between tries, and which requests may be repeated at all.
 * {@link RetryingJsonRpcProvider} applies it to an ethers provider; the CLI applies the same rule
 * to Hardhat's network connections (`cli/transport.ts`); {@link AgencySigner} uses it for its
 * re-broadcasts of the same signed bytes.
 *
 * Why: a node closes an idle keep-alive connection after a few seconds; a client busy with CPU
 * work (building 10,000 documents) then sends its next request on a dead socket and gets
 * ECONNRESET ("Failed to make POST request"). Nothing was executed, so sending again is safe.
 */
import {
  JsonRpcProvider,
  keccak256,
  type JsonRpcApiProviderOptions,
  type JsonRpcPayload,
  type JsonRpcResult,
  type Networkish,
} from "ethers";

/** How many times to try a request, and how long to wait between tries. */
export interface RetryPolicy {
  /** Tries in all, the first included (default 8). */
  attempts: number;
  /** Wait before the first retry in ms, doubled each retry (default 100). */
  backoffMs: number;
  /** Longest wait between two tries in ms (default 3,000). */
  maxBackoffMs: number;
}

/** About 10 s of waiting in all: a node restarting or a proxy flapping comes back within that. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: 8,
  backoffMs: 100,
  maxBackoffMs: 3_000,
});

/** Error codes of ethers, Node's sockets and undici (Hardhat's HTTP client) that say "the request did not get through". */
const TRANSIENT_CODES = new Set([
  // ethers
  "NETWORK_ERROR",
  "TIMEOUT",
  "SERVER_ERROR",
  // Node sockets and DNS
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  // undici (fetch, Hardhat's HttpProvider)
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Messages of clients that drop the code on the way up (Hardhat wraps undici's error in its own), and geth's
 * answer while its transaction index is still being built after a start ("transaction indexing is in
 * progress": the receipt exists, the node cannot look it up yet).
 */
const TRANSIENT_MESSAGES =
  /Failed to make POST request|socket hang up|other side closed|fetch failed|Cannot connect to the network|network timeout|Network connection timed out|ECONNRESET|ECONNREFUSED|transaction indexing is in progress/i;

/** HTTP statuses worth retrying: the server's fault or a rate limit, never a malformed request. */
function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

function httpStatus(e: Record<string, unknown>): number | undefined {
  for (const candidate of [e.statusCode, e.status, (e.response as { statusCode?: unknown } | undefined)?.statusCode]) {
    if (typeof candidate === "number" && candidate >= 100 && candidate < 600) return candidate;
  }
  return undefined;
}

/**
 * Whether an error is a transient transport failure: the request did not get through or got no
 * answer (closed socket, refused connection, timeout, HTTP 5xx or 429). A revert, a JSON-RPC error
 * answer ("nonce too low", "insufficient funds") or an HTTP 4xx is not: the node answered.
 */
export function isTransientError(error: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [error];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === null || typeof e !== "object" || seen.has(e) || seen.size > 16) continue;
    seen.add(e);
    const record = e as Record<string, unknown>;
    const status = httpStatus(record);
    if (status !== undefined && !isTransientStatus(status)) return false;
    const code = record.code;
    if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
    if (status !== undefined) return true;
    if (typeof record.message === "string" && TRANSIENT_MESSAGES.test(record.message)) return true;
    stack.push(record.cause, record.error, record.info);
  }
  return false;
}

/** The wait before retry number `retry` (1 for the first retry): exponential, capped, with jitter so clients do not retry in step. */
export function backoffDelay(retry: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/** Methods that change what the node will do next: repeating one could do it twice. */
const STATEFUL_PREFIXES = ["evm_", "hardhat_", "anvil_", "miner_", "admin_", "personal_", "debug_set"];

/**
 * Whether a JSON-RPC request may be sent again after a transient failure, although the first try
 * may have reached the node: reads; `eth_sendRawTransaction` (the same signed bytes land at most
 * once); `eth_sendTransaction` only with an explicit nonce (only one transaction can take a nonce).
 */
export function isRepeatableRequest(method: string, params?: unknown): boolean {
  if (method === "eth_sendTransaction") {
    const tx = Array.isArray(params) ? (params[0] as { nonce?: unknown } | undefined) : undefined;
    return tx?.nonce !== undefined && tx.nonce !== null;
  }
  return !STATEFUL_PREFIXES.some((prefix) => method.startsWith(prefix));
}

/**
 * A node's answer to a re-sent transaction that it already has: whether the first try got through
 * is then known by asking for the transaction by hash.
 */
export function isAlreadyKnownAnswer(message: string): boolean {
  return /already known|known transaction|nonce too low|nonce has already been used|replacement transaction underpriced/i.test(
    message,
  );
}

const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

export interface RetryOptions {
  policy?: Partial<RetryPolicy>;
  /** Whether the call may be repeated at all (default true). */
  repeatable?: boolean;
  /** Called before each wait (for logs and tests). */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
  /** Overrides the transient check (tests). */
  isTransient?: (error: unknown) => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The policy `options` describe, on top of the defaults. */
export function retryPolicy(policy?: Partial<RetryPolicy>): RetryPolicy {
  const pick = (key: keyof RetryPolicy) => policy?.[key] ?? DEFAULT_RETRY_POLICY[key];
  return {
    attempts: Math.max(1, Math.floor(pick("attempts"))),
    backoffMs: Math.max(0, pick("backoffMs")),
    maxBackoffMs: Math.max(0, pick("maxBackoffMs")),
  };
}

/**
 * Runs `call`, trying it again after a back-off while it fails transiently, up to the policy's
 * attempts; `call` learns which try it is (1-based). A call that is not repeatable runs once.
 */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = retryPolicy(options.policy);
  const transient = options.isTransient ?? isTransientError;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (options.repeatable === false || attempt >= policy.attempts || !transient(error)) throw error;
      const delay = backoffDelay(attempt, policy);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** One JSON-RPC exchange as a transport sees it: send a request, get its answer (result or error object). */
export type JsonRpcExchange = (method: string, params: unknown[]) => Promise<{ result?: unknown; error?: unknown }>;

/**
 * Sends one JSON-RPC request with retries. When a re-sent raw transaction is refused because the
 * node already has it (the first try got through but its answer was lost), answers with its hash.
 */
export async function sendWithRetries<R extends { result?: unknown; error?: unknown }>(
  method: string,
  params: unknown[],
  send: () => Promise<R>,
  lookup: JsonRpcExchange,
  options: RetryOptions = {},
): Promise<R | { result: string }> {
  let tries = 0;
  const answer = await withRetries(
    () => {
      tries++;
      return send();
    },
    { ...options, repeatable: (options.repeatable ?? true) && isRepeatableRequest(method, params) },
  );
  if (tries > 1 && SENDS.has(method) && answer.error !== undefined) {
    const error = answer.error as { code?: unknown; message?: unknown };
    const message = String(error.message ?? "");
    if (method === "eth_sendRawTransaction" && isAlreadyKnownAnswer(message) && typeof params[0] === "string") {
      const hash = keccak256(params[0]);
      const known = await lookup("eth_getTransactionByHash", [hash]).catch(() => undefined);
      if (known?.result !== undefined && known.result !== null) return { result: hash };
    }
    // A refusal of the second try says nothing about the first: "nonce too low", or a revert because
    // the first one already did the work. Drop any revert data so that nobody reads it as "never sent".
    return {
      ...answer,
      error: {
        code: error.code,
        message: `${method} was retried after a lost connection and refused (${message}); the first try may have reached the node`,
      },
    };
  }
  return answer;
}

export interface RetryingProviderOptions extends JsonRpcApiProviderOptions {
  retry?: Partial<RetryPolicy>;
  onRetry?: RetryOptions["onRetry"];
}

/**
 * An ethers `JsonRpcProvider` whose requests survive transient transport failures. Requests go
 * one per HTTP exchange by default (`batchMaxCount: 1`) so that one write never shares a retry
 * decision with reads.
 */
export class RetryingJsonRpcProvider extends JsonRpcProvider {
  readonly #options: RetryOptions;

  constructor(url: string, network?: Networkish, options: RetryingProviderOptions = {}) {
    const { retry, onRetry, ...rest } = options;
    super(url, network, { batchMaxCount: 1, ...rest });
    this.#options = { policy: retry, onRetry };
  }

  // ethers types the answers as results, though error answers come back through here too.
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const payloads = Array.isArray(payload) ? payload : [payload];
    const repeatable = payloads.every((p) => isRepeatableRequest(p.method, p.params));
    if (payloads.length !== 1) {
      return withRetries(() => super._send(payload), { ...this.#options, repeatable });
    }
    const [only] = payloads;
    const lookup: JsonRpcExchange = async (method, params) =>
      (await super._send({ id: only.id, jsonrpc: "2.0", method, params }))[0] as { result?: unknown };
    const answer = await sendWithRetries(
      only.method,
      Array.isArray(only.params) ? only.params : [],
      async () => (await super._send(payload))[0],
      lookup,
      this.#options,
    );
    return [{ id: only.id, ...answer } as JsonRpcResult];
  }
}
