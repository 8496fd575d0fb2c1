import type { Interface, Provider } from "ethers";
import { getAddress } from "ethers";

/** ERC-1967 implementation slot: keccak256("eip1967.proxy.implementation") - 1. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** The implementation a UUPS/ERC-1967 proxy currently delegates to. */
export async function implementationOf(provider: Provider, proxy: string): Promise<string> {
  const word = await provider.getStorage(proxy, IMPLEMENTATION_SLOT);
  return getAddress(`0x${word.slice(-40)}`);
}

/**
 * Constructor arguments for a new implementation of a deployed proxy. Most suite contracts take
 * none; one wired through implementation immutables (PropertyRegistry) exposes them as
 * `config()`, which is read from the proxy so the new implementation keeps the same wiring.
 */
export async function implementationConstructorArgs(contract: {
  interface: Interface;
  getFunction: (name: string) => (...args: unknown[]) => Promise<unknown>;
}): Promise<unknown[]> {
  if (contract.interface.deploy.inputs.length === 0) return [];
  if (contract.interface.getFunction("config") === null) {
    throw new Error("the implementation takes constructor arguments but the contract exposes no config()");
  }
  return [await contract.getFunction("config")()];
}
