import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { GovChain, loadManifest } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The e-bills commands against a real `hardhat node`: TAX's and FINANCE's officers accredit through
 * `bills accredit-*`, a hospital issues, an employer locks and closes, an insurer is refused in one line.
 */
describe("govchain CLI: bills (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-bills-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 1 SERVICE's admin (the council); 2 TAX and 3 FINANCE (admin and officer); 4 hospital; 5 employer; 6 insurer. */
  const STAFF = { TAX: "2", FINANCE: "3" } as const;
  const [HOSPITAL, EMPLOYER, INSURER] = ["4", "5", "6"];
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
    await appointAdminsThroughCouncil(
      await sdk("1"),
      Object.entries(STAFF).map(([code, account]) => [code, accounts[Number(account)]] as const),
    );
    for (const [code, account] of Object.entries(STAFF)) {
      await (await (await sdk(account)).access.grantOfficer(code, accounts[Number(account)])).wait();
    }
  });

  after(async function () {
    provider?.destroy();
  });

  it("accredit → issue → lock → close → status; a second organisation's lock is refused in one line", async function () {
    const at = (account: string) => accounts[Number(account)];
    const accredit = (officer: string, kind: string, account: string, label: string) =>
      govchain(
        "-a",
        officer,
        "--json",
        "bills",
        `accredit-${kind}`,
        at(account),
        "--type",
        "E_INVOICE",
        "--label",
        label,
      );
    ok(await accredit(STAFF.TAX, "issuer", HOSPITAL, "Chaoyang Hospital"), "accredit the hospital");
    ok(await accredit(STAFF.FINANCE, "reimburser", EMPLOYER, "Haidian Software"), "accredit the employer");
    ok(await accredit(STAFF.FINANCE, "reimburser", INSURER, "Capital Health"), "accredit the insurer");
    // TAX's officer cannot accredit reimbursers (FINANCE owns the role).
    failed(
      await accredit(STAFF.TAX, "reimburser", INSURER, "x"),
      /not an officer|DepartmentGated|officer of FINANCE/i,
      "TAX accrediting a reimburser",
    );

    const fields = path.join(dir, "fields.json");
    writeFileSync(fields, JSON.stringify({ item: "outpatient visit", amountFen: 35000 }));
    const bill = path.join(dir, "bill.json");
    const issued = ok(
      await govchain(
        ...["-a", HOSPITAL, "--json", "bills", "issue", "--type", "E_INVOICE"],
        ...["--subject", "110105199001011232", "--fields", fields, "--out", bill],
      ),
      "issue",
    );
    expect(JSON.parse(readFileSync(bill, "utf8")).proof.certHash).to.equal(issued.certHash);

    expect(ok(await govchain("-a", EMPLOYER, "--json", "bills", "lock", bill), "lock")).to.include({ locked: 1 });
    expect(ok(await govchain("-a", EMPLOYER, "--json", "bills", "close", bill), "close")).to.include({ closed: 1 });
    failed(await govchain("-a", INSURER, "bills", "lock", bill), /already closed \(reimbursed\) by/, "insurer's lock");

    const [status] = ok(await govchain("--json", "bills", "status", bill), "status") as Record<string, unknown>[];
    expect(status).to.include({ certificate: "active", reimbursement: "closed" });
    expect(String(status.reimburser).toLowerCase()).to.equal(at(EMPLOYER).toLowerCase());
    expect(String(status.issuer).toLowerCase()).to.equal(at(HOSPITAL).toLowerCase());
  });
});
