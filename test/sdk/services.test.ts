import path from "node:path";

import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { loadServiceConfig } from "../../config/city.js";
import {
  applyDatasets,
  assertApplicable,
  councilCalls,
  deployedServices,
  planService,
  serviceDatasetId,
  ServiceConflictError,
  type ServiceDefinition,
} from "../../sdk/index.js";
import { permitService, servicesSuite } from "../helpers/services.js";

const services = path.resolve("services");
const own = (name: string) => loadServiceConfig(path.join(services, name)) as ServiceDefinition;
const permit = (overrides: Record<string, unknown> = {}) => permitService(overrides) as ServiceDefinition;

/** Plans and applies a definition's types through the development council (executes at once), then its datasets. */
async function apply(suite: Awaited<ReturnType<typeof servicesSuite>>, definition: ServiceDefinition) {
  const plan = assertApplicable(await planService(suite.reader, definition));
  const calls = councilCalls(plan);
  if (calls.length > 0) {
    const council = (await suite.as(suite.serviceAdmin)).governance!;
    const outcome = await (await council.propose("SERVICE", calls, `apply ${definition.service}`)).wait();
    expect(outcome.state).to.equal("executed");
  }
  return plan;
}

describe("services as definitions: plan, apply, list (sdk/services)", function () {
  let connection: NetworkConnection;
  const fixture = () => servicesSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  it("the city's own services are deployed as defined: their plans add nothing (datasets wait for their owner)", async function () {
    const suite = await deployed();
    for (const name of ["real-estate.json", "e-licences.json"]) {
      const plan = await planService(suite.reader, own(name));
      expect(plan.conflicts, name).to.deep.equal([]);
      expect(plan.changes, name).to.deep.equal([]);
    }
    const realEstate = await planService(suite.reader, own("real-estate.json"));
    expect(realEstate.unchanged).to.include.members([
      "certificate type PROPERTY_TITLE",
      "case type PROPERTY_SALE",
      "property register wiring",
    ]);
    const sharing = await planService(suite.reader, own("data-sharing.json"));
    expect(sharing.changes.map((c) => c.summary)).to.deep.equal([
      "register dataset PSB/household-register (internal; fields name, idNumber, household, address)",
    ]);
  });

  it("a new service: its types in one routine proposal, its dataset by the owner's officer; applied twice, the second plan is empty", async function () {
    const suite = await deployed();
    const plan = await planService(suite.reader, permit());
    expect(plan.changes.map((c) => c.kind)).to.deep.equal(["certificateType", "caseType", "dataset"]);
    expect(councilCalls(plan)).to.have.length(2);
    await apply(suite, permit());
    // The SERVICE admin is no PSB officer: the dataset waits for one.
    expect((await applyDatasets(await suite.as(suite.serviceAdmin), plan)).waiting).to.deep.equal([
      { label: "PSB/vendor-record", owner: "PSB" },
    ]);
    const done = await applyDatasets(await suite.as(suite.staff.PSB.officer), plan);
    expect(done.applied.map((d) => d.label)).to.deep.equal(["PSB/vendor-record"]);

    const again = await planService(suite.reader, permit());
    expect(again.changes).to.deep.equal([]);
    expect(again.unchanged).to.deep.equal([
      "certificate type STREET_PERMIT",
      "case type STREET_PERMIT_APPLICATION",
      "dataset PSB/vendor-record",
    ]);
    const caseType = await suite.reader.workflow.caseType("STREET_PERMIT_APPLICATION");
    expect(caseType.openerDepartment).to.equal("MARKET");
    expect(caseType.stages.map((s) => s.departments.map((d) => d.code))).to.deep.equal([["PSB"], ["TAX"]]);
    const dataset = await suite.reader.exchange.dataset(serviceDatasetId({ owner: "PSB", name: "vendor-record" }));
    expect(dataset.classification).to.equal("restricted");
  });

  it("a registered type that the definition changes is refused with one sentence naming the difference", async function () {
    const suite = await deployed();
    await apply(suite, permit());
    const changed = permit();
    changed.certificateTypes![0].suspendable = false;
    changed.caseTypes![0].stages[1].departments[0].quorum = 2;
    const plan = await planService(suite.reader, changed);
    expect(plan.conflicts).to.deep.equal([
      "certificate type STREET_PERMIT is registered and cannot change (suspendable true → false): give it a new code",
      "case type STREET_PERMIT_APPLICATION is registered and cannot change " +
        "(stages 1: PSB×1 (86400 s) | 2: TAX×1 (86400 s) → 1: PSB×1 (86400 s) | 2: TAX×2 (86400 s)): give it a new id",
    ]);
    expect(() => assertApplicable(plan))
      .to.throw(ServiceConflictError)
      .with.property("shortMessage")
      .that.matches(/^service STREET_PERMITS: certificate type STREET_PERMIT is registered .*\(and 1 more/);
  });

  it("a deactivated or unknown department in a new definition is refused before anything is sent", async function () {
    const suite = await deployed();
    await suite.deactivate("TAX");
    const plan = await planService(suite.reader, permit({ datasets: [] }));
    expect(plan.conflicts).to.deep.equal([
      "case type STREET_PERMIT_APPLICATION: department TAX is deactivated, so a new definition cannot name it",
    ]);
    expect(plan.changes.map((c) => c.kind)).to.deep.equal(["certificateType"]);
    const unknown = permit({ datasets: [] });
    unknown.certificateTypes![0].department = "HAIDIAN_MARKET";
    expect((await planService(suite.reader, unknown)).conflicts[0]).to.equal(
      "certificate type STREET_PERMIT: department HAIDIAN_MARKET is not registered (govchain departments register HAIDIAN_MARKET)",
    );
  });

  it("datasets: a new endpoint is an update by the owner's officer; a new classification is refused", async function () {
    const suite = await deployed();
    await apply(suite, permit());
    const psb = await suite.as(suite.staff.PSB.officer);
    await applyDatasets(psb, await planService(suite.reader, permit()));
    const moved = permit();
    moved.datasets![0].endpoint = "https://psb.example.gov.cn/api/v2/vendors";
    const update = await planService(suite.reader, moved);
    expect(update.changes.map((c) => c.summary)).to.deep.equal([
      "update dataset PSB/vendor-record: new endpoint (version 2)",
    ]);
    await applyDatasets(psb, update);
    expect((await planService(suite.reader, moved)).changes).to.deep.equal([]);
    const secret = permit();
    secret.datasets![0].classification = "public";
    expect((await planService(suite.reader, secret)).conflicts[0]).to.match(
      /^dataset PSB\/vendor-record is registered as restricted and cannot change here \(classification restricted → public\)/,
    );
  });

  it("participant roles: defined through the same proposal, then deployed as defined; another department is refused", async function () {
    const suite = await deployed();
    const roles = { participantRoles: [{ code: "STREET_VENDOR", department: "MARKET", name: "Street vendor" }] };
    const plan = await apply(suite, permit({ datasets: [], ...roles }));
    expect(plan.changes.map((c) => c.kind)).to.deep.equal(["certificateType", "caseType", "participantRole"]);
    expect(await suite.reader.participants!.roleDepartment("STREET_VENDOR")).to.equal("MARKET");
    const again = await planService(suite.reader, permit({ datasets: [], ...roles }));
    expect(again.changes).to.deep.equal([]);
    expect(again.unchanged).to.include("participant role STREET_VENDOR");
    const moved = { participantRoles: [{ code: "STREET_VENDOR", department: "TAX", name: "Street vendor" }] };
    expect((await planService(suite.reader, permit({ datasets: [], ...moved }))).conflicts).to.deep.equal([
      "participant role STREET_VENDOR is defined and cannot change (department MARKET → TAX): give it a new code",
    ]);
    const items = await deployedServices(suite.reader, [{ file: "street.json", definition: permit(roles) }]);
    expect(items.find((i) => i.kind === "participantRole" && i.code === "STREET_VENDOR")).to.include({
      department: "MARKET",
      service: "STREET_PERMITS",
    });
  });

  it("lists what is deployed and which definition each item belongs to", async function () {
    const suite = await deployed();
    await apply(suite, permit());
    const items = await deployedServices(suite.reader, [
      { file: "services/e-licences.json", definition: own("e-licences.json") },
      { file: "street.json", definition: permit() },
    ]);
    const find = (code: string) => items.find((i) => i.code === code)!;
    expect(find("BUSINESS_LICENCE")).to.include({ kind: "certificateType", service: "E_LICENCES" });
    expect(find("STREET_PERMIT_APPLICATION")).to.include({
      kind: "caseType",
      service: "STREET_PERMITS",
      file: "street.json",
    });
    expect(find("PROPERTY_SALE")).to.include({ kind: "caseType", owner: "PropertyRegistry", service: undefined });
  });
});
