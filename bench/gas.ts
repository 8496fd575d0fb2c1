import type { ContractTransactionResponse } from "ethers";

/** Gas used by a mined transaction (deterministic on the in-process chain). */
export async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("transaction dropped");
  return Number(receipt.gasUsed);
}
