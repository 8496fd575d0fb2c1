import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { applyServiceFile, listServices, planServiceFile } from "../../cli/commands/services.js";
import type { GlobalOptions } from "../../cli/context.js";
import { GovChainError, ServiceConflictError } from "../../sdk/index.js";
import { definitionFile, permitService, servicesSuite } from "../helpers/services.js";

const options: GlobalOptions = { network: "hardhat", json: false };

/** Runs a command function with console.log captured; returns its result and what it printed. */
async function quietly<T>(run: () => Promise<T>): Promise<{ result: T; printed: string }> {
  const lines: string[] = [];
  const log = console.log;
  const table = console.table;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  console.table = (rows: unknown) => lines.push(JSON.stringify(rows));
  try {
    return { result: await run(), printed: lines.join("\n") };
  } finally {
    console.log = log;
    console.table = table;
  }
}

/**
 * `govchain services plan|apply|list` on the in-process chain: the command functions the CLI runs, called with a
 * connected SDK (a spawned CLI against a node costs seconds per command; test/cli/cli.test.ts covers the wiring).
 */
describe("govchain services (cli/commands/services.ts, in-process chain)", function () {
  let connection: NetworkConnection;
  const fixture = () => servicesSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  it("apply: the types through one routine council proposal; the second apply is a no-op", async function () {
    const suite = await deployed();
    const file = definitionFile(permitService({ datasets: [] }));
    const gov = await suite.as(suite.serviceAdmin);
    const first = await quietly(() => applyServiceFile(gov, options, file));
    expect(first.result.typesApplied).to.equal(2);
    expect(first.printed).to.match(/apply service STREET_PERMITS \(2 types\): done \(council proposal \d+, executed\)/);
    const proposal = await gov.governance!.proposal(first.result.proposal!.id);
    expect(proposal.actionClass, "register calls are routine in config/permissions.ts").to.equal("routine");

    const blockBefore = await connection.ethers.provider.getBlockNumber();
    const second = await quietly(() => applyServiceFile(gov, options, file));
    expect(second.result.nothingToDo).to.equal(true);
    expect(second.result.proposal).to.equal(undefined);
    expect(second.printed).to.equal("apply service STREET_PERMITS: nothing to do (2 items deployed as defined)");
    expect(await connection.ethers.provider.getBlockNumber(), "nothing was sent").to.equal(blockBefore);
  });

  it("apply: a dataset is registered by its owner's officer; the council's admin is told who must apply it", async function () {
    const suite = await deployed();
    const file = definitionFile(permitService());
    const admin = await quietly(async () => applyServiceFile(await suite.as(suite.serviceAdmin), options, file));
    expect(admin.printed).to.include("dataset PSB/vendor-record waits for an officer of PSB");
    const officer = await quietly(async () => applyServiceFile(await suite.as(suite.staff.PSB.officer), options, file));
    expect(officer.result.datasets.applied.map((d) => d.label)).to.deep.equal(["PSB/vendor-record"]);
    expect(officer.result.proposal, "the types were already there: no proposal").to.equal(undefined);
  });

  it("plan prints what would change; a changed type is refused with one line and nothing is sent", async function () {
    const suite = await deployed();
    const file = definitionFile(permitService({ datasets: [] }));
    const plan = await quietly(() => planServiceFile(suite.reader, options, file));
    expect(plan.printed).to.include("+ register certificate type STREET_PERMIT of MARKET");
    expect(plan.printed).to.include("(the types go through one routine council proposal of 2 calls)");
    await quietly(async () => applyServiceFile(await suite.as(suite.serviceAdmin), options, file));

    const changed = permitService({ datasets: [] });
    changed.certificateTypes[0].maxValiditySeconds = 60;
    const changedFile = definitionFile(changed);
    const blockBefore = await connection.ethers.provider.getBlockNumber();
    const refusal = await quietly(async () =>
      applyServiceFile(await suite.as(suite.serviceAdmin), options, changedFile).catch((e: unknown) => e),
    );
    expect(refusal.result).to.be.instanceOf(ServiceConflictError);
    expect((refusal.result as ServiceConflictError).shortMessage).to.equal(
      "service STREET_PERMITS: certificate type STREET_PERMIT is registered and cannot change " +
        "(maxValiditySeconds 31536000 → 60): give it a new code",
    );
    expect(await connection.ethers.provider.getBlockNumber()).to.equal(blockBefore);
    const planned = await quietly(() => planServiceFile(suite.reader, options, changedFile).catch((e: unknown) => e));
    expect(planned.result).to.be.instanceOf(ServiceConflictError);
    expect(planned.printed).to.include("! certificate type STREET_PERMIT is registered and cannot change");
  });

  it("a deactivated department in a definition is refused", async function () {
    const suite = await deployed();
    await suite.deactivate("PSB");
    const file = definitionFile(permitService({ datasets: [] }));
    const refused = await applyServiceFile(await suite.as(suite.serviceAdmin), options, file).catch((e: unknown) => e);
    expect((refused as ServiceConflictError).shortMessage).to.equal(
      "service STREET_PERMITS: case type STREET_PERMIT_APPLICATION: department PSB is deactivated, " +
        "so a new definition cannot name it",
    );
  });

  it("a malformed definition is refused with its file and JSON path", async function () {
    const suite = await deployed();
    const bad = permitService();
    (bad.datasets[0] as Record<string, unknown>).classification = "secret";
    const file = definitionFile(bad, "street.json");
    const refused = await planServiceFile(suite.reader, options, file).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(GovChainError);
    expect((refused as GovChainError).shortMessage).to.match(
      /^invalid service definition .*street\.json: datasets\.0\.classification: /,
    );
    expect((refused as GovChainError).shortMessage).not.to.include("\n");
  });

  it("list: every deployed type and dataset with the service file it belongs to", async function () {
    const suite = await deployed();
    const { result: items, printed } = await quietly(() => listServices(suite.reader, options));
    const find = (kind: string, code: string) => items.find((i) => i.kind === kind && i.code === code)!;
    expect(find("caseType", "BUSINESS_LICENCE")).to.include({ service: "E_LICENCES" });
    expect(find("caseType", "BUSINESS_LICENCE").file).to.match(/services\/e-licences\.json$/);
    expect(find("certificateType", "PROPERTY_TITLE")).to.include({ service: "REAL_ESTATE" });
    expect(printed).to.include("REAL_ESTATE (services/real-estate.json)");
  });
});
