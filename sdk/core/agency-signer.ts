import {
  AbstractSigner,
  keccak256,
  type Provider,
  type Signer,
  type TransactionRequest,
  type TransactionResponse,
  type TypedDataDomain,
  type TypedDataField,
} from "ethers";

import { NetworkError } from "../errors/base.js";
import { backoffDelay, isTransientError, retryPolicy, withRetries, type RetryPolicy } from "./transport.js";

export interface AgencySignerOptions {
  /** Broadcast attempts per transaction on transient RPC failures (default: the transport's, 8). */
  attempts?: number;
  /** First back-off in ms, doubled each attempt, capped (default: the transport's, 100). */
  backoffMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a transaction waits for a lower nonce of the same signer to land. */
const NONCE_GAP_WAIT_MS = 60_000;

/**
 * The node refused a nonce above the account's next one: a lower nonce of ours is still being
 * retried. Nodes that do not queue future nonces (Hardhat's automining node) say so; waiting for
 * the gap to close and sending the same bytes again is safe.
 */
function isNonceGap(error: unknown): boolean {
  const text = `${(error as { message?: string })?.message ?? ""} ${JSON.stringify((error as { error?: unknown })?.error ?? "")}`;
  return /nonce too high/i.test(text);
}

/**
 * A signer for an agency process that submits many transactions at once.
 *
 * - **Concurrent submission**: nonces are assigned locally, in call order, only after the
 *   transaction's gas estimate succeeded (a call that would revert never burns a nonce).
 * - **Safe retries**: each transaction is signed once and the *same signed bytes* are
 *   re-broadcast on transient RPC failures. A retry can never execute the action twice: the
 *   node either already has that transaction (we return it by hash) or receives it now.
 *   (ethers' own NonceManager increments before estimating and does not retry.)
 *
 * The wrapped signer must be able to sign transactions locally (a `Wallet`, or Hardhat's
 * local accounts); for a node-managed key the signer falls back to sending with an explicit
 * nonce, which is equally safe to repeat.
 */
export class AgencySigner extends AbstractSigner {
  readonly signer: Signer;
  readonly #policy: RetryPolicy;
  #nextNonce: Promise<number> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(signer: Signer, options: AgencySignerOptions = {}) {
    super(signer.provider);
    this.signer = signer;
    // The transport's rule (sdk/core/transport.ts): the same classifier and back-off everywhere.
    this.#policy = retryPolicy({ attempts: options.attempts, backoffMs: options.backoffMs });
  }

  getAddress(): Promise<string> {
    return this.signer.getAddress();
  }

  connect(provider: Provider | null): AgencySigner {
    return new AgencySigner(this.signer.connect(provider), {
      attempts: this.#policy.attempts,
      backoffMs: this.#policy.backoffMs,
    });
  }

  /** Forgets the local nonce: the next transaction reads it from the chain again. */
  reset(): void {
    this.#nextNonce = undefined;
  }

  override async sendTransaction(request: TransactionRequest): Promise<TransactionResponse> {
    const provider = this.#provider();
    // Estimate (and so surface a revert) before taking a nonce. Reads have no side effect, so a
    // transient failure is simply retried.
    const populated = await this.#retrying(() =>
      this.signer.populateTransaction({ ...request, nonce: undefined, from: undefined }),
    );
    const nonce = await this.#takeNonce();
    populated.nonce = nonce;
    try {
      return await this.#broadcast(provider, populated);
    } catch (error) {
      // The nonce may be unused now; re-read it from the chain before the next transaction.
      this.reset();
      throw error;
    }
  }

  async #broadcast(provider: Provider, tx: TransactionRequest): Promise<TransactionResponse> {
    const raw = await this.signer.signTransaction(tx).catch(() => undefined);
    const hash = raw === undefined ? undefined : keccak256(raw);
    // Transient failures count against `attempts`; waiting for a lower nonce of ours to land
    // (a gap) does not, since that transaction is itself being retried, but is bounded in time.
    const gapDeadline = Date.now() + NONCE_GAP_WAIT_MS;
    for (let attempt = 1, tries = 1; ; tries++) {
      try {
        return raw === undefined ? await this.signer.sendTransaction(tx) : await provider.broadcastTransaction(raw);
      } catch (error) {
        if (hash !== undefined && tries > 1) {
          // A previous attempt may have reached the node although its answer was lost.
          const known = await provider.getTransaction(hash).catch(() => null);
          if (known !== null) return known;
        }
        if (isNonceGap(error) && Date.now() < gapDeadline) {
          await sleep(this.#policy.backoffMs);
          continue;
        }
        if (!isTransientError(error)) throw error;
        if (attempt >= this.#policy.attempts) {
          throw new NetworkError("the node did not accept the transaction: the connection kept failing", {
            cause: error,
          });
        }
        await sleep(backoffDelay(attempt, this.#policy));
        attempt++;
      }
    }
  }

  /** Runs a side-effect-free call, retrying transient RPC failures with back-off. */
  #retrying<T>(call: () => Promise<T>): Promise<T> {
    return withRetries(call, { policy: this.#policy });
  }

  /** Hands out consecutive nonces in call order, reading the first one from the chain. */
  #takeNonce(): Promise<number> {
    const next = this.#queue.then(async () => {
      this.#nextNonce ??= this.#retrying(() => this.signer.getNonce("pending"));
      const nonce = await this.#nextNonce;
      this.#nextNonce = Promise.resolve(nonce + 1);
      return nonce;
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #provider(): Provider {
    if (this.provider === null) throw new NetworkError("the agency signer has no provider");
    return this.provider;
  }

  signTransaction(tx: TransactionRequest): Promise<string> {
    return this.signer.signTransaction(tx);
  }

  signMessage(message: string | Uint8Array): Promise<string> {
    return this.signer.signMessage(message);
  }

  signTypedData(
    domain: TypedDataDomain,
    types: Record<string, TypedDataField[]>,
    value: Record<string, unknown>,
  ): Promise<string> {
    return this.signer.signTypedData(domain, types, value);
  }
}
