import { writeFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { loadCityConfig } from "../../config/city.js";
import { cliRunner, ok } from "../helpers/cli.js";
import { useSharedChain } from "../helpers/shared-node.js";

/**
 * The city's council through the CLI, as the committee would use it: a real `hardhat node`, the suite deployed
 * with `--governance city` and a staff file naming the three members' admins (SERVICE weight 2: account 1;
 * SCITECH and ECONINFO weight 1: accounts 2 and 3).
 */
describe("govchain governance (the city council, against a real hardhat node)", function () {
  this.timeout(600_000);
  const classes = loadCityConfig().governance.council.classes;
  // The shared node (test/helpers/shared-node.ts), not its deployment: this file deploys the city council on it,
  // after the snapshot its after() reverts to.
  const node = useSharedChain("cli-governance-test", { deployed: false });
  let dir: string;
  const govchain = cliRunner(() => node.env());
  const json = async (...args: string[]) => ok(await govchain("--json", ...args), args.join(" "));
  const later = async (seconds: number) => {
    for (const [method, params] of [
      ["evm_increaseTime", [seconds]],
      ["evm_mine", []],
    ] as const) {
      await fetch(node.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      });
    }
  };

  before(async function () {
    dir = node.dir;
    const staff = path.join(dir, "staff.json");
    writeFileSync(
      staff,
      JSON.stringify({
        departments: {
          SERVICE: { admins: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] },
          SCITECH: { admins: ["0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"] },
          ECONINFO: { admins: ["0x90F79bf6EB2c4f870365E785982E1f101E93b906"] },
        },
      }),
    );
    await json("deploy", "--governance", "city", "--staff", staff);
  });

  it("refuses a city deploy without the members' admins, before touching the chain", async function () {
    const refused = await govchain("deploy", "--governance", "city", "--reset", "--staff", "/nonexistent.json");
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.match(/^govchain: cannot read staff file/);
  });

  it("shows the council: members, weights, each class's threshold and delay", async function () {
    const { members, rules } = await json("governance", "council");
    expect(members).to.deep.equal([
      { department: "SERVICE", weight: 2 },
      { department: "SCITECH", weight: 1 },
      { department: "ECONINFO", weight: 1 },
    ]);
    expect(rules.routine).to.deep.equal({ threshold: 2, delay: classes.routine.delaySeconds });
  });

  it("routine: one commission proposes, the other approves, anyone executes after the hour", async function () {
    const proposed = await json("-a", "2", "departments", "register", "AIRPORT", "--name", "Capital Airport");
    expect(proposed.state, "SCITECH's weight 1 is below the routine threshold 2").to.equal("pending");
    const shown = await govchain("governance", "show", String(proposed.id));
    expect(shown.stdout).to.match(/weight: +1 of 2/);
    expect(shown.stdout).to.match(/approved: +SCITECH/);
    const approved = await json("-a", "3", "governance", "approve", String(proposed.id));
    expect(approved.state).to.equal("queued");
    const early = await govchain("-a", "9", "governance", "execute", String(proposed.id));
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(/cannot be executed before/);
    await later(classes.routine.delaySeconds);
    expect((await json("-a", "9", "governance", "execute", String(proposed.id))).state).to.equal("executed");
    expect((await json("departments", "show", "AIRPORT")).name).to.equal("Capital Airport");
  });

  it("emergency: SERVICE alone closes a module at once; reopening waits for the sensitive threshold", async function () {
    expect((await json("-a", "1", "module", "close", "DataExchange")).state).to.equal("executed");
    const reopen = await json("-a", "1", "module", "reopen", "DataExchange");
    expect(reopen.state).to.equal("pending");
    // SCITECH runs the same command: it approves the open proposal instead of making a second one.
    const again = await json("-a", "2", "module", "reopen", "DataExchange");
    expect(again).to.include({ id: reopen.id, state: "queued" });
    expect((await json("-a", "2", "module", "reopen", "DataExchange")).id, "nothing new to vote").to.equal(reopen.id);
    await later(classes.sensitive.delaySeconds);
    expect((await json("governance", "execute", String(reopen.id))).state).to.equal("executed");
    const status = await json("module", "status");
    expect(status).to.deep.include({ module: "DataExchange", closed: false });
  });

  it("critical: a single member's objection cancels an upgrade; approving twice is refused", async function () {
    const upgrade = await json("-a", "1", "upgrade", "Workflow");
    expect(upgrade.state).to.equal("pending");
    const twice = await govchain("-a", "1", "governance", "approve", String(upgrade.id));
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.match(/SERVICE already approved or objected/);
    const notAdmin = await govchain("-a", "4", "governance", "approve", String(upgrade.id), "--department", "SCITECH");
    expect(notAdmin.stderr).to.match(/is not an admin of council member SCITECH/);
    expect((await json("-a", "3", "governance", "object", String(upgrade.id))).state).to.equal("cancelled");
    const listed = await json("governance", "list");
    expect(listed.find((p: { id: string }) => p.id === String(upgrade.id)).state).to.equal("cancelled");
  });
});
