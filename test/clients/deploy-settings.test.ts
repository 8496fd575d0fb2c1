import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import hre, { network } from "hardhat";

import { evmVersion } from "../../config/evm.js";
import { GovChainError, ValidationError } from "../../sdk/index.js";
import {
  checkFixedGasPrice,
  deployConfirmations,
  ignitionDeployConfig,
  watchForStall,
} from "../../scripts/lib/chain-settings.js";
import { builtEvmVersions, mismatches } from "../../scripts/lib/evm-target.js";
import { journalDir, staleJournalReason } from "../../scripts/lib/journal.js";

// Creation code of a contract whose runtime code returns 42: any address with code will do.
const TINY_CONTRACT = "0x600a600c600039600a6000f3602a60005260206000f3";

describe("Deploy settings for real clients (confirmations, gas price, EVM target, journal)", function () {
  describe("confirmations and block polling", function () {
    it("waits for 1 confirmation on local and private networks, Ignition's 5 elsewhere", function () {
      expect(deployConfirmations("localhost", {})).to.equal(1);
      expect(deployConfirmations("private", {})).to.equal(1);
      expect(deployConfirmations("sepolia", {})).to.equal(5);
    });

    it("GOVCHAIN_CONFIRMATIONS overrides every network and must be a whole number ≥ 1", function () {
      expect(deployConfirmations("localhost", { GOVCHAIN_CONFIRMATIONS: "3" })).to.equal(3);
      expect(() => deployConfirmations("localhost", { GOVCHAIN_CONFIRMATIONS: "0" })).to.throw(ValidationError);
      expect(() => deployConfirmations("localhost", { GOVCHAIN_CONFIRMATIONS: "two" })).to.throw(ValidationError);
    });

    it("polls for blocks every 200 ms on loopback unless GOVCHAIN_BLOCK_POLLING_MS says otherwise", function () {
      expect(ignitionDeployConfig("localhost", {})).to.deep.equal({
        requiredConfirmations: 1,
        blockPollingInterval: 200,
      });
      expect(ignitionDeployConfig("private", { GOVCHAIN_BLOCK_POLLING_MS: "50" }).blockPollingInterval).to.equal(50);
    });
  });

  describe("a stalled chain", function () {
    it("is reported while the deploy waits, with the way out when confirmations cannot come", async function () {
      const connection = await network.create();
      const printed: string[] = [];
      const original = console.error;
      console.error = (line: string) => printed.push(line);
      const stop = watchForStall(connection, 5, 300);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1_200));
      } finally {
        stop();
        console.error = original;
      }
      expect(printed.length).to.be.greaterThan(0);
      expect(printed[0]).to.match(/no new block on "default" .*set GOVCHAIN_CONFIRMATIONS=1/);
    });
  });

  describe("a fixed gas price", function () {
    it("is refused below the chain's base fee, before any transaction", async function () {
      const connection = await network.create({ override: { gasPrice: 1n } });
      const before = await connection.ethers.provider.getBlockNumber();
      await expect(checkFixedGasPrice(connection)).to.be.rejectedWith(GovChainError, /below the chain's base fee/);
      expect(await connection.ethers.provider.getBlockNumber()).to.equal(before);
    });

    it("passes on a gas-free chain (gas price 0, base fee 0) and when the price is automatic", async function () {
      const gasFree = await network.create({ override: { gasPrice: 0n, initialBaseFeePerGas: 0n } });
      await checkFixedGasPrice(gasFree);
      await checkFixedGasPrice(await network.create());
    });
  });

  describe("the EVM target", function () {
    it("reads each deployed artifact's target from its build info: the one this run compiled for", async function () {
      const versions = await builtEvmVersions(hre);
      expect(Object.keys(versions)).to.include.members(["GovAccessManager", "ERC1967Proxy", "PropertyRegistry"]);
      expect(mismatches(versions, evmVersion(process.env.EVM_VERSION))).to.deep.equal([]);
    });

    it("names the artifacts built for another target", function () {
      const versions = { Workflow: "cancun", DataExchange: "london", ReceiptLog: "missing" };
      expect(mismatches(versions, "london")).to.deep.equal(["Workflow (cancun)", "ReceiptLog (missing)"]);
    });
  });

  describe("an Ignition journal from another chain", function () {
    const deploymentId = `clients-journal-test-${process.pid}`;
    const write = (addresses: Record<string, string>) => {
      mkdirSync(journalDir(deploymentId), { recursive: true });
      writeFileSync(path.join(journalDir(deploymentId), "deployed_addresses.json"), JSON.stringify(addresses));
    };
    after(() => rmSync(journalDir(deploymentId), { recursive: true, force: true }));

    it("is told apart from this chain's journal by contracts without code", async function () {
      const connection = await network.create();
      const [deployer] = await connection.ethers.getSigners();
      const receipt = await (await deployer.sendTransaction({ data: TINY_CONTRACT })).wait();
      const deployed = receipt!.contractAddress!;

      expect(await staleJournalReason(connection, deploymentId), "no journal").to.equal(undefined);
      write({ "Suite#Workflow": deployed });
      expect(await staleJournalReason(connection, deploymentId), "this chain's journal").to.equal(undefined);
      write({ "Suite#Workflow": deployed, "Suite#Gone": "0x000000000000000000000000000000000000dEaD" });
      expect(await staleJournalReason(connection, deploymentId)).to.match(/Suite#Gone at 0x0+dEaD.*has no code/);
    });
  });
});
