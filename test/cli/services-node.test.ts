import { expect } from "chai";

import { cliRunner, failed, ok } from "../helpers/cli.js";
import { useSharedChain } from "../helpers/shared-node.js";
import { definitionFile, permitService } from "../helpers/services.js";

/**
 * `govchain services` as a user runs it (spawned against a real `hardhat node`): the wiring, the exit codes and the
 * one-line refusals. The diff itself is covered in-process (test/cli/services.test.ts, test/sdk/services.test.ts).
 */
describe("govchain services (spawned CLI, against a real hardhat node)", function () {
  this.timeout(600_000);
  // The shared node and deployment (test/helpers/shared-node.ts): a snapshot at the start, reverted at the end.
  const node = useSharedChain("cli-services-test");
  const govchain = cliRunner(() => node.env());
  // Account 1 administers SERVICE, the development council's one member (config/staff.development.json).
  const SERVICE_ADMIN = ["-a", "1"];

  it("plan of a deployed service: nothing to do; list names each item's service file", async function () {
    const plan = await govchain("services", "plan", "services/e-licences.json");
    expect(plan.code, plan.stderr).to.equal(0);
    expect(plan.stdout.trim()).to.equal("service E_LICENCES: nothing to do (3 items deployed as defined)");
    const items = ok(await govchain("--json", "services", "list"), "list") as { kind: string; code: string }[];
    expect(items.find((i) => i.kind === "caseType" && i.code === "PROPERTY_SALE")).to.include({
      service: "REAL_ESTATE",
      file: "services/real-estate.json",
    });
  });

  it("apply twice: a routine proposal executes, then nothing to do; a changed type exits 1 with one line", async function () {
    const file = definitionFile(permitService({ datasets: [] }));
    const first = await govchain(...SERVICE_ADMIN, "services", "apply", file);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.match(/apply service STREET_PERMITS \(2 types\): done \(council proposal \d+, executed\)/);
    const second = await govchain(...SERVICE_ADMIN, "services", "apply", file);
    expect(second.stdout.trim()).to.equal("apply service STREET_PERMITS: nothing to do (2 items deployed as defined)");

    const changed = permitService({ datasets: [] });
    changed.caseTypes[0].openerDepartment = "PSB";
    failed(
      await govchain(...SERVICE_ADMIN, "services", "apply", definitionFile(changed)),
      /^govchain: service STREET_PERMITS: case type STREET_PERMIT_APPLICATION is registered and cannot change \(openerDepartment MARKET → PSB\): give it a new id$/,
      "changed case type",
    );
    failed(
      await govchain("services", "plan", "/nonexistent/service.json"),
      /^govchain: cannot read service definition \/nonexistent\/service\.json/,
      "missing file",
    );
  });

  it("departments list shows each department's jurisdiction", async function () {
    const list = ok(await govchain("--json", "departments", "list"), "departments list") as {
      code: string;
      jurisdiction?: string;
    }[];
    expect(list.find((d) => d.code === "TAX")?.jurisdiction).to.equal("BEIJING");
  });
});
