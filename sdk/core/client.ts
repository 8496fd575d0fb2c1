import type { BaseContract, ContractRunner, ContractTransactionResponse, Log, TransactionReceipt } from "ethers";

import { toGovChainError } from "../errors/decode.js";
import { scanBlocks } from "./logs.js";
import { GovTransaction } from "./transaction.js";

/**
 * Base of the per-contract clients (after the EAS SDK): holds the TypeChain contract, turns
 * every failure into a typed SDK error, and wraps writes in a {@link GovTransaction}.
 */
export abstract class ContractClient<C extends BaseContract> {
  /** The most blocks one event read (`eth_getLogs`) covers; default GOVCHAIN_LOGS_MAX_RANGE, else 1,000. */
  logsMaxRange?: number;

  protected constructor(readonly contract: C) {}

  /** The contract's address (the proxy, for upgradeable contracts). */
  get address(): string {
    return this.contract.target as string;
  }

  protected get runner(): ContractRunner | null {
    return this.contract.runner;
  }

  /**
   * `next` (this client rebuilt for another runner, by `connect`) with this client's settings: a client
   * connected as another signer reads events in the same ranges as the one it came from.
   */
  protected withSettingsOf<T extends ContractClient<BaseContract>>(next: T): T {
    next.logsMaxRange = this.logsMaxRange;
    return next;
  }

  /** Submits a write; a revert at estimation becomes a typed error here, one at mining in `wait()`. */
  protected async send<T>(
    action: string,
    submit: () => Promise<ContractTransactionResponse>,
    decode: (receipt: TransactionReceipt) => T,
  ): Promise<GovTransaction<T>> {
    try {
      return new GovTransaction(await submit(), action, decode);
    } catch (error) {
      throw toGovChainError(error, action);
    }
  }

  /** Runs a read; failures become typed SDK errors. */
  protected async read<T>(action: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toGovChainError(error, action);
    }
  }

  /** `read(from, to)` over [fromBlock, head] in ranges the node accepts (see {@link scanBlocks}). */
  protected scanEvents<T>(fromBlock: number, read: (from: number, to: number) => Promise<readonly T[]>): Promise<T[]> {
    return scanBlocks(this.contract.runner!.provider!, fromBlock, read, { maxRange: this.logsMaxRange });
  }

  /** The decoded events named `eventName` that this contract emitted in `receipt`. */
  protected eventsIn(receipt: TransactionReceipt, eventName: string) {
    return receipt.logs
      .filter((log: Log) => log.address.toLowerCase() === this.address.toLowerCase())
      .map((log) => this.contract.interface.parseLog(log))
      .filter((parsed) => parsed !== null && parsed.name === eventName)
      .map((parsed) => parsed!.args);
  }
}
