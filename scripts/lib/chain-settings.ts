import type { NetworkConnection } from "hardhat/types/network";

import { GovChainError, ValidationError } from "../../sdk/index.js";

/**
 * How many blocks Ignition waits on top of each deploy transaction, per network name.
 * Private proof-of-authority networks (Clique, IBFT, QBFT) and development nodes: 1. A node
 * that mines only when a transaction arrives (geth `--dev.period 0`, anvil) never adds the
 * blocks that more confirmations need: Ignition's default of 5 hangs there.
 * Networks not listed get Ignition's default; GOVCHAIN_CONFIRMATIONS overrides every network.
 */
export const NETWORK_CONFIRMATIONS: Readonly<Record<string, number>> = {
  default: 1,
  localhost: 1,
  private: 1,
};
const IGNITION_DEFAULT_CONFIRMATIONS = 5;

/** Milliseconds between Ignition's checks for a new block: short on loopback, where blocks come at once. */
export const NETWORK_BLOCK_POLLING_MS: Readonly<Record<string, number>> = { localhost: 200 };
const IGNITION_DEFAULT_BLOCK_POLLING_MS = 1_000;

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(name, `${raw} is not a whole number ≥ 1`);
  return value;
}

/** The confirmations the deploy waits for on `network` (GOVCHAIN_CONFIRMATIONS wins). */
export function deployConfirmations(network: string, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GOVCHAIN_CONFIRMATIONS;
  if (raw !== undefined && raw !== "") return positiveInteger("GOVCHAIN_CONFIRMATIONS", raw);
  return NETWORK_CONFIRMATIONS[network] ?? IGNITION_DEFAULT_CONFIRMATIONS;
}

/** Ignition's per-deploy settings for `network`: confirmations and block polling. */
export function ignitionDeployConfig(network: string, env: NodeJS.ProcessEnv = process.env) {
  const raw = env.GOVCHAIN_BLOCK_POLLING_MS;
  return {
    requiredConfirmations: deployConfirmations(network, env),
    blockPollingInterval:
      raw !== undefined && raw !== ""
        ? positiveInteger("GOVCHAIN_BLOCK_POLLING_MS", raw)
        : (NETWORK_BLOCK_POLLING_MS[network] ?? IGNITION_DEFAULT_BLOCK_POLLING_MS),
  };
}

/**
 * Refuses a fixed gas price (PRIVATE_GAS_PRICE, `gasPrice` in hardhat.config.ts) below the chain's
 * current base fee: every write after the deploy would fail with "max fee per gas less than block
 * base fee". A gas-free chain (base fee 0, Besu's zero-base-fee or anvil `--base-fee 0`) passes.
 */
export async function checkFixedGasPrice(connection: NetworkConnection): Promise<void> {
  const configured = connection.networkConfig.gasPrice;
  if (configured === "auto" || configured === undefined) return;
  const gasPrice = BigInt(configured);
  const latest = await connection.ethers.provider.getBlock("latest");
  const baseFee = latest?.baseFeePerGas ?? null;
  if (baseFee !== null && baseFee > gasPrice) {
    throw new GovChainError(
      `network "${connection.networkName}" has a fixed gas price of ${gasPrice} wei, below the chain's base fee of ` +
        `${baseFee} wei: its writes would be refused ("max fee per gas less than block base fee"). Raise the gas ` +
        `price (PRIVATE_GAS_PRICE) or run the chain with a zero base fee (Besu: zeroBaseFee in the genesis).`,
    );
  }
}

/**
 * Prints a line to stderr whenever no block came for `quietMs` while the deploy waits, so a
 * deploy never hangs silently (e.g. more confirmations than an on-demand chain will ever mine).
 * Returns the function that stops the watch.
 */
export function watchForStall(connection: NetworkConnection, confirmations: number, quietMs = 60_000): () => void {
  const provider = connection.ethers.provider;
  let lastBlock = -1;
  let lastChange = Date.now();
  const timer = setInterval(
    () => {
      provider
        .getBlockNumber()
        .then((block) => {
          if (block !== lastBlock) {
            lastBlock = block;
            lastChange = Date.now();
          } else if (Date.now() - lastChange >= quietMs) {
            lastChange = Date.now();
            const hint =
              confirmations > 1
                ? `a chain that mines only on demand never adds the ${confirmations} confirmations each transaction ` +
                  `waits for: set GOVCHAIN_CONFIRMATIONS=1`
                : "is the node producing blocks, and does it accept the transactions' gas price?";
            console.error(
              `deploy: still waiting, no new block on "${connection.networkName}" for ${Math.round(quietMs / 1000)} s ` +
                `(at block ${block}): ${hint}`,
            );
          }
        })
        .catch(() => undefined);
    },
    Math.min(2_000, quietMs / 2),
  );
  timer.unref();
  return () => clearInterval(timer);
}
