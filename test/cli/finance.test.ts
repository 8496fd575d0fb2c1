import path from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, Wallet, type JsonRpcSigner } from "ethers";

import { creditCodeCheckChar, enterpriseCommitment, GovChain, loadManifest, newSalt } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * `govchain finance` against a real hardhat node: MARKET binds an enterprise, a bank verifies the credential and an
 * agent's mandate with no key (exit 1 with the reason when not valid), refusals are one line.
 */
describe("govchain CLI: finance (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-finance-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 1 SERVICE's admin; 2 MARKET admin and officer; 3 TAX admin and officer; 9 the agent. */
  const STAFF = { MARKET: "2", TAX: "3" } as const;
  const govchain = cliRunner(() => node.env());
  const enterprise = enterpriseCommitment("91110108MA01ABCD1" + creditCodeCheckChar("91110108MA01ABCD1"), newSalt());
  const representative = Wallet.createRandom();
  let gov: GovChain;

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    const sdk = async (account: string) => {
      const signer: JsonRpcSigner = await provider.getSigner(accounts[Number(account)]);
      return GovChain.connect(signer, manifest, { concurrent: false });
    };
    await appointAdminsThroughCouncil(
      await sdk("1"),
      Object.entries(STAFF).map(([code, account]) => [code, accounts[Number(account)]] as const),
    );
    for (const [code, account] of Object.entries(STAFF)) {
      await (await (await sdk(account)).access.grantOfficer(code, accounts[Number(account)])).wait();
    }
    gov = await sdk("2");
  });

  after(async function () {
    provider?.destroy();
  });

  it("MARKET binds an enterprise; a bank verifies it and an agent's mandate with no key", async function () {
    ok(
      await govchain("--json", "-a", "2", "finance", "bind", enterprise, id("credential"), representative.address),
      "bind",
    );
    const verdict = ok(await govchain("--json", "finance", "verify-enterprise", enterprise), "verify-enterprise");
    expect(verdict).to.deep.include({ valid: true, representative: representative.address });
    const block = await provider.getBlock("latest");
    const signed = await gov.finance!.signMandate(representative, {
      enterprise,
      mandateHash: id("mandate"),
      agent: accounts[9],
      scope: 1n,
      bank: "BANK_ICBC",
      expiresAt: BigInt(block!.timestamp + 86_400),
    });
    await (await gov.finance!.grantMandate(signed)).wait();
    const args = ["finance", "verify-mandate", "1", "--agent", accounts[9], "--bank", "BANK_ICBC", "--action"];
    expect(ok(await govchain("--json", ...args, "OPEN_ACCOUNT"), "verify-mandate")).to.deep.include({ valid: true });
    const beyond = await govchain(...args, "BORROW");
    expect(beyond.code).to.equal(1);
    expect(beyond.stdout).to.match(/NOT VALID: EnterpriseMandatesOutOfScope \(mandate allows: OPEN_ACCOUNT\)/);
  });

  it("refuses in one line: a TAX officer revoking a mandate, an unknown loan", async function () {
    failed(
      await govchain("-a", "3", "finance", "revoke-mandate", "1", "--reason", "ORDER"),
      /DepartmentGatedUnauthorizedOfficer|not an officer/i,
      "revoke by TAX",
    );
    failed(await govchain("finance", "loan", "99"), /no loan 99/, "unknown loan");
  });
});
