import { expect } from "chai";
import { decodeBytes32String, id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { subjectCommitment } from "../../sdk/index.js";
import { code, deployOneStop, doc, type OneStopSuite } from "./fixture.js";

const HIGH_TECH = "HIGH_TECH_CERTIFICATION";
const THREE_YEARS = 94_608_000n;
const enterprise = subjectCommitment("Zhongguancun Photonics Ltd.", id("salt photonics"));

const reviewers = (s: OneStopSuite) =>
  [
    ["SCITECH", s.district.SCITECH.officer],
    ["FINANCE", s.district.FINANCE.officer],
    ["TAX", s.staff.TAX.officer],
  ] as const;

describe("High-tech enterprise certification (SCITECH, FINANCE and TAX review one application)", function () {
  let connection: NetworkConnection;
  const fixture = () => deployOneStop(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  it("issues the certificate, valid three years, once the three departments approved", async function () {
    const s = await deployed();
    const bundle = await s.oneStop.bundle(HIGH_TECH);
    expect(bundle).to.deep.include({ opener: "HAIDIAN_SERVICE", validitySeconds: THREE_YEARS });
    expect(bundle.certificateTypes).to.deep.equal(["HIGH_TECH_ENTERPRISE"]);

    const { caseId } = await (
      await s.oneStop.openApplication({ caseType: HIGH_TECH, applicant: enterprise, documentHash: doc("R&D file") })
    ).wait();
    const pending = (await s.workflow.pendingDepartments(caseId)).map((d) => decodeBytes32String(d));
    expect([...pending].sort()).to.deep.equal(["FINANCE", "SCITECH", "TAX"]);
    for (const [dept, officer] of reviewers(s)) {
      await (await s.workflow.connect(officer).approve(caseId, code(dept), doc(`${dept} ok`))).wait();
    }
    const { certificates } = await (await s.oneStop.completeApplication(caseId)).wait();
    const [{ type, hash }] = certificates;
    expect(type).to.equal("HIGH_TECH_ENTERPRISE");
    expect(await s.certificateRegistry.isValid(code(type), hash)).to.equal(true);

    await connection.networkHelpers.time.increase(THREE_YEARS + 1n);
    expect(await s.certificateRegistry.isValid(code(type), hash), "expired after three years").to.equal(false);
  });

  it("issues nothing while one reviewer has not approved, and FINANCE alone cannot open it", async function () {
    const s = await deployed();
    const { caseId } = await (
      await s.oneStop.openApplication({ caseType: HIGH_TECH, applicant: enterprise, documentHash: doc("R&D file") })
    ).wait();
    const [scitech, finance] = reviewers(s);
    for (const [dept, officer] of [scitech, finance]) {
      await (await s.workflow.connect(officer).approve(caseId, code(dept), doc(`${dept} ok`))).wait();
    }
    await expect(
      s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer).completeApplication(caseId),
    ).to.be.revertedWithCustomError(s.workflow, "WorkflowInvalidStatus");
    const hash = await s.oneStop.certificateOf(caseId, "HIGH_TECH_ENTERPRISE");
    expect(await s.certificateRegistry.isValid(code("HIGH_TECH_ENTERPRISE"), hash)).to.equal(false);
    await expect(
      s.oneStopContract.connect(s.district.FINANCE.officer).openApplication(code(HIGH_TECH), enterprise, doc("x")),
    )
      .to.be.revertedWithCustomError(s.oneStopContract, "DepartmentGatedUnauthorizedOfficer")
      .withArgs(code("HAIDIAN_SERVICE"), s.district.FINANCE.officer.address);
  });
});
