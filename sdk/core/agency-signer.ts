import {
  AbstractSigner,
  copyRequest,
  keccak256,
  resolveAddress,
  type FeeData,
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
  /**
   * How long fee data (base fee, tip or gas price) is reused, in ms (default 5,000). ethers' EIP-1559
   * fee is twice the base fee plus the tip: it stays above the base fee for about six full blocks.
   */
  feeCacheMs?: number;
  /**
   * The network's fixed gas price, when it has one (a private network's configured price; 0 on a gas-free chain):
   * every transaction is sent at it instead of the node's fee data, as the wrapped signer's own would be.
   */
  gasPrice?: bigint;
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
  readonly #feeCacheMs: number;
  #fees: { at: number; data: Promise<FeeData> } | undefined;
  readonly #gasPrice: bigint | undefined;
  #chainId: Promise<bigint> | undefined;
  #address: Promise<string> | undefined;
  #nextNonce: Promise<number> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(signer: Signer, options: AgencySignerOptions = {}) {
    super(signer.provider);
    this.signer = signer;
    // The transport's rule (sdk/core/transport.ts): the same classifier and back-off everywhere.
    this.#policy = retryPolicy({ attempts: options.attempts, backoffMs: options.backoffMs });
    this.#feeCacheMs = options.feeCacheMs ?? 5_000;
    this.#gasPrice = options.gasPrice;
  }

  getAddress(): Promise<string> {
    this.#address ??= this.signer.getAddress();
    return this.#address;
  }

  connect(provider: Provider | null): AgencySigner {
    return new AgencySigner(this.signer.connect(provider), {
      attempts: this.#policy.attempts,
      backoffMs: this.#policy.backoffMs,
      feeCacheMs: this.#feeCacheMs,
    });
  }

  /** Forgets the local nonce and fee data: the next transaction reads them from the chain again. */
  reset(): void {
    this.#nextNonce = undefined;
    this.#fees = undefined;
  }

  override async sendTransaction(request: TransactionRequest): Promise<TransactionResponse> {
    const provider = this.#provider();
    const populated = await this.#populate(provider, request);
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

  /**
   * Fills in what ethers' `populateTransaction` would, with fewer requests: the chain id once per
   * signer, fee data once per `feeCacheMs`, the nonce never (it is assigned locally afterwards).
   * The gas is still estimated for every transaction: the estimate is the check that the call
   * would not revert, done before a nonce is taken, so a refused call never burns a nonce or
   * leaves a gap. (Reusing one estimate per call shape would save one request in four but let a
   * call that reverts, e.g. a certificate already issued, be mined as a failed transaction.)
   * Reads have no side effect, so transient failures are simply retried.
   */
  async #populate(provider: Provider, request: TransactionRequest): Promise<TransactionRequest> {
    const tx = copyRequest(request);
    delete tx.nonce;
    if (this.#gasPrice !== undefined && tx.maxFeePerGas == null && tx.gasPrice == null) {
      // A fixed-price network: a legacy transaction at that price, as for a chain without EIP-1559 below.
      tx.gasPrice = this.#gasPrice;
      tx.type ??= 0;
    }
    tx.from = await this.getAddress();
    if (tx.to != null) tx.to = await resolveAddress(tx.to, provider);
    const [gasLimit, chainId, fees] = await Promise.all([
      tx.gasLimit ?? this.#retrying(() => provider.estimateGas(tx)),
      this.#chainIdOnce(provider),
      tx.gasPrice != null || (tx.maxFeePerGas != null && tx.maxPriorityFeePerGas != null)
        ? undefined
        : this.#feeData(provider),
    ]);
    tx.gasLimit = gasLimit;
    if (tx.chainId != null && BigInt(tx.chainId) !== chainId) {
      throw new NetworkError(`the transaction names chain ${tx.chainId}, the node is on chain ${chainId}`);
    }
    tx.chainId = chainId;
    if (fees !== undefined) {
      if (fees.maxFeePerGas != null && fees.maxPriorityFeePerGas != null && (tx.type == null || tx.type === 2)) {
        tx.type = 2;
        tx.maxFeePerGas ??= fees.maxFeePerGas;
        tx.maxPriorityFeePerGas ??= fees.maxPriorityFeePerGas;
      } else if (fees.gasPrice != null) {
        // A chain without EIP-1559 (or a gas-free one: gas price 0).
        tx.type ??= 0;
        tx.gasPrice = fees.gasPrice;
      } else {
        throw new NetworkError("the node reported no fee data (neither EIP-1559 fees nor a gas price)");
      }
    } else if (tx.maxFeePerGas != null) tx.type ??= 2;
    return tx;
  }

  #chainIdOnce(provider: Provider): Promise<bigint> {
    this.#chainId ??= this.#retrying(async () => (await provider.getNetwork()).chainId).catch((error: unknown) => {
      this.#chainId = undefined;
      throw error;
    });
    return this.#chainId;
  }

  /** Fee data shared by every transaction sent within `feeCacheMs` of the read. */
  #feeData(provider: Provider): Promise<FeeData> {
    const now = Date.now();
    if (this.#fees === undefined || now - this.#fees.at > this.#feeCacheMs) {
      const data = this.#retrying(() => provider.getFeeData());
      const entry = { at: now, data };
      this.#fees = entry;
      data.catch(() => {
        if (this.#fees === entry) this.#fees = undefined;
      });
    }
    return this.#fees.data;
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
