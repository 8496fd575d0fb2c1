import path from "node:path";

import { expect } from "chai";
import { id as utf8Hash, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { GovChain, loadManifest, subjectCommitment, type Title } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The estate commands as banks, TAX, the registrar and a utility company run them, against a real node; the
 * register's own steps (registration, the sale case, its approvals and execution) go through the SDK.
 */
describe("govchain CLI: estate (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-estate-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  let sdk: (account: string) => Promise<GovChain>;
  /** Node accounts: 1 SERVICE's admin and REGISTRY; each department's admin is also its officer; 8 and 9 companies. */
  const STAFF = { REGISTRY: "1", BANK_ICBC: "2", PSB: "4", HOUSING: "5", TAX: "6", CITYMGMT: "7" } as const;
  const [WATER, POWER] = ["8", "9"];
  const UNIT = "110105003001GB00001F10020001";
  const buyer: Title = {
    kind: "sole",
    owners: [{ commitment: subjectCommitment("ID-zhao", utf8Hash("s2")), share: 10_000 }],
  };

  const govchain = cliRunner(() => node.env());

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    sdk = async (account: string) => {
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
    const city = (await sdk(STAFF.CITYMGMT)).participants!;
    await (await city.accredit("WATER_PROVIDER", accounts[Number(WATER)], { label: "Beijing Waterworks" })).wait();
    await (await city.accredit("POWER_PROVIDER", accounts[Number(POWER)], { label: "State Grid Beijing" })).wait();
  });

  after(async function () {
    provider?.destroy();
  });

  it("deposit → early release refused → audit → sale executed → release → utility steps → show", async function () {
    const registrar = (await sdk(STAFF.REGISTRY)).property!;
    const seller: Title = {
      kind: "sole",
      owners: [{ commitment: subjectCommitment("ID-li", utf8Hash("s1")), share: 10_000 }],
    };
    await (
      await registrar.registerUnit({
        unitNumber: UNIT,
        parcelRef: utf8Hash("p"),
        usage: 1,
        area: 100n,
        documentHash: utf8Hash("r"),
        title: seller,
      })
    ).wait();
    const { caseId } = await (
      await registrar.openTransfer({ unitNumber: UNIT, kind: "sale", to: buyer, documentHash: utf8Hash("c") })
    ).wait();
    const c = String(caseId);

    const agreement = utf8Hash("agreement");
    ok(
      await govchain(
        "--json",
        "-a",
        STAFF.BANK_ICBC,
        "estate",
        "deposit",
        UNIT,
        c,
        "--bank",
        "BANK_ICBC",
        "--amount",
        "2600000",
        "--agreement",
        agreement,
      ),
      "deposit",
    );
    failed(
      await govchain("-a", STAFF.BANK_ICBC, "estate", "release", c, "--document", utf8Hash("pay")),
      /the deposit is released only once the transfer executed/,
      "early release",
    );
    ok(
      await govchain(
        "--json",
        "-a",
        STAFF.TAX,
        "estate",
        "audit",
        UNIT,
        c,
        "--declared",
        utf8Hash("d"),
        "--reference",
        utf8Hash("r"),
        "--result",
        "accepted",
      ),
      "audit",
    );
    for (const code of ["PSB", "HOUSING", "TAX"] as const) {
      await (await (await sdk(STAFF[code])).workflow.approve(caseId, code, utf8Hash("ok"))).wait();
    }
    await (await registrar.executeTransfer({ unitNumber: UNIT, caseId, kind: "sale", to: buyer })).wait();
    const released = ok(
      await govchain("--json", "-a", STAFF.BANK_ICBC, "estate", "release", c, "--document", utf8Hash("pay")),
      "release",
    );
    expect(released.state).to.equal("releasedToSeller");

    ok(
      await govchain(
        "--json",
        "-a",
        STAFF.REGISTRY,
        "estate",
        "utilities",
        UNIT,
        c,
        "--water",
        accounts[Number(WATER)],
        "--power",
        accounts[Number(POWER)],
      ),
      "utilities",
    );
    failed(
      await govchain("-a", POWER, "estate", "confirm", c, "water", "--settlement", utf8Hash("s")),
      /only 0x[0-9a-fA-F]{40} confirms the water step/,
      "another provider",
    );
    ok(
      await govchain("--json", "-a", WATER, "estate", "confirm", c, "water", "--settlement", utf8Hash("s")),
      "confirm",
    );
    const shown = ok(await govchain("--json", "estate", "show", UNIT), "show");
    expect(shown.deposits.map((d: { state: string }) => d.state)).to.deep.equal(["releasedToSeller"]);
    expect(shown.taxAudits.map((a: { result: string }) => a.result)).to.deep.equal(["accepted"]);
    expect(
      shown.utilitySteps[0].steps.map((s: { utility: string; done: boolean }) => [s.utility, s.done]),
    ).to.deep.equal([
      ["water", true],
      ["power", false],
    ]);
    failed(await govchain("estate", "confirm", c, "sewage", "--settlement", utf8Hash("s")), /sewage/, "bad utility");
  });
});
