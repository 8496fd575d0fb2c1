import { expect } from "chai";
import { parseEther, Wallet } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { GovChainError } from "../../sdk/index.js";
import { demoSigners, fundAccounts } from "../../scripts/lib/staff.js";
import { useSharedChain } from "../helpers/shared-node.js";

// The first development key: the only key of the network under test, like a private network's deployer.
const ONLY_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/**
 * The demo's accounts on a network with one key (a `private` network, geth --dev): staff derived
 * from a mnemonic and funded by the operator, against a real node in another process.
 */
describe("Demo signers on a network with one key (against a real hardhat node)", function () {
  this.timeout(300_000);
  // The shared node (test/helpers/shared-node.ts), not its deployment: a snapshot at the start, reverted at the end.
  const node = useSharedChain("demo-signers", { deployed: false });
  let oneKey: NetworkConnection;
  // A mnemonic nobody funded: the operator has to pay for its accounts.
  const env = { GOVCHAIN_DEMO_MNEMONIC: Wallet.createRandom().mnemonic!.phrase, GOVCHAIN_DEMO_FUNDING: "0.5" };

  before(async function () {
    oneKey = await network.create({ network: "localhost", override: { url: node.url, accounts: [ONLY_KEY] } });
  });

  const balances = (addresses: string[]) => Promise.all(addresses.map((a) => oneKey.ethers.provider.getBalance(a)));

  it("derives the staff from the mnemonic and funds them from the operator, once", async function () {
    const { operator, staff } = await demoSigners(oneKey, 3, env);
    expect(operator.address).to.equal(new Wallet(ONLY_KEY).address);
    expect(new Set(staff.map((s) => s.address)).size).to.equal(3);
    expect(staff.map((s) => s.address)).not.to.include(operator.address);
    expect(await balances(staff.map((s) => s.address))).to.deep.equal([0, 1, 2].map(() => parseEther("0.5")));

    // The staff sign their own transactions through the same node.
    await (await staff[0].sendTransaction({ to: staff[1].address, value: 1n })).wait();

    // A second run finds them funded: nothing is sent.
    const nonce = await oneKey.ethers.provider.getTransactionCount(operator.address);
    const again = await demoSigners(oneKey, 3, env);
    expect(again.staff.map((s) => s.address)).to.deep.equal(staff.map((s) => s.address));
    expect(await oneKey.ethers.provider.getTransactionCount(operator.address)).to.equal(nonce);
  });

  it("refuses with a clear error, sending nothing, when the operator cannot fund them", async function () {
    const operator = new Wallet(ONLY_KEY).address;
    const nonce = await oneKey.ethers.provider.getTransactionCount(operator);
    const poorEnv = {
      GOVCHAIN_DEMO_MNEMONIC: Wallet.createRandom().mnemonic!.phrase,
      GOVCHAIN_DEMO_FUNDING: "1000000",
    };
    await expect(demoSigners(oneKey, 3, poorEnv)).to.be.rejectedWith(
      GovChainError,
      /the demo needs 3 funded accounts and the operator 0x\w+ holds [\d.]+ ether/,
    );
    expect(await oneKey.ethers.provider.getTransactionCount(operator)).to.equal(nonce);
  });

  it("funds nobody on a gas-free network (gas price 0)", async function () {
    const gasFree = await network.create({
      network: "localhost",
      override: { url: node.url, accounts: [ONLY_KEY], gasPrice: 0n },
    });
    const [operator] = await gasFree.ethers.getSigners();
    const unfunded = Wallet.createRandom().connect(gasFree.ethers.provider);
    const funded = await fundAccounts(gasFree, operator, [unfunded], parseEther("1"));
    expect(funded).to.equal(0);
    expect(await gasFree.ethers.provider.getBalance(unfunded.address)).to.equal(0n);
  });

  it("lends the in-process chain's own accounts when it has enough", async function () {
    const inProcess = await network.create();
    const signers = await inProcess.ethers.getSigners();
    const { operator, staff } = await demoSigners(inProcess, 19, env);
    expect(operator.address).to.equal(signers[0].address);
    expect(staff.map((s) => s.address)).to.deep.equal(signers.slice(1, 20).map((s) => s.address));
  });
});
