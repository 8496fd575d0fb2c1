import { expect } from "chai";
import { parseEther, Wallet, type Provider } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { AccessClient, AgencySigner, GovChain, GovChainError, TransactionFailedError } from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

describe("GovChain facade and AgencySigner", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  /** A funded key-holding wallet made TAX admin, so it can grant TAX officers. */
  async function taxAdminWallet(provider: Provider) {
    const s = await deployed();
    const wallet = Wallet.createRandom().connect(provider);
    await (await s.operator.sendTransaction({ to: wallet.address, value: parseEther("10") })).wait();
    await (await s.access.grantDepartmentAdmin("TAX", wallet.address)).wait();
    return { s, wallet };
  }

  describe("GovChain.connect", function () {
    it("reads with a provider alone and refuses to write", async function () {
      const { manifest } = await deployed();
      const gov = await GovChain.connect(connection.ethers.provider, manifest);
      expect(gov.readOnly).to.equal(true);
      expect((await gov.access.department("TAX")).name).to.equal("Beijing Municipal Tax Service");
      expect((await gov.certificates.certificateType("BUSINESS_LICENCE")).department).to.equal("MARKET");
      expect((await gov.workflow.caseType("BUSINESS_LICENCE")).id).to.equal("BUSINESS_LICENCE");
      expect(await gov.exchange.canAccess("TAX", `0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`)).to.equal(false);
      await expect(gov.access.deactivateDepartment("TAX")).to.be.rejectedWith(TransactionFailedError);
    });

    it("writes through a signer", async function () {
      const { manifest, operator } = await deployed();
      const gov = await GovChain.connect(operator, manifest);
      expect(gov.readOnly).to.equal(false);
      await (await gov.access.deactivateDepartment("TAX")).wait();
      expect((await gov.access.department("TAX")).active).to.equal(false);
    });

    it("refuses a manifest for another chain, or from another deployment", async function () {
      const { manifest } = await deployed();
      const otherChain = await GovChain.connect(connection.ethers.provider, { ...manifest, chainId: "1" }).catch(
        (e) => e,
      );
      expect(otherChain).to.be.instanceOf(GovChainError);
      expect(otherChain.shortMessage).to.match(/the node serves chain 31337, but the manifest is for chain 1/);
      const elsewhere = {
        ...manifest,
        contracts: {
          ...manifest.contracts,
          DepartmentDirectory: { proxy: Wallet.createRandom().address, implementation: "" },
        },
      };
      const missing = await GovChain.connect(connection.ethers.provider, elsewhere).catch((e) => e);
      expect(missing.shortMessage).to.match(/no contract at .* the manifest is from another deployment/);
    });
  });

  describe("AgencySigner", function () {
    it("sends at the network's fixed gas price when it is given one, not at the node's fee data", async function () {
      const [funder] = await connection.ethers.getSigners();
      const wallet = Wallet.createRandom().connect(connection.ethers.provider);
      await (await funder.sendTransaction({ to: wallet.address, value: parseEther("1") })).wait();
      const fixed = 7_000_000_000n; // above the in-process chain's base fee, unlike ethers' own 2x-base-fee choice
      const agency = new AgencySigner(wallet, { gasPrice: fixed });
      const sent = await agency.sendTransaction({ to: Wallet.createRandom().address, value: 1n });
      await sent.wait();
      const mined = await connection.ethers.provider.getTransaction(sent.hash);
      expect(mined?.gasPrice).to.equal(fixed);
      expect(mined?.type).to.equal(0);
    });

    it("submits many transactions concurrently where a plain wallet collides on nonces", async function () {
      const { s, wallet } = await taxAdminWallet(connection.ethers.provider);
      const recipients = Array.from({ length: 12 }, () => Wallet.createRandom().address);

      const naive = new AccessClient(
        { manager: s.manifest.contracts.GovAccessManager, directory: s.manifest.contracts.DepartmentDirectory.proxy },
        wallet,
      );
      const naiveResults = await Promise.allSettled(recipients.slice(0, 6).map((r) => naive.grantOfficer("TAX", r)));
      expect(naiveResults.filter((r) => r.status === "rejected").length).to.be.greaterThan(0);

      const agency = naive.connect(new AgencySigner(wallet));
      const pending = await Promise.all(recipients.slice(6).map((r) => agency.grantOfficer("TAX", r)));
      await Promise.all(pending.map((tx) => tx.wait()));
      for (const r of recipients.slice(6)) expect(await s.access.isOfficer("TAX", r)).to.equal(true);
    });

    it("reads the nonce, chain id and fee data once for a batch, and still estimates every transaction", async function () {
      const calls: Record<string, number> = {};
      const counted = new Proxy(connection.ethers.provider, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            calls[String(name)] = (calls[String(name)] ?? 0) + 1;
            return value.apply(target, args);
          };
        },
      });
      const { s, wallet } = await taxAdminWallet(connection.ethers.provider);
      const agency = new AccessClient(
        { manager: s.manifest.contracts.GovAccessManager, directory: s.manifest.contracts.DepartmentDirectory.proxy },
        new AgencySigner(wallet.connect(counted)),
      );
      const recipients = Array.from({ length: 8 }, () => Wallet.createRandom().address);
      const pending = await Promise.all(recipients.map((r) => agency.grantOfficer("TAX", r)));
      await Promise.all(pending.map((tx) => tx.wait()));
      for (const r of recipients) expect(await s.access.isOfficer("TAX", r)).to.equal(true);
      expect(calls.estimateGas).to.equal(8);
      expect(calls.broadcastTransaction).to.equal(8);
      expect(calls.getFeeData).to.equal(1);
      expect(calls.getTransactionCount).to.equal(1);
      expect(calls.getNetwork ?? 0).to.be.at.most(1);
    });

    it("does not burn a nonce on a call that reverts at estimation", async function () {
      const { s, wallet } = await taxAdminWallet(connection.ethers.provider);
      const agency = new AccessClient(
        { manager: s.manifest.contracts.GovAccessManager, directory: s.manifest.contracts.DepartmentDirectory.proxy },
        new AgencySigner(wallet),
      );
      await expect(agency.grantOfficer("PSB", Wallet.createRandom().address)).to.be.rejectedWith(/not an active admin/);
      const after = Wallet.createRandom().address;
      await (await agency.grantOfficer("TAX", after)).wait();
      expect(await s.access.isOfficer("TAX", after)).to.equal(true);
    });

    it("retries a broadcast whose answer was lost without executing the action twice", async function () {
      const real = connection.ethers.provider;
      let broadcasts = 0;
      const flaky = new Proxy(real, {
        get(target, property) {
          if (property !== "broadcastTransaction") {
            const value = Reflect.get(target, property, target);
            return typeof value === "function" ? value.bind(target) : value;
          }
          return async (raw: string) => {
            broadcasts++;
            const response = await target.broadcastTransaction(raw);
            if (broadcasts === 1) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
            return response;
          };
        },
      }) as unknown as Provider;
      const { s, wallet } = await taxAdminWallet(flaky);
      const agency = new AccessClient(
        { manager: s.manifest.contracts.GovAccessManager, directory: s.manifest.contracts.DepartmentDirectory.proxy },
        new AgencySigner(wallet, { backoffMs: 1 }),
      );
      const officer = Wallet.createRandom().address;
      const nonceBefore = await real.getTransactionCount(wallet.address);
      await (await agency.grantOfficer("TAX", officer)).wait();
      expect(broadcasts).to.equal(2);
      expect(await real.getTransactionCount(wallet.address)).to.equal(nonceBefore + 1);
      expect((await s.access.officers("TAX")).filter((a) => a === officer)).to.have.length(1);
    });
  });
});
