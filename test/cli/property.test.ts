import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { id as utf8Hash, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { GovChain, loadManifest, subjectCommitment } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The property commands as registrars, banks and departments run them: a real `hardhat node`,
 * the suite deployed by `govchain deploy`, departments staffed through the SDK, then the CLI
 * spawned per command (a spawn costs seconds: setup that is not under test goes through the SDK).
 */
describe("govchain CLI: property (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-property-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 0 deployer (holds nothing); 1 SERVICE's admin (the development council); each department's admin is also its officer. 9 is nobody. */
  const REGISTRY = "1";
  const ICBC = "2";
  const CCB = "3";
  const STAFF = { REGISTRY, BANK_ICBC: ICBC, BANK_CCB: CCB, PSB: "4", HOUSING: "5", TAX: "6" } as const;
  const UNIT = "110105003001GB00001F10010001";

  const govchain = cliRunner(() => node.env());

  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const hash = (label: string) => utf8Hash(label);

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    const sdk = async (account: string) => {
      const signer: JsonRpcSigner = await provider.getSigner(accounts[Number(account)]);
      return GovChain.connect(signer, manifest, { concurrent: false });
    };
    // Account 1 administers SERVICE, the development council's member: the council appoints the admins.
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

  it("--help at every level", async function () {
    for (const args of [
      ["property", "--help"],
      ["property", "transfer", "execute", "--help"],
    ]) {
      const { stdout, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(0);
      expect(stdout).to.match(/Usage: govchain property/);
    }
  });

  it("register → show → mortgage → can-transfer (blocked) → release → transfer through a case → history", async function () {
    // 1. Register Li 60 % and Wang 40 %; the ids are committed with fresh salts written to --out, never sent.
    const first = path.join(dir, "first-owners.json");
    const parcel = file("parcel.pdf", "parcel GB00001");
    const registered = ok(
      await govchain(
        ...["-a", REGISTRY, "--json", "property", "register", UNIT],
        ...["--owners", "ID-LI:6000,ID-WANG:4000", "--parcel", parcel, "--permit", hash("permit 2019-0042")],
        ...["--usage", "1", "--area", "89.5", "--document", hash("application"), "--out", first],
      ),
      "register",
    );
    expect(registered).to.include({ unitNumber: UNIT, titleVersion: 1, ownership: "byShares", file: first });
    const saved = JSON.parse(readFileSync(first, "utf8"));
    expect(saved.owners).to.have.length(2);
    for (const o of saved.owners) {
      expect(o.salt).to.match(/^0x[0-9a-f]{64}$/);
      expect(subjectCommitment(o.id, o.salt)).to.equal(o.commitment);
    }
    const li = saved.owners.find((o: { id: string }) => o.id === "ID-LI");

    // 2. show: the title from events (checked against the chain), no encumbrances.
    const shown = ok(await govchain("--json", "property", "show", UNIT), "show");
    expect(shown.title.version).to.equal(1);
    expect(shown.title.owners).to.deep.include({ commitment: li.commitment, share: 6000 });
    expect(shown.unit).to.include({ usage: 1, area: "8950" });
    expect(shown.encumbrances).to.deep.equal([]);
    const raw = JSON.stringify(shown);
    expect(raw).not.to.include("ID-LI");
    expect(raw).not.to.include(li.salt);

    // 3. ICBC applies for a mortgage (the owners' consent in the application); the registrar approves the case;
    //    only then does ICBC register it. The unit cannot be transferred and can-transfer says why (exit 1).
    const applied = ok(
      await govchain(
        ...["-a", ICBC, "--json", "property", "encumber", UNIT, "--kind", "mortgage"],
        ...["--department", "BANK_ICBC", "--document", hash("application with the owners' consent")],
      ),
      "mortgage application",
    );
    expect(applied).to.include({ kind: "mortgage", bank: "BANK_ICBC" });
    const application = String(applied.caseId);
    const register = () =>
      govchain(
        ...["-a", ICBC, "--json", "property", "encumber", UNIT, "--kind", "mortgage"],
        ...["--department", "BANK_ICBC", "--case", application, "--document", hash("mortgage contract")],
      );
    failed(await register(), /^govchain: .*case \d+ is open/i, "mortgage before approval");
    ok(
      await govchain("-a", REGISTRY, "--json", "cases", "approve", application, "--department", "REGISTRY"),
      "registrar approves the mortgage",
    );
    const mortgage = ok(await register(), "mortgage");
    expect(mortgage).to.include({ encumbrance: 1, kind: "mortgage", holder: "BANK_ICBC" });
    expect(mortgage.proofCertificate).to.match(/^0x[0-9a-f]{64}$/);
    const table = await govchain("property", "show", UNIT);
    expect(table.stdout)
      .to.match(/title v1 \(byShares, 2 owner\(s\)\), usage 1, area 89\.50 m²/)
      .and.to.match(/encumbrances \(1 active\)/)
      .and.to.match(/BANK_ICBC/);
    const blocked = await govchain("property", "can-transfer", UNIT);
    expect(blocked.code, blocked.stderr).to.equal(1);
    expect(blocked.stdout).to.match(/^BLOCKED /);
    expect(blocked.stdout).to.match(/mortgaged: mortgaged to BANK_ICBC \(encumbrance 1\)/);

    // 4. CCB cannot release ICBC's mortgage; ICBC can.
    failed(
      await govchain(
        ...["-a", CCB, "property", "release", UNIT, "1"],
        ...["--department", "BANK_CCB", "--document", hash("release")],
      ),
      /^govchain: .*encumbrance 1 of unit 110105003001GB00001F10010001 is held by BANK_ICBC, not BANK_CCB/,
      "release by the wrong bank",
    );
    expect(
      ok(
        await govchain("-a", ICBC, "--json", "property", "release", UNIT, "1", "--document", hash("release")),
        "release",
      ),
    ).to.include({ encumbrance: 1, department: "BANK_ICBC" });
    const free = ok(await govchain("--json", "property", "can-transfer", UNIT), "can-transfer");
    expect(free).to.include({ transferable: true });

    // 5. A sale to Zhao: the registrar opens the case, PSB and HOUSING then TAX approve, the registrar executes.
    const next = path.join(dir, "sale-owners.json");
    const opened = ok(
      await govchain(
        ...["-a", REGISTRY, "--json", "property", "transfer", "open", UNIT, "--kind", "sale"],
        ...["--owners", "ID-ZHAO", "--document", hash("sale contract"), "--out", next],
      ),
      "transfer open",
    );
    const caseId = String(opened.caseId);
    expect(JSON.parse(readFileSync(next, "utf8"))).to.include({ kind: "sale", ownership: "sole", caseId });
    const pending = await govchain("--json", "property", "can-transfer", UNIT, "--case", caseId);
    expect(pending.code).to.equal(1);
    expect(JSON.parse(pending.stdout).blockers.map((b: { reason: string }) => b.reason)).to.deep.equal([
      "caseNotApproved",
    ]);
    for (const department of ["PSB", "HOUSING", "TAX"] as const) {
      ok(
        await govchain("-a", STAFF[department], "--json", "cases", "approve", caseId, "--department", department),
        `approve ${department}`,
      );
    }
    const executed = ok(
      await govchain("-a", REGISTRY, "--json", "property", "transfer", "execute", UNIT, caseId, "--owners", next),
      "transfer execute",
    );
    const zhao = JSON.parse(readFileSync(next, "utf8")).owners[0];
    expect(executed).to.include({ version: 2, cause: "sale", kind: "sole" });
    expect(executed.owners).to.deep.equal([{ commitment: zhao.commitment, share: 10000 }]);

    // 6. history: both title versions (Li and Wang, then Zhao), the mortgage and its release, the case.
    const history = ok(await govchain("--json", "property", "history", UNIT), "history");
    expect(history.titles.map((t: { version: number; cause: string }) => [t.version, t.cause])).to.deep.equal([
      [1, "initial"],
      [2, "sale"],
    ]);
    expect(history.titles[0].owners.map((o: { commitment: string }) => o.commitment)).to.include(li.commitment);
    expect(history.titles[1].owners[0].commitment).to.equal(zhao.commitment);
    expect(history.encumbrances).to.have.length(1);
    expect(history.encumbrances[0]).to.include({ kind: "mortgage", holder: "BANK_ICBC" });
    expect(history.encumbrances[0].released).to.not.equal(undefined);
    expect(history.transfersOpened.map((t: { caseId: string }) => t.caseId)).to.deep.equal([caseId]);
    const human = await govchain("property", "history", UNIT);
    expect(human.stdout)
      .to.match(/ownership chain/)
      .and.to.match(/sale/);
  });

  it("failures are one line and exit 1: duplicate unit, shares not summing to 10,000, a malformed unit number", async function () {
    const register = (unit: string, owners: string, out?: string) =>
      govchain(
        ...["-a", REGISTRY, "property", "register", unit, "--owners", owners],
        ...["--parcel", hash("parcel"), "--usage", "1", "--area", "50", "--document", hash("application")],
        ...(out === undefined ? [] : ["--out", out]),
      );
    const out = path.join(dir, "duplicate.json");
    failed(
      await register(UNIT, "ID-QIAN", out),
      /^govchain: .*unit 110105003001GB00001F10010001 is already registered/,
      "duplicate unit",
    );
    expect(existsSync(out), "the salts file of a refused registration is removed").to.equal(false);
    failed(
      await register("110105003001GB00001F10010002", "ID-A:6000,ID-B:3000"),
      /^govchain: invalid shares: sum to 9000, not 10000$/,
      "shares",
    );
    failed(
      await register("110105003001GB00000F10010002", "ID-A"),
      /^govchain: invalid unit number: .*parcel sequence 00000$/,
      "malformed unit number",
    );
  });
});
