import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { id as utf8Hash, JsonRpcProvider, type JsonRpcSigner } from "ethers";

import { loadCityConfig } from "../../config/city.js";
import { GovChain, loadManifest, shareLink } from "../../sdk/index.js";
import { cliRunner, failed, ok } from "../helpers/cli.js";
import { appointAdminsThroughCouncil } from "../helpers/council.js";
import { readQrPng } from "../web/qr.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * What an officer needs to find, through the CLI against a real `hardhat node`: the types the
 * deployment offers, valid values in "unknown code" errors, where an approval leaves a case,
 * deadlines coming due, and ID numbers refused before they are committed.
 */
describe("govchain CLI: what an officer needs to find (against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-officer-test");
  let dir: string;
  let provider: JsonRpcProvider;
  let accounts: string[];
  /** Node accounts: 0 operator; MARKET admin 2, officers 3 and 4; PSB admin 5, officer 6; TAX admin 7, officer 8. */
  const [MARKET, MARKET_2, PSB, TAX] = ["3", "4", "6", "8"];
  // Every type the city's services define, in the order the CLI lists them.
  const CERTIFICATE_TYPES = (loadCityConfig().certificateTypes ?? [])
    .map((t) => t.code)
    .sort((a, b) => a.localeCompare(b));
  const CASE_TYPES = (loadCityConfig().caseTypes ?? []).map((t) => t.id).sort((a, b) => a.localeCompare(b));
  const DEPARTMENTS = loadCityConfig()
    .departments.map((d) => d.code)
    .sort((a, b) => a.localeCompare(b));

  const govchain = cliRunner(() => node.env());
  let sdk: (account: string) => Promise<GovChain>;

  before(async function () {
    dir = node.dir;
    provider = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];
    const manifest = loadManifest(path.join(dir, "localhost.json"));
    sdk = async (account: string) => {
      const signer: JsonRpcSigner = await provider.getSigner(accounts[Number(account)]);
      return GovChain.connect(signer, manifest, { concurrent: false });
    };
    const staffing = [
      ["MARKET", "2", ["3", "4"]],
      ["PSB", "5", ["6"]],
      ["TAX", "7", ["8"]],
    ] as const;
    // Account 1 administers SERVICE, the development council's member: the council appoints the admins.
    await appointAdminsThroughCouncil(
      await sdk("1"),
      staffing.map(([code, admin]) => [code, accounts[Number(admin)]] as const),
    );
    for (const [code, admin, officers] of staffing) {
      const asAdmin = await sdk(admin);
      for (const officer of officers) await (await asAdmin.access.grantOfficer(code, accounts[Number(officer)])).wait();
    }
  });

  after(async function () {
    provider?.destroy();
  });

  it("cert types lists every certificate type with its department and rules, names in Chinese and English", async function () {
    const types = ok(await govchain("--json", "cert", "types"), "cert types");
    expect(types.map((t: { code: string }) => t.code)).to.deep.equal(CERTIFICATE_TYPES);
    const licence = types.find((t: { code: string }) => t.code === "FOOD_LICENCE");
    expect(licence).to.include({ department: "MARKET", renewable: true, suspendable: true, managed: false });
    expect(licence.maxValiditySeconds).to.equal("157680000");
    expect(licence.nameZh).to.equal("食品经营许可证");
    expect(types.find((t: { code: string }) => t.code === "PROPERTY_TITLE")).to.include({ managed: true });

    const table = await govchain("cert", "types");
    expect(table.code).to.equal(0);
    expect(table.stdout).to.match(/FOOD_LICENCE.*MARKET.*1825d/);
  });

  it("cases types lists stages, quorums, deadlines, opener and owner contract", async function () {
    const types = ok(await govchain("--json", "cases", "types"), "cases types");
    const licence = types.find((t: { id: string }) => t.id === "BUSINESS_LICENCE");
    expect(licence).to.deep.include({ openerDepartment: "MARKET", active: true, nameZh: "营业执照申请" });
    expect(licence.stages).to.deep.equal([
      {
        durationSeconds: 259200,
        departments: [
          { code: "PSB", quorum: 1 },
          { code: "TAX", quorum: 1 },
        ],
      },
      { durationSeconds: 172800, departments: [{ code: "MARKET", quorum: 2 }] },
    ]);
    expect(types.find((t: { id: string }) => t.id === "PROPERTY_SALE")).to.include({ ownerName: "PropertyRegistry" });

    const { stdout, code } = await govchain("cases", "types");
    expect(code).to.equal(0);
    expect(stdout).to.contain("opened by officers of MARKET (北京市市场监督管理局 / ");
    expect(stdout).to.contain("stage 2 of 2 (2d deadline): MARKET (2 signatures)");
    expect(stdout).to.contain("opened and consumed by the contract PropertyRegistry");
  });

  it("an unknown certificate type, case type or department is refused with the valid ones listed", async function () {
    const fields = path.join(dir, "fields.json");
    writeFileSync(fields, JSON.stringify({ name: "Acme" }));
    const out = path.join(dir, "never.json");
    failed(
      await govchain(
        ...["-a", MARKET, "cert", "issue", "--type", "BUSINES_LICENCE", "--subject", "91350100M000100Y43"],
        ...["--fields", fields, "--out", out],
      ),
      new RegExp(
        `^govchain: invalid certificate type: "BUSINES_LICENCE" is not a known certificate type; valid: ${CERTIFICATE_TYPES.join(", ")}$`,
      ),
      "issue with a mistyped type",
    );
    failed(
      await govchain(
        ...["-a", MARKET, "cases", "open", "--type", "BUSINESS_LICENSE", "--subject", "91350100M000100Y43"],
        ...["--document", utf8Hash("application")],
      ),
      new RegExp(
        `^govchain: invalid case type: "BUSINESS_LICENSE" is not a known case type; valid: ${CASE_TYPES.join(", ")}$`,
      ),
      "open with a mistyped case type",
    );
    failed(
      await govchain("cases", "due", "--department", "MARKT"),
      new RegExp(`^govchain: invalid department: "MARKT" is not a known department; valid: ${DEPARTMENTS.join(", ")}$`),
      "due for a mistyped department",
    );
    failed(
      await govchain(
        "-a",
        MARKET,
        "cert",
        "suspend",
        utf8Hash("x"),
        "--type",
        "BUSINESS_LICENCE",
        "--reason",
        "fraudd",
      ),
      /^govchain: invalid --reason: "fraudd" is not one of unspecified, superseded, .*investigationClosed$/,
      "a mistyped reason",
    );
  });

  it("a resident ID number or credit code with a wrong check character is refused before anything is sent", async function () {
    const before = await provider.getBlockNumber();
    failed(
      await govchain(
        ...["-a", MARKET, "cases", "open", "--type", "BUSINESS_LICENCE", "--subject", "110105194912310021"],
        ...["--document", utf8Hash("application")],
      ),
      /^govchain: invalid --subject: "110105194912310021" is not a valid resident ID number: the check character \(18th\) is 1, the first 17 call for X$/,
      "a mistyped ID number",
    );
    failed(
      await govchain(
        ...["-a", MARKET, "cases", "open", "--type", "BUSINESS_LICENCE", "--subject", "91350100M000100Y44"],
        ...["--document", utf8Hash("application")],
      ),
      /^govchain: invalid --subject: "91350100M000100Y44" is not a valid unified social credit code: .* call for 3$/,
      "a mistyped credit code",
    );
    expect(await provider.getBlockNumber()).to.equal(before);
  });

  it("cases approve says how many of the quorum signed and what the case waits for next; cases due shows the deadline", async function () {
    const market = await sdk(MARKET);
    const opened = await market.workflow.openCase({
      caseType: "BUSINESS_LICENCE",
      subject: utf8Hash("subject"),
      documentHash: utf8Hash("application"),
    });
    const caseId = String(await opened.wait());

    const psb = await govchain("-a", PSB, "cases", "approve", caseId, "--department", "PSB");
    expect(psb.code, psb.stderr).to.equal(0);
    expect(psb.stdout.trim()).to.match(
      new RegExp(
        `^case ${caseId}: 1 of 1 signature for PSB; PSB approved; the case is open, stage 1 of 2, waiting for TAX \\(deadline \\d{4}-\\d\\d-\\d\\dT`,
      ),
    );
    ok(await govchain("-a", TAX, "--json", "cases", "approve", caseId, "--department", "TAX"), "TAX approves");

    const due = ok(await govchain("--json", "cases", "due", "--within", "3d", "--department", "MARKET"), "due");
    expect(due.map((c: { caseId: string }) => c.caseId)).to.deep.equal([caseId]);
    expect(due[0].dueIn).to.be.within(172700, 172800);
    expect(ok(await govchain("--json", "cases", "due", "--within", "1d"), "due within a day")).to.deep.equal([]);

    const first = await govchain("-a", MARKET, "cases", "approve", caseId, "--department", "MARKET");
    expect(first.stdout.trim()).to.equal(
      `case ${caseId}: 1 of 2 signatures for MARKET; MARKET needs 1 more from another officer before it has approved`,
    );
    const second = ok(
      await govchain("-a", MARKET_2, "--json", "cases", "approve", caseId, "--department", "MARKET"),
      "second MARKET signature",
    );
    expect(second.status).to.equal("approved");
    expect(second.progress).to.include({ signatures: 2, quorum: 2, departmentApproved: true, status: "approved" });
  });

  it("cert show names the suspension's reason and actor, with local ISO times", async function () {
    const fields = path.join(dir, "acme.json");
    writeFileSync(fields, JSON.stringify({ name: "Acme Trading Ltd" }));
    const licence = path.join(dir, "licence.json");
    ok(
      await govchain(
        ...["-a", MARKET, "--json", "cert", "issue", "--type", "BUSINESS_LICENCE", "--subject", "91350100M000100Y43"],
        ...["--fields", fields, "--out", licence],
      ),
      "issue",
    );
    ok(await govchain("-a", MARKET, "--json", "cert", "suspend", licence, "--reason", "fraud"), "suspend");
    const shown = await govchain("cert", "show", licence);
    expect(shown.code, shown.stderr).to.equal(0);
    const officer = accounts[Number(MARKET)];
    expect(shown.stdout).to.contain("issued by MARKET (北京市市场监督管理局 / Beijing Municipal Administration");
    expect(shown.stdout).to.match(
      new RegExp(
        `suspended at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) by ${officer}, reason fraud`,
        "i",
      ),
    );
    const json = ok(await govchain("--json", "cert", "show", licence), "show --json");
    expect(json.history.map((h: { change: string; reason?: string }) => [h.change, h.reason])).to.deep.equal([
      ["issued", undefined],
      ["suspended", "fraud"],
    ]);
  });

  it("cert issue and cert show print the document's share link, and --qr writes its QR code", async function () {
    const fields = path.join(dir, "share-fields.json");
    writeFileSync(fields, JSON.stringify({ name: "Share Link Trading Ltd" }));
    const licence = path.join(dir, "share-licence.json");
    const page = "https://verify.example/?rpc=x";
    const qr = path.join(dir, "share-licence.png");
    const issued = ok(
      await govchain(
        ...["-a", MARKET, "--json", "cert", "issue", "--type", "BUSINESS_LICENCE", "--subject", "91350100M000100Y43"],
        ...["--fields", fields, "--out", licence, "--page", page, "--qr", qr],
      ),
      "issue with --page --qr",
    );
    const document = JSON.parse(readFileSync(licence, "utf8"));
    expect(issued.shareLink).to.equal(await shareLink(document, page));
    expect(issued.qr).to.equal(qr);
    expect(readQrPng(readFileSync(qr))).to.equal(issued.shareLink);
    const shown = await govchain("cert", "show", licence, "--page", page);
    expect(shown.stdout).to.contain(`share link: ${issued.shareLink}`);
    // A bad --qr is refused before anything is sent.
    failed(
      await govchain(
        ...["-a", MARKET, "cert", "issue", "--type", "BUSINESS_LICENCE", "--subject", "91350100M000100Y43"],
        ...["--fields", fields, "--out", path.join(dir, "never.json"), "--qr", path.join(dir, "never.jpg")],
      ),
      /^govchain: .*never\.jpg must end in \.png or \.svg$/,
      "--qr .jpg",
    );
    expect(existsSync(path.join(dir, "never.json"))).to.equal(false);
  });
});
