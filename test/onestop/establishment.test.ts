import { expect } from "chai";
import { decodeBytes32String, id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { subjectCommitment } from "../../sdk/index.js";
import { code, deployOneStop, doc, type OneStopSuite } from "./fixture.js";

const ESTABLISHMENT = "ENTERPRISE_ESTABLISHMENT";
const CERTIFICATES = [
  "ENTERPRISE_LICENCE",
  "ENTERPRISE_TAX_REGISTRATION",
  "ENTERPRISE_SOCIAL_INSURANCE",
  "ENTERPRISE_SEAL_FILING",
];
const REVIEWERS = ["PSB", "HRSS", "TAX", "MARKET"] as const;
const enterprise = subjectCommitment("Haidian Quantum Sensors Co., Ltd.", id("salt enterprise"));

/** The reviewer's officer, from the staffed suite or the one-stop staff. */
function officerOf(s: OneStopSuite, dept: (typeof REVIEWERS)[number]) {
  return dept === "HRSS" ? s.district.HRSS.officer : s.staff[dept].officer;
}

async function opened(s: OneStopSuite) {
  const { caseId } = await (
    await s.oneStop.openApplication({ caseType: ESTABLISHMENT, applicant: enterprise, documentHash: doc("articles") })
  ).wait();
  return caseId;
}

async function approvedBy(s: OneStopSuite, caseId: bigint, depts: readonly (typeof REVIEWERS)[number][]) {
  for (const dept of depts) {
    await (await s.workflow.connect(officerOf(s, dept)).approve(caseId, code(dept), doc(`${dept} ok`))).wait();
  }
}

describe("One-stop enterprise establishment (Haidian window; MARKET, TAX, HRSS, PSB in parallel)", function () {
  let connection: NetworkConnection;
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const fixture = () => deployOneStop(connection);
  before(async function () {
    connection = await network.create();
  });

  it("fans one application out to the four departments at once and issues the four certificates together", async function () {
    const s = await deployed();
    const caseId = await opened(s);
    const pending = (await s.workflow.pendingDepartments(caseId)).map((d) => decodeBytes32String(d));
    expect([...pending].sort()).to.deep.equal(["HRSS", "MARKET", "PSB", "TAX"]);

    await approvedBy(s, caseId, ["PSB", "HRSS", "TAX"]);
    // Three of four approvals: nothing can be issued yet.
    await expect(s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer).completeApplication(caseId))
      .to.be.revertedWithCustomError(s.workflow, "WorkflowInvalidStatus")
      .withArgs(caseId, 1);
    await approvedBy(s, caseId, ["MARKET"]);

    const tx = await s.oneStop.completeApplication(caseId);
    const completed = await tx.wait();
    expect(completed.applicant).to.equal(enterprise);
    expect(completed.certificates.map((c) => c.type)).to.deep.equal(CERTIFICATES);
    for (const { type, hash } of completed.certificates) {
      expect(hash).to.equal(await s.oneStop.certificateOf(caseId, type));
      expect(await s.certificateRegistry.isValid(code(type), hash), type).to.equal(true);
    }
    // One transaction: the four CertificateIssued events are in the completion's receipt.
    const receipt = await s.operator.provider!.getTransactionReceipt(tx.hash);
    const issued = receipt!.logs
      .filter((log) => log.address.toLowerCase() === s.manifest.contracts.CertificateRegistry.proxy.toLowerCase())
      .map((log) => s.certificateRegistry.interface.parseLog(log)?.name)
      .filter((name) => name === "CertificateIssued");
    expect(issued).to.have.length(4);

    // One completion per approval.
    await expect(s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer).completeApplication(caseId))
      .to.be.revertedWithCustomError(s.workflow, "WorkflowInvalidStatus")
      .withArgs(caseId, 7);
  });

  it("issues nothing when one department rejects, and the managed types cannot be issued by hand", async function () {
    const s = await deployed();
    const caseId = await opened(s);
    await approvedBy(s, caseId, ["MARKET", "PSB", "HRSS"]);
    await (await s.workflow.connect(s.staff.TAX.officer).reject(caseId, code("TAX"), "arrears", doc("tax no"))).wait();
    await expect(
      s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer).completeApplication(caseId),
    ).to.be.revertedWithCustomError(s.workflow, "WorkflowInvalidStatus");
    const licence = await s.oneStop.certificateOf(caseId, "ENTERPRISE_LICENCE");
    expect(await s.certificateRegistry.isValid(code("ENTERPRISE_LICENCE"), licence)).to.equal(false);
    // MARKET's officers issue ordinary business licences, never the one-stop's managed ones.
    await expect(
      s.certificateRegistry
        .connect(s.staff.MARKET.officer)
        .issue(code("ENTERPRISE_LICENCE"), licence, enterprise, 0, 2n ** 40n - 1n),
    )
      .to.be.revertedWithCustomError(s.certificateRegistry, "CertificateRegistryManagedType")
      .withArgs(code("ENTERPRISE_LICENCE"));
  });

  it("lets the window resubmit a returned application and withdraw another", async function () {
    const s = await deployed();
    const caseId = await opened(s);
    await (
      await s.workflow.connect(s.staff.PSB.officer).returnCase(caseId, code("PSB"), "seal design?", doc("psb"))
    ).wait();
    await (await s.oneStop.resubmitApplication(caseId, doc("seal design"))).wait();
    await approvedBy(s, caseId, REVIEWERS);
    await (await s.oneStop.completeApplication(caseId)).wait();

    const other = await opened(s);
    await (await s.oneStop.withdrawApplication(other, "applicant moved to Chaoyang")).wait();
    expect(await s.workflow.caseStatus(other)).to.equal(5n);
  });

  it("refuses other departments' officers and a deactivated district window", async function () {
    const s = await deployed();
    const market = s.oneStopContract.connect(s.staff.MARKET.officer);
    await expect(market.openApplication(code(ESTABLISHMENT), enterprise, doc("a")))
      .to.be.revertedWithCustomError(s.oneStopContract, "DepartmentGatedUnauthorizedOfficer")
      .withArgs(code("HAIDIAN_SERVICE"), s.staff.MARKET.officer.address);
    await expect(
      s.oneStopContract
        .connect(s.district.HAIDIAN_SERVICE.officer)
        .openApplication(code("NOT_A_BUNDLE"), enterprise, doc("a")),
    )
      .to.be.revertedWithCustomError(s.oneStopContract, "OneStopUnknownBundle")
      .withArgs(code("NOT_A_BUNDLE"));

    const caseId = await opened(s);
    await approvedBy(s, caseId, REVIEWERS);
    await (await s.access.deactivateDepartment("HAIDIAN_SERVICE")).wait();
    const window = s.oneStopContract.connect(s.district.HAIDIAN_SERVICE.officer);
    await expect(window.openApplication(code(ESTABLISHMENT), enterprise, doc("b")))
      .to.be.revertedWithCustomError(s.oneStopContract, "DepartmentGatedInactiveDepartment")
      .withArgs(code("HAIDIAN_SERVICE"), s.district.HAIDIAN_SERVICE.officer.address);
    await expect(window.completeApplication(caseId)).to.be.revertedWithCustomError(
      s.oneStopContract,
      "DepartmentGatedInactiveDepartment",
    );
    expect(await s.workflow.caseStatus(caseId)).to.equal(3n);
  });
});
