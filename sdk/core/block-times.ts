import type { Provider } from "ethers";

/**
 * The unix time of each block number (each block read once). Histories carry block numbers;
 * people want dates. Blocks the provider does not return are left out.
 */
export async function blockTimestamps(
  provider: Provider | null | undefined,
  blockNumbers: Iterable<number>,
): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  if (provider === null || provider === undefined) return times;
  const unique = [...new Set(blockNumbers)];
  const blocks = await Promise.all(unique.map((n) => provider.getBlock(n)));
  blocks.forEach((block, i) => {
    if (block !== null) times.set(unique[i], block.timestamp);
  });
  return times;
}
