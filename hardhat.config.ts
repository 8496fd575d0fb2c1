import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades";
import "dotenv/config";
import { configVariable, defineConfig } from "hardhat/config";

import { DEFAULT_EVM_VERSION, evmVersion, hardforkFor } from "./config/evm.js";

const require = createRequire(import.meta.url);
// The compiler comes from the pinned `solc` npm package: Hardhat must never download one
// (CI and private-network machines have no route to the compiler site).
const solcVersion: string = require("solc/package.json").version;
const soljsonPath = require.resolve("solc/soljson.js");

const EVM_VERSION = evmVersion(process.env.EVM_VERSION);

/** One compiler configuration of the suite, optimised for `runs` calls per deployment. */
function compiler(runs: number) {
  return {
    version: solcVersion,
    path: soljsonPath,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs },
      // Storage layouts feed the upgrade-safety check (@openzeppelin/hardhat-upgrades).
      outputSelection: { "*": { "*": ["storageLayout"] } },
    },
  };
}

/**
 * Runtime gas first (10,000 runs), except for DataExchange: its hot path (receipts) lives in the
 * separate ReceiptLog, and at 10,000 runs its own code passes the 24,576-byte limit (EIP-170);
 * and for the GovernanceCouncil: governance is rare, and at 10,000 runs its london build is 124 bytes under it.
 */
const RUNS_PROPERTY = Number(process.env.RUNS_PROPERTY ?? 1_000);

function suiteProfile() {
  return {
    compilers: [compiler(10_000)],
    overrides: {
      "contracts/exchange/DataExchange.sol": compiler(200),
      "contracts/governance/GovernanceCouncil.sol": compiler(200),
      // 1,000 runs: the registrar's cached officer check (~11,000 gas less per registration and transfer) made
      // the 10,000-run london build pass the limit; fewer runs cost a few hundred gas back (NOTES-perf.md).
      "contracts/property/PropertyRegistry.sol": compiler(RUNS_PROPERTY),
    },
  };
}

const privateNetworkConfigured = process.env.PRIVATE_RPC_URL !== undefined;
// A fixed gas price (0 on a gas-free Besu or anvil chain) applies to the deploy too: Ignition
// otherwise computes its own EIP-1559 fees. The ethers Ignition helper reads only
// maxPriorityFeePerGas (and maxFeePerGasLimit) from here; on a zero-base-fee chain Ignition pays 0.
const privateGasPrice = process.env.PRIVATE_GAS_PRICE ? BigInt(process.env.PRIVATE_GAS_PRICE) : undefined;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatUpgrades],
  solidity: {
    // The proxy the suite deploys behind (UUPS, ERC-1967); built so Ignition can deploy it by name.
    npmFilesToBuild: ["@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol"],
    profiles: {
      default: suiteProfile(),
      production: suiteProfile(),
    },
  },
  paths: {
    tests: { mocha: "test", solidity: "test" },
    // One build per EVM target, side by side (artifacts/ and cache/ for the default, artifacts-london/ and
    // cache-london/ for london, ...): switching EVM_VERSION then reuses the target's last build instead of
    // recompiling everything (1-4 min each time; CI switches default → london → default several times).
    ...(EVM_VERSION === DEFAULT_EVM_VERSION
      ? {}
      : { artifacts: `artifacts-${EVM_VERSION}`, cache: `cache-${EVM_VERSION}` }),
  },
  typechain: {
    outDir: "typechain-types",
  },
  networks: {
    // The embedded in-process chain: its hardfork follows EVM_VERSION so that what we
    // compile is what we run.
    default: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: hardforkFor(EVM_VERSION),
      allowUnlimitedContractSize: false,
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
    ...(privateNetworkConfigured
      ? {
          private: {
            type: "http" as const,
            chainType: "l1" as const,
            url: configVariable("PRIVATE_RPC_URL"),
            chainId: process.env.PRIVATE_CHAIN_ID ? Number(process.env.PRIVATE_CHAIN_ID) : undefined,
            gasPrice: privateGasPrice ?? ("auto" as const),
            accounts: [configVariable("PRIVATE_DEPLOYER_KEY")],
            ...(privateGasPrice === undefined
              ? {}
              : {
                  ignition: {
                    gasPrice: privateGasPrice,
                    maxFeePerGas: privateGasPrice,
                    maxPriorityFeePerGas: privateGasPrice,
                  },
                }),
          },
        }
      : {}),
  },
});
