import path from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { GovChain, loadManifest } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * `govchain logistics` against a real hardhat node: participants act with their own keys (`-a`), COMMERCE accredits
 * them; a document by a party not entitled to its kind, clearance before the documents, an unknown shipment and a
 * release of a container not cleared are refused in one line with exit code 1.
 */
describe("govchain CLI: logistics (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-logistics-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 1 SERVICE's admin; 2 COMMERCE admin and officer; 4 a forwarder, 5 a merchant, 6 no role. */
  const [COMMERCE, FORWARDER, MERCHANT, NOBODY] = ["2", "4", "5", "6"];
  const AWB = "999-12345675";
  const [BOX, ENTRY] = ["CSQU3054383", "TJ-CLI-1"];
  const govchain = cliRunner(() => node.env());

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    const sdk = async (account: string) => {
      const signer: JsonRpcSigner = await provider.getSigner(accounts[Number(account)]);
      return GovChain.connect(signer, manifest, { concurrent: false });
    };
    await appointAdminsThroughCouncil(await sdk("1"), [["COMMERCE", accounts[Number(COMMERCE)]]]);
    const commerce = await sdk(COMMERCE);
    await (await commerce.access.grantOfficer("COMMERCE", accounts[Number(COMMERCE)])).wait();
    const registry = commerce.participants!;
    await (await registry.accredit("FORWARDER", accounts[Number(FORWARDER)], { label: "forwarder" })).wait();
    await (await registry.accredit("MERCHANT", accounts[Number(MERCHANT)], { label: "merchant" })).wait();
  });

  after(async function () {
    provider?.destroy();
  });

  it("a forwarder creates a shipment, the merchant adds its invoice, every party reads the same record", async function () {
    const created = ok(
      await govchain(
        "--json",
        "-a",
        FORWARDER,
        "logistics",
        "shipment",
        "create",
        AWB,
        "--party",
        `MERCHANT=${accounts[Number(MERCHANT)]}`,
      ),
      "create",
    );
    expect(created.awb).to.equal(AWB);
    ok(
      await govchain(
        "--json",
        "-a",
        MERCHANT,
        "logistics",
        "shipment",
        "add-document",
        AWB,
        "COMMERCIAL_INVOICE",
        id("invoice"),
      ),
      "add-document",
    );
    const view = ok(await govchain("--json", "logistics", "shipment", "show", AWB), "show");
    expect(view).to.deep.include({ status: "open", documents: ["COMMERCIAL_INVOICE"] });
    const declared = ok(
      await govchain("--json", "-a", FORWARDER, "logistics", "container", "declare", BOX, ENTRY),
      "declare",
    );
    expect(BigInt(declared.caseId)).to.be.greaterThan(0n);
  });

  it("refuses in one line with exit code 1: a party not entitled, missing documents, an unknown shipment, an uncleared container", async function () {
    failed(
      await govchain("-a", FORWARDER, "logistics", "shipment", "add-document", AWB, "COMMERCIAL_INVOICE", id("forged")),
      /is not shipment 0x[0-9a-f]+'s party in role MERCHANT/,
      "invoice by the forwarder",
    );
    failed(
      await govchain("-a", FORWARDER, "logistics", "shipment", "open-clearance", AWB),
      /shipment 0x[0-9a-f]+ lacks required documents/,
      "clearance before the documents",
    );
    failed(await govchain("logistics", "shipment", "show", "999-00000000"), /does not exist/, "unknown shipment");
    failed(
      await govchain("-a", NOBODY, "logistics", "container", "release", BOX, ENTRY, "TERMINAL_TIANJIN"),
      /container 0x[0-9a-f]+ is declared/i,
      "release of a container not cleared",
    );
    failed(
      await govchain("-a", MERCHANT, "logistics", "shipment", "resubmit-clearance", AWB),
      /shipment 0x[0-9a-f]+ is open/i,
      "resubmission of a shipment not in clearance",
    );
  });
});
