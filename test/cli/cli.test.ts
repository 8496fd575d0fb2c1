import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { cliRunner } from "../helpers/cli.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The `govchain` CLI as a user runs it: a real `hardhat node` in another process, the CLI
 * spawned per command, manifests in a temporary folder (the user's deployments/ is untouched).
 */
describe("govchain CLI (against a real hardhat node)", function () {
  this.timeout(300_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  // The shared deployment is `govchain deploy` as a user runs it (table output); the re-run below uses --json.
  const node = useSharedChain("cli-test");
  let dir: string;

  const govchain = cliRunner(() => node.env());

  async function rpc(method: string, params: unknown[]): Promise<unknown> {
    const response = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return ((await response.json()) as { result: unknown }).result;
  }

  before(async function () {
    dir = node.dir;
  });

  it("--help works at every level", async function () {
    for (const args of [
      ["--help"],
      ["departments", "--help"],
      ["members", "grant-officer", "--help"],
      ["module", "--help"],
    ]) {
      const { stdout, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(0);
      expect(stdout).to.match(/Usage: govchain/);
    }
  });

  it("deploy wrote the manifest, and a re-run resumes instead of deploying again", async function () {
    const manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8"));
    expect(manifest.chainId).to.equal("31337");
    const again = await govchain("--json", "deploy");
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(again.stdout).contracts).to.deep.equal(manifest.contracts);
  });

  it("departments list / show / history print tables or --json", async function () {
    const list = await govchain("--json", "departments", "list");
    expect(JSON.parse(list.stdout).map((d: { code: string }) => d.code)).to.include.members(["TAX", "PSB", "COURT"]);
    const show = await govchain("departments", "show", "TAX");
    expect(show.stdout).to.contain("Beijing Municipal Tax Service");
    const history = await govchain("--json", "departments", "history", "TAX");
    expect(JSON.parse(history.stdout)[0].event).to.equal("DepartmentRegistered");
  });

  // After the handover operator commands are council proposals; account 1 administers SERVICE, the development
  // council's one member (config/staff.development.json), so each executes in the transaction that proposes it.
  const SERVICE_ADMIN = "1";

  it("register, deactivate, reactivate a department; grant and revoke admins and officers", async function () {
    const council = ["-a", SERVICE_ADMIN];
    const registered = await govchain(
      ...council,
      "departments",
      "register",
      "WATER",
      "--name",
      "Water Authority",
      "--kind",
      "other",
    );
    expect(registered.code, registered.stderr).to.equal(0);
    expect(registered.stdout).to.match(/register department WATER: done \(council proposal \d+, executed\)/);
    const admin = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // account 1 of the node
    const officer = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    expect((await govchain(...council, "members", "grant-admin", "WATER", admin)).code).to.equal(0);
    expect((await govchain("-a", "1", "members", "grant-officer", "WATER", officer)).code).to.equal(0);
    let shown = JSON.parse((await govchain("--json", "departments", "show", "WATER")).stdout);
    expect(shown.officers).to.deep.equal([officer]);
    expect((await govchain("-a", admin, "members", "revoke-officer", "WATER", officer)).code).to.equal(0);
    expect((await govchain(...council, "members", "revoke-admin", "WATER", admin)).code).to.equal(0);
    expect((await govchain(...council, "departments", "deactivate", "WATER")).code).to.equal(0);
    shown = JSON.parse((await govchain("--json", "departments", "show", "WATER")).stdout);
    expect(shown).to.include({ active: false });
    expect(shown.admins).to.deep.equal([]);
    expect((await govchain(...council, "departments", "reactivate", "WATER")).code).to.equal(0);
  });

  it("whoami: the deployer holds nothing, the council member's admin holds a seat", async function () {
    const deployer = JSON.parse((await govchain("--json", "whoami")).stdout);
    expect(deployer).to.deep.include({ platformRoles: [], councilSeats: [] });
    const service = JSON.parse((await govchain("--json", "-a", SERVICE_ADMIN, "whoami")).stdout);
    expect(service.councilSeats).to.deep.equal(["SERVICE"]);
    expect(service.departments.map((d: { department: string }) => d.department)).to.include("SERVICE");
  });

  it("staff <file>: appoints admins through the council and officers from the admin's key, idempotently", async function () {
    const file = path.join(dir, "staff.json");
    const [admin, officer] = [
      "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    ];
    writeFileSync(file, JSON.stringify({ departments: { CIVIL: { admins: [admin], officers: [officer] } } }));
    // Every account of a hardhat node is local: the CIVIL admin's key (account 3) appoints the officer at once.
    const first = JSON.parse((await govchain("--json", "-a", SERVICE_ADMIN, "staff", file)).stdout);
    expect(first.departments[0]).to.deep.include({
      department: "CIVIL",
      adminsAppointed: 1,
      officersAppointed: 1,
      pending: "",
    });
    const shown = JSON.parse((await govchain("--json", "departments", "show", "CIVIL")).stdout);
    expect(shown.admins).to.deep.equal([admin]);
    expect(shown.officers).to.deep.equal([officer]);
    const again = JSON.parse((await govchain("--json", "-a", SERVICE_ADMIN, "staff", file)).stdout);
    expect(again.departments[0]).to.deep.include({ adminsAppointed: 0, officersAppointed: 0 });
  });

  it("module close / status / reopen", async function () {
    const directory = await govchain("-a", SERVICE_ADMIN, "module", "close", "DepartmentDirectory");
    expect(directory.code).to.equal(1); // the directory cannot be closed
    expect(directory.stderr).to.match(/failed: .*cannot be closed/);
    expect((await govchain("-a", SERVICE_ADMIN, "module", "close", "DataExchange")).code).to.equal(0);
    let status = JSON.parse((await govchain("--json", "module", "status")).stdout);
    expect(status).to.deep.include({ module: "DataExchange", closed: true });
    expect((await govchain("-a", SERVICE_ADMIN, "module", "reopen", "DataExchange")).code).to.equal(0);
    status = JSON.parse((await govchain("--json", "module", "status")).stdout);
    expect(status).to.deep.include({ module: "DataExchange", closed: false });
    expect(status).to.deep.include({ module: "DepartmentDirectory", closed: false });
  });

  it("upgrade: refuses an incompatible layout; a council proposal waits the upgrade delay, then executes", async function () {
    const refused = await govchain("upgrade", "DepartmentDirectory", "--to", "DepartmentDirectoryBadLayoutMock");
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(
      /^govchain: refused: DepartmentDirectoryBadLayoutMock's storage layout is incompatible/,
    );

    const proposed = await govchain(
      ...["--json", "-a", SERVICE_ADMIN, "upgrade", "DepartmentDirectory", "--to", "DepartmentDirectoryV2Mock"],
    );
    expect(proposed.code, proposed.stderr).to.equal(0);
    const { id, state, executableAt } = JSON.parse(proposed.stdout);
    expect(state, "the AccessManager's upgrade delay binds the council too").to.equal("queued");
    const shown = await govchain("governance", "show", String(id));
    expect(shown.stdout).to.match(/class: +critical/);
    expect(shown.stdout).to.match(/weight: +1 of 1/);
    expect(shown.stdout).to.match(/DepartmentDirectory\.upgradeToAndCall/);
    const early = await govchain("governance", "execute", String(id));
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(/cannot be executed before/);

    await rpc("evm_setNextBlockTimestamp", [Number(executableAt)]);
    await rpc("evm_mine", []);
    const executed = await govchain("governance", "execute", String(id));
    expect(executed.code, executed.stderr).to.equal(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, "localhost.json"), "utf8"));
    const implementation = await rpc("eth_getStorageAt", [
      manifest.contracts.DepartmentDirectory.proxy,
      "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc",
      "latest",
    ]);
    expect(manifest.contracts.DepartmentDirectory.implementation.toLowerCase()).to.equal(
      `0x${String(implementation).slice(26)}`,
    );
    expect(JSON.parse((await govchain("--json", "departments", "show", "TAX")).stdout).code).to.equal("TAX");
    const listed = JSON.parse((await govchain("--json", "governance", "list")).stdout);
    expect(listed.find((p: { id: string }) => p.id === String(id)).state).to.equal("executed");
  });

  it("fails with one clear line and a non-zero exit", async function () {
    const cases: [string[], RegExp][] = [
      [
        ["-a", SERVICE_ADMIN, "departments", "register", "TAX", "--name", "x"],
        /^govchain: call 0 of proposal \d+ failed: department TAX is already registered$/,
      ],
      [
        ["-a", "7", "departments", "register", "NEW", "--name", "x"],
        /^govchain: .*0x.* is not an admin of any council member/,
      ],
      [["departments", "show", "tax office"], /^govchain: invalid department code/],
      [["--network", "nope", "departments", "list"], /^govchain: invalid --network: "nope" is not configured/],
      [["-a", "99", "departments", "deactivate", "TAX"], /^govchain: invalid --account: 99 is not one of/],
      [
        ["-m", "/nonexistent.json", "departments", "list"],
        /^govchain: invalid manifest: \/nonexistent.json does not exist/,
      ],
      [["module", "close", "Nope"], /^govchain: invalid module: "Nope" is not a suite module/],
      [["deploy", "--city", "/nonexistent.json"], /^govchain: cannot read city config/],
    ];
    for (const [args, message] of cases) {
      const { stderr, code } = await govchain(...args);
      expect(code, args.join(" ")).to.equal(1);
      expect(stderr.trim().split("\n"), args.join(" ")).to.have.length(1);
      expect(stderr.trim(), args.join(" ")).to.match(message);
    }
  });

  it("names an unreachable node's URL and the settings that choose it, in one line", async function () {
    const unreachable = cliRunner(() => ({ LOCALHOST_RPC_URL: "http://127.0.0.1:1", GOVCHAIN_DEPLOYMENTS_DIR: dir }));
    const { stderr, code } = await unreachable("departments", "list");
    expect(code).to.equal(1);
    expect(stderr.trim().split("\n")).to.have.length(1);
    expect(stderr.trim()).to.match(
      /^govchain: cannot reach http:\/\/127\.0\.0\.1:1 \(network localhost; set with --network or GOVCHAIN_NETWORK \/ LOCALHOST_RPC_URL\): /,
    );
  });
});
