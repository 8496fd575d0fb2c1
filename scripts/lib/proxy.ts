import type { Provider } from "ethers";
import { getAddress } from "ethers";

/** ERC-1967 implementation slot: keccak256("eip1967.proxy.implementation") - 1. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** The implementation a UUPS/ERC-1967 proxy currently delegates to. */
export async function implementationOf(provider: Provider, proxy: string): Promise<string> {
  const word = await provider.getStorage(proxy, IMPLEMENTATION_SLOT);
  return getAddress(`0x${word.slice(-40)}`);
}
