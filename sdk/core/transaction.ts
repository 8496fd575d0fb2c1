import type { ContractTransactionResponse, TransactionReceipt } from "ethers";

import { TransactionFailedError } from "../errors/base.js";
import { findRevertData, toGovChainError } from "../errors/decode.js";

/**
 * A submitted transaction whose `wait()` resolves to a domain value (the new department's
 * roles, a certificate id, ...) decoded from the receipt, or throws a typed SDK error.
 */
export class GovTransaction<T> {
  constructor(
    readonly response: ContractTransactionResponse,
    private readonly action: string,
    private readonly decode: (receipt: TransactionReceipt) => T,
  ) {}

  get hash(): string {
    return this.response.hash;
  }

  /** Waits for `confirmations` blocks and decodes the receipt. */
  async wait(confirmations = 1): Promise<T> {
    let receipt: TransactionReceipt | null;
    try {
      receipt = await this.response.wait(confirmations);
    } catch (error) {
      throw await this.explainFailure(error);
    }
    if (receipt === null) throw new TransactionFailedError(`${this.action}: the transaction was replaced or dropped`);
    return this.decode(receipt);
  }

  /** A mined revert carries no data in its receipt: replay the call at its block to recover the custom error. */
  private async explainFailure(error: unknown) {
    if (findRevertData(error) === undefined) {
      const receipt = (error as { receipt?: TransactionReceipt }).receipt;
      const provider = this.response.provider;
      if (receipt) {
        try {
          await provider.call({
            to: this.response.to,
            from: this.response.from,
            data: this.response.data,
            value: this.response.value,
            blockTag: receipt.blockNumber - 1,
          });
        } catch (replayed) {
          return toGovChainError(replayed, this.action);
        }
      }
    }
    return toGovChainError(error, this.action);
  }
}
