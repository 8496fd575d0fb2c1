import { expect } from "chai";
import { decodeBytes32String, encodeBytes32String, id, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  ConflictError,
  InvalidStateError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  WorkflowClient,
} from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

const code = (s: string) => encodeBytes32String(s);
const DAY = 86_400;
const TRANSFER = "TEST_TRANSFER";
const Status = {
  None: 0n,
  Open: 1n,
  Returned: 2n,
  Approved: 3n,
  Rejected: 4n,
  Withdrawn: 5n,
  Expired: 6n,
  Consumed: 7n,
};

describe("Workflow", function () {
  let connection: NetworkConnection;

  /** The staffed suite plus TEST_TRANSFER: stage 0 TAX + PSB (5 days), stage 1 HOUSING (3 days), owned by `owner`. */
  async function suiteWithTransfer() {
    const s = await deployStaffedSuite(connection);
    const owner = s.signers[19]; // stands in for the consuming contract (e.g. the property registry)
    await (
      await s.workflowClient.registerCaseType(TRANSFER, {
        owner: owner.address,
        stages: [
          { durationSeconds: 5 * DAY, departments: [{ code: "TAX" }, { code: "PSB" }] },
          { durationSeconds: 3 * DAY, departments: [{ code: "HOUSING" }] },
        ],
      })
    ).wait();
    const asOwner = s.workflowClient.connect(owner);
    const open = async (subject = id("unit 110101-001")) =>
      (await asOwner.openCase({ caseType: TRANSFER, subject, documentHash: id("application") })).wait();
    const as = (dept: "TAX" | "PSB" | "HOUSING" | "MARKET") => s.workflowClient.connect(s.staff[dept].officer);
    return { ...s, owner, asOwner, open, as };
  }
  const deployed = () => connection.networkHelpers.loadFixture(suiteWithTransfer);

  before(async function () {
    connection = await network.create();
  });

  describe("case types", function () {
    it("registers the city's department-opened case types, and contract-owned ones with their deployed owner", async function () {
      const s = await deployed();
      const { workflowClient, workflow } = s;
      const licence = await workflowClient.caseType("BUSINESS_LICENCE");
      expect(licence).to.deep.equal({
        id: "BUSINESS_LICENCE",
        active: true,
        owner: undefined,
        openerDepartment: "MARKET",
        stages: [
          {
            durationSeconds: 3 * DAY,
            departments: [
              { code: "PSB", quorum: 1 },
              { code: "TAX", quorum: 1 },
            ],
          },
          { durationSeconds: 2 * DAY, departments: [{ code: "MARKET", quorum: 2 }] },
        ],
      });
      // Types owned by a suite contract get that contract as owner once the suite deploys it (the
      // property registry, since the property module was merged); an unknown type is NotFound.
      const sale = await workflowClient.caseType("PROPERTY_SALE");
      expect(sale.owner).to.equal(await s.propertyRegistry.getAddress());
      expect(sale.openerDepartment).to.equal(undefined);
      await expect(workflow.caseTypeOf(code("NO_SUCH_TYPE")))
        .to.be.revertedWithCustomError(workflow, "WorkflowUnknownCaseType")
        .withArgs(code("NO_SUCH_TYPE"));
      await expect(workflowClient.caseType("NO_SUCH_TYPE")).to.be.rejectedWith(NotFoundError);
    });

    it("refuses malformed case types with custom errors", async function () {
      const { workflow, owner, directory } = await deployed();
      const base = {
        owner: owner.address,
        openerDepartment: ZeroHash,
        departments: [{ department: code("TAX"), stage: 0, quorum: 1 }],
        stageDurations: [DAY],
      };
      const T = code("BAD");
      await expect(workflow.registerCaseType(code(TRANSFER), base))
        .to.be.revertedWithCustomError(workflow, "WorkflowCaseTypeExists")
        .withArgs(code(TRANSFER));
      await expect(workflow.registerCaseType(ZeroHash, base)).to.be.revertedWithCustomError(
        workflow,
        "WorkflowInvalidCaseTypeId",
      );
      await expect(workflow.registerCaseType(T, { ...base, owner: ZeroAddress }))
        .to.be.revertedWithCustomError(workflow, "WorkflowNoOpener")
        .withArgs(T);
      await expect(workflow.registerCaseType(T, { ...base, departments: [] }))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidDepartmentCount")
        .withArgs(T, 0, 16);
      const seventeen = Array.from({ length: 17 }, (_, i) => ({ department: code(`D${i}`), stage: 0, quorum: 1 }));
      await expect(workflow.registerCaseType(T, { ...base, departments: seventeen }))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidDepartmentCount")
        .withArgs(T, 17, 16);
      await expect(workflow.registerCaseType(T, { ...base, stageDurations: [DAY, DAY] }))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStages")
        .withArgs(T, 2, 8);
      await expect(
        workflow.registerCaseType(T, { ...base, departments: [{ department: code("TAX"), stage: 0, quorum: 4 }] }),
      )
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidQuorum")
        .withArgs(code("TAX"), 4, 3);
      await expect(
        workflow.registerCaseType(T, {
          ...base,
          departments: [base.departments[0], base.departments[0]],
        }),
      )
        .to.be.revertedWithCustomError(workflow, "WorkflowDuplicateDepartment")
        .withArgs(T, code("TAX"));
      await expect(
        workflow.registerCaseType(T, { ...base, departments: [{ department: code("NOPE"), stage: 0, quorum: 1 }] }),
      )
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryUnknownDepartment")
        .withArgs(code("NOPE"));
      expect(await workflow.caseTypeOf(T).catch(() => "unknown")).to.equal("unknown");
    });

    it("validates definitions in the SDK before sending", async function () {
      const { workflowClient } = await deployed();
      await expect(workflowClient.registerCaseType("bad id", { owner: ZeroAddress, stages: [] })).to.be.rejectedWith(
        ValidationError,
      );
      await expect(
        workflowClient.registerCaseType("X", {
          openerDepartment: "TAX",
          stages: [{ durationSeconds: 0, departments: [] }],
        }),
      ).to.be.rejectedWith(ValidationError);
      await expect(
        workflowClient.registerCaseType("X", {
          openerDepartment: "TAX",
          stages: [{ durationSeconds: 0, departments: [{ code: "TAX", quorum: 5 }] }],
        }),
      ).to.be.rejectedWith(ValidationError);
    });

    it("stops new cases of a retired type, open ones continue", async function () {
      const { workflowClient, workflow, open, as } = await deployed();
      const caseId = await open();
      await (await workflowClient.setCaseTypeActive(TRANSFER, false)).wait();
      await expect(open()).to.be.rejectedWith(InvalidStateError);
      await expect(workflow.setCaseTypeActive(code(TRANSFER), false))
        .to.be.revertedWithCustomError(workflow, "WorkflowCaseTypeActiveUnchanged")
        .withArgs(code(TRANSFER), false);
      await (await as("TAX").approve(caseId, "TAX", id("clearance"))).wait();
      expect((await workflowClient.getCase(caseId)).approvedDepartments).to.deep.equal(["TAX"]);
    });
  });

  describe("a case through its stages", function () {
    it("opens, approves stage by stage in any order inside a stage, and is consumed once by the owner", async function () {
      const { workflowClient, asOwner, open, as, owner, networkHelpers } = Object.assign(await deployed(), {
        networkHelpers: connection.networkHelpers,
      });
      const subject = id("unit 110101-001");
      const caseId = await open(subject);
      expect(caseId).to.equal(1n);
      let c = await workflowClient.getCase(caseId);
      expect(c).to.include({ caseType: TRANSFER, subject, status: "open", stage: 0 });
      expect(c.pendingDepartments).to.deep.equal(["TAX", "PSB"]);
      expect(c.approvedDepartments).to.deep.equal([]);
      expect(c.timeLeft).to.equal(BigInt(5 * DAY));
      expect(c.deadline).to.equal(c.openedAt + BigInt(5 * DAY));

      expect(await (await as("PSB").approve(caseId, "PSB", id("identity ok"))).wait()).to.equal("open");
      c = await workflowClient.getCase(caseId);
      expect(c.pendingDepartments).to.deep.equal(["TAX"]);
      expect(c.approvedDepartments).to.deep.equal(["PSB"]);

      await networkHelpers.time.increase(DAY);
      await (await as("TAX").approve(caseId, "TAX", id("deed tax cleared"))).wait();
      c = await workflowClient.getCase(caseId);
      expect(c.stage).to.equal(1);
      expect(c.pendingDepartments).to.deep.equal(["HOUSING"]);
      expect(c.timeLeft).to.equal(BigInt(3 * DAY)); // the new stage's own deadline

      expect(await (await as("HOUSING").approve(caseId, "HOUSING", id("contract filed"))).wait()).to.equal("approved");
      c = await workflowClient.getCase(caseId);
      expect(c).to.include({ status: "approved", stage: 2, timeLeft: 0n });
      expect(c.pendingDepartments).to.deep.equal([]);
      expect(c.approvedDepartments).to.deep.equal(["TAX", "PSB", "HOUSING"]);

      expect(await (await asOwner.consume(caseId)).wait()).to.deep.equal({ caseType: TRANSFER, subject });
      expect(await workflowClient.status(caseId)).to.equal("consumed");
      const second = await asOwner.consume(caseId).catch((e) => e);
      expect(second).to.be.instanceOf(InvalidStateError);
      expect(second.shortMessage).to.equal("case 1 is consumed: the action is not allowed in that status");

      const timeline = await workflowClient.timeline(caseId);
      expect(timeline.map((e) => e.event)).to.deep.equal([
        "CaseOpened",
        "CaseApprovalSigned",
        "CaseApprovalSigned",
        "CaseStageAdvanced",
        "CaseApprovalSigned",
        "CaseApproved",
        "CaseConsumed",
      ]);
      expect(timeline[1]).to.include({ department: "PSB", documentHash: id("identity ok") });
      expect(timeline[0].actor).to.equal(owner.address);
      expect(timeline[2].actor).to.equal((await deployed()).staff.TAX.officer.address);
      expect(timeline[3].stage).to.equal(1);
    });

    it("needs two distinct officers where the quorum is two", async function () {
      const { workflowClient, workflow, staff, signers, access } = await deployed();
      const market = workflowClient.connect(staff.MARKET.officer);
      // The second officer is appointed before the case is opened (only such officers count towards a quorum).
      const second = signers[18];
      await (await access.connect(staff.MARKET.admin).grantOfficer("MARKET", second.address)).wait();
      const caseId = await (
        await market.openCase({ caseType: "BUSINESS_LICENCE", subject: id("company 1"), documentHash: id("form") })
      ).wait();
      await (await workflowClient.connect(staff.PSB.officer).approve(caseId, "PSB", id("a"))).wait();
      await (await workflowClient.connect(staff.TAX.officer).approve(caseId, "TAX", id("b"))).wait();
      await (await market.approve(caseId, "MARKET", id("examined"))).wait();
      expect(await workflow.signatures(caseId, code("MARKET"))).to.equal(1n);
      expect(await workflowClient.status(caseId)).to.equal("open");
      const again = await market.approve(caseId, "MARKET", id("again")).catch((e) => e);
      expect(again).to.be.instanceOf(ConflictError);
      expect(again.errorName).to.equal("WorkflowAlreadySigned");
      expect(await (await workflowClient.connect(second).approve(caseId, "MARKET", id("approved"))).wait()).to.equal(
        "approved",
      );
      expect(await workflow.signatures(caseId, code("MARKET"))).to.equal(2n);
      // Without an owner contract, the opener department's officers consume.
      await expect(workflow.connect(staff.TAX.officer).consumeCase(caseId))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("MARKET"), staff.TAX.officer.address);
      await (await market.consume(caseId)).wait();
    });
  });

  describe("bad input: custom error, state unchanged", function () {
    it("refuses approving twice, for another department, for a department not required, and a later stage early", async function () {
      const { workflow, open, as, staff, workflowClient } = await deployed();
      const caseId = await open();
      await (await as("TAX").approve(caseId, "TAX", id("ok"))).wait();
      const before = await workflow.getCase(caseId);

      await expect(workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("again")))
        .to.be.revertedWithCustomError(workflow, "WorkflowAlreadyApproved")
        .withArgs(caseId, code("TAX"));
      await expect(workflow.connect(staff.TAX.officer).approve(caseId, code("PSB"), id("not mine")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("PSB"), staff.TAX.officer.address);
      await expect(workflow.connect(staff.MARKET.officer).approve(caseId, code("MARKET"), id("x")))
        .to.be.revertedWithCustomError(workflow, "WorkflowDepartmentNotRequired")
        .withArgs(caseId, code("MARKET"));
      await expect(workflow.connect(staff.HOUSING.officer).approve(caseId, code("HOUSING"), id("early")))
        .to.be.revertedWithCustomError(workflow, "WorkflowStageNotReached")
        .withArgs(caseId, code("HOUSING"), 1, 0);
      await expect(workflow.approve(99n, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "WorkflowUnknownCase")
        .withArgs(99n);
      expect(await workflow.getCase(caseId)).to.deep.equal(before);

      const early = await as("HOUSING")
        .approve(caseId, "HOUSING", id("early"))
        .catch((e) => e);
      expect(early).to.be.instanceOf(InvalidStateError);
      expect(early.shortMessage).to.equal("department HOUSING acts in stage 1 of case 1, which is still in stage 0");
      const foreign = await workflowClient
        .connect(staff.TAX.officer)
        .approve(caseId, "PSB", id("x"))
        .catch((e) => e);
      expect(foreign).to.be.instanceOf(UnauthorizedError);
      await expect(as("TAX").approve(caseId, "TAX", "0x1234")).to.be.rejectedWith(ValidationError);
    });

    it("refuses acting on a rejected, withdrawn or expired case", async function () {
      const { workflow, open, as, asOwner, staff, workflowClient } = await deployed();
      const rejected = await open();
      await (await as("PSB").reject(rejected, "PSB", "identity mismatch", id("report"))).wait();
      expect(await workflowClient.status(rejected)).to.equal("rejected");
      await expect(workflow.connect(staff.TAX.officer).approve(rejected, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(rejected, Status.Rejected);
      await expect(asOwner.withdraw(rejected, "too late")).to.be.rejectedWith(InvalidStateError);

      const withdrawn = await open();
      await expect(workflowClient.connect(staff.TAX.officer).withdraw(withdrawn, "not mine")).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await asOwner.withdraw(withdrawn, "applicant withdrew")).wait();
      await expect(workflow.connect(staff.TAX.officer).reject(withdrawn, code("TAX"), "x", id("x")))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(withdrawn, Status.Withdrawn);

      const expired = await open();
      await (await as("TAX").approve(expired, "TAX", id("ok"))).wait();
      await connection.networkHelpers.time.increase(5 * DAY + 1);
      expect(await workflowClient.status(expired)).to.equal("expired");
      expect((await workflowClient.getCase(expired)).timeLeft).to.equal(0n);
      expect((await workflowClient.getCase(expired)).pendingDepartments).to.deep.equal([]);
      const before = await workflow.getCase(expired);
      await expect(workflow.connect(staff.PSB.officer).approve(expired, code("PSB"), id("late")))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(expired, Status.Expired);
      await expect(as("PSB").returnForInformation(expired, "PSB", "x", id("x"))).to.be.rejectedWith(InvalidStateError);
      expect(await workflow.getCase(expired)).to.deep.equal(before);
    });

    it("refuses consuming before approval, from another account, and twice", async function () {
      const { workflow, open, as, owner, stranger } = await deployed();
      const caseId = await open();
      await expect(workflow.connect(owner).consumeCase(caseId))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(caseId, Status.Open);
      await (await as("TAX").approve(caseId, "TAX", id("a"))).wait();
      await (await as("PSB").approve(caseId, "PSB", id("b"))).wait();
      await (await as("HOUSING").approve(caseId, "HOUSING", id("c"))).wait();
      await expect(workflow.connect(stranger).consumeCase(caseId))
        .to.be.revertedWithCustomError(workflow, "WorkflowUnauthorizedConsumer")
        .withArgs(caseId, stranger.address);
      expect(await workflow.caseStatus(caseId)).to.equal(Status.Approved);
      await (await workflow.connect(owner).consumeCase(caseId)).wait();
      await expect(workflow.connect(owner).consumeCase(caseId))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(caseId, Status.Consumed);
    });

    it("refuses an opener that is neither the owner nor an opener-department officer", async function () {
      const { workflowClient, staff, workflow } = await deployed();
      const error = await workflowClient
        .connect(staff.TAX.officer)
        .openCase({ caseType: TRANSFER, subject: id("s"), documentHash: id("d") })
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.errorName).to.equal("WorkflowUnauthorizedOpener");
      expect(await workflow.caseCount()).to.equal(0n);
      await expect(
        workflowClient.openCase({ caseType: "UNKNOWN", subject: id("s"), documentHash: id("d") }),
      ).to.be.rejectedWith(NotFoundError);
      await expect(workflowClient.reject(1n, "TAX", "", id("x"))).to.be.rejectedWith(ValidationError);
    });

    it("halts approvals while the operator's emergency stop closes the module", async function () {
      const { access, workflow, open, staff } = await deployed();
      const caseId = await open();
      await (await access.closeModule(await workflow.getAddress())).wait();
      await expect(workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "AccessManagedUnauthorized")
        .withArgs(staff.TAX.officer.address);
      await (await access.reopenModule(await workflow.getAddress())).wait();
      await (await workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("x"))).wait();
    });

    it("refuses a deactivated department's officers at once, and accepts them again on reactivation", async function () {
      const { access, workflow, open, staff } = await deployed();
      const caseId = await open();
      await (await access.deactivateDepartment("TAX")).wait();
      await expect(workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
        .withArgs(code("TAX"), staff.TAX.officer.address);
      // Other departments of the same case are unaffected.
      await (await workflow.connect(staff.PSB.officer).approve(caseId, code("PSB"), id("x"))).wait();
      await (await access.reactivateDepartment("TAX")).wait();
      await (await workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("x"))).wait();
    });

    it("refuses an officer whose role was revoked", async function () {
      const { access, workflow, open, staff } = await deployed();
      const caseId = await open();
      await (await access.connect(staff.TAX.admin).revokeOfficer("TAX", staff.TAX.officer.address)).wait();
      await expect(workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("TAX"), staff.TAX.officer.address);
    });
  });

  describe("return for more information", function () {
    it("stops the clock while returned and gives the stage back exactly the time it had left", async function () {
      const { workflowClient, workflow, open, as, asOwner, staff } = await deployed();
      const caseId = await open();
      await connection.networkHelpers.time.increase(2 * DAY);
      const remaining = await (
        await as("TAX").returnForInformation(caseId, "TAX", "deed-tax declaration missing", id("notice"))
      ).wait();
      expect(remaining).to.be.closeTo(BigInt(3 * DAY), 2n);
      expect(await workflowClient.status(caseId)).to.equal("returned");
      await expect(workflow.connect(staff.PSB.officer).approve(caseId, code("PSB"), id("x")))
        .to.be.revertedWithCustomError(workflow, "WorkflowInvalidStatus")
        .withArgs(caseId, Status.Returned);

      await connection.networkHelpers.time.increase(30 * DAY); // far past the original deadline
      expect(await workflowClient.status(caseId)).to.equal("returned");
      expect((await workflowClient.getCase(caseId)).timeLeft).to.equal(remaining);
      expect(await workflowClient.pendingWork("TAX")).to.have.length(1);

      await expect(workflowClient.connect(staff.TAX.officer).resubmit(caseId, id("more"))).to.be.rejectedWith(
        UnauthorizedError,
      );
      await (await asOwner.resubmit(caseId, id("declaration"))).wait();
      const c = await workflowClient.getCase(caseId);
      expect(c.status).to.equal("open");
      expect(c.timeLeft).to.equal(remaining);
      await expect(asOwner.resubmit(caseId, id("again"))).to.be.rejectedWith(InvalidStateError);
      await (await as("TAX").approve(caseId, "TAX", id("cleared"))).wait();

      const events = (await workflowClient.timeline(caseId)).map((e) => e.event);
      expect(events).to.deep.equal(["CaseOpened", "CaseReturned", "CaseResubmitted", "CaseApprovalSigned"]);
      const returned = (await workflowClient.timeline(caseId, { withTimestamps: true }))[1];
      expect(returned).to.include({ department: "TAX", reason: "deed-tax declaration missing", remaining });
      expect(returned.timestamp).to.be.greaterThan(0);
    });
  });

  describe("deactivation stops a department everywhere (issue 11, promise 7)", function () {
    /** A type opened and consumed by MARKET officers (no owner contract), decided by TAX alone. */
    async function withMarketType() {
      const s = await deployed();
      await (
        await s.workflowClient.registerCaseType("MARKET_SIMPLE", {
          openerDepartment: "MARKET",
          stages: [{ durationSeconds: 0, departments: [{ code: "TAX" }] }],
        })
      ).wait();
      const market = s.workflowClient.connect(s.staff.MARKET.officer);
      const tax = s.workflowClient.connect(s.staff.TAX.officer);
      const open = async () =>
        (await market.openCase({ caseType: "MARKET_SIMPLE", subject: id("company"), documentHash: id("form") })).wait();
      return { ...s, market, tax, openMarket: open };
    }

    it("refuses approve, reject and return by a deactivated department's officer, and changes nothing", async function () {
      const { access, workflow, open, staff, directory } = await deployed();
      const caseId = await open();
      const tx = directory.setDepartmentActive(code("TAX"), false);
      // The workflow's cached flag changes in the same transaction, and says so.
      await expect(tx).to.emit(workflow, "DepartmentActiveCached");
      const cached = (await workflow.queryFilter(workflow.filters.DepartmentActiveCached(code("TAX")))).at(-1)!;
      expect(cached.args.active).to.equal(false);
      expect(cached.args.caseTypes).to.include(code(TRANSFER));
      expect(cached.args.caseTypes).to.include(code("PROPERTY_SALE"));
      const before = await workflow.getCase(caseId);
      const officer = workflow.connect(staff.TAX.officer);
      const inactive = [code("TAX"), staff.TAX.officer.address] as const;
      await expect(officer.approve(caseId, code("TAX"), id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
        .withArgs(...inactive);
      await expect(officer.reject(caseId, code("TAX"), "tax owed", id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
        .withArgs(...inactive);
      await expect(officer.returnCase(caseId, code("TAX"), "need more", id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
        .withArgs(...inactive);
      expect(await workflow.getCase(caseId)).to.deep.equal(before);
      // A returned case too: a deactivated department cannot close it.
      await (await workflow.connect(staff.PSB.officer).returnCase(caseId, code("PSB"), "need more", id("x"))).wait();
      await expect(officer.reject(caseId, code("TAX"), "tax owed", id("x")))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
        .withArgs(...inactive);
      await (await access.reactivateDepartment("TAX")).wait();
      await (await officer.reject(caseId, code("TAX"), "tax owed", id("x"))).wait();
      expect(await workflow.caseStatus(caseId)).to.equal(Status.Rejected);
    });

    it("refuses open, resubmit, withdraw and consume by a deactivated opener department", async function () {
      const { access, workflow, staff, tax, openMarket } = await withMarketType();
      const toWithdraw = await openMarket();
      const toResubmit = await openMarket();
      await (await tax.returnForInformation(toResubmit, "TAX", "need more", id("x"))).wait();
      const toConsume = await openMarket();
      await (await tax.approve(toConsume, "TAX", id("ok"))).wait();
      const count = await workflow.caseCount();

      await (await access.deactivateDepartment("MARKET")).wait();
      const officer = workflow.connect(staff.MARKET.officer);
      const inactive = [code("MARKET"), staff.MARKET.officer.address] as const;
      const calls = [
        () => officer.openCase(code("MARKET_SIMPLE"), id("company"), id("form")),
        () => officer.resubmitCase(toResubmit, id("more")),
        () => officer.withdrawCase(toWithdraw, "applicant withdrew"),
        () => officer.consumeCase(toConsume),
      ];
      for (const call of calls) {
        await expect(call())
          .to.be.revertedWithCustomError(workflow, "DepartmentGatedInactiveDepartment")
          .withArgs(...inactive);
      }
      expect(await workflow.caseCount()).to.equal(count);
      expect(await workflow.caseStatus(toWithdraw)).to.equal(Status.Open);
      expect(await workflow.caseStatus(toResubmit)).to.equal(Status.Returned);
      expect(await workflow.caseStatus(toConsume)).to.equal(Status.Approved);

      await (await access.reactivateDepartment("MARKET")).wait();
      for (const call of calls) await (await call()).wait();
      expect(await workflow.caseStatus(toWithdraw)).to.equal(Status.Withdrawn);
      expect(await workflow.caseStatus(toResubmit)).to.equal(Status.Open);
      expect(await workflow.caseStatus(toConsume)).to.equal(Status.Consumed);
    });

    it("tells a deactivated department from a caller who is not its officer", async function () {
      const { access, workflow, workflowClient, staff, openMarket } = await withMarketType();
      const caseId = await openMarket();
      await expect(workflow.connect(staff.PSB.officer).withdrawCase(caseId, "not mine"))
        .to.be.revertedWithCustomError(workflow, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(code("MARKET"), staff.PSB.officer.address);
      await (await access.deactivateDepartment("TAX")).wait();
      const error = await access
        .connect(staff.TAX.admin)
        .grantOfficer("TAX", staff.PSB.officer.address)
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.errorName).to.equal("DepartmentDirectoryInactiveDepartment");
      const refused = await workflowClient
        .connect(staff.TAX.officer)
        .approve(caseId, "TAX", id("x"))
        .catch((e) => e);
      expect(refused).to.be.instanceOf(UnauthorizedError);
      expect(refused.shortMessage).to.equal(
        `department TAX is deactivated: its officers (here ${staff.TAX.officer.address}) cannot act`,
      );
    });
  });

  describe("a quorum counts distinct officers appointed before the case (issue 11, promise 9)", function () {
    /** A BUSINESS_LICENCE case (stage 1: MARKET, quorum 2) with stage 0 approved; `late` is not yet an officer. */
    async function licenceAtMarket() {
      const s = await deployed();
      const market = s.workflowClient.connect(s.staff.MARKET.officer);
      const caseId = await (
        await market.openCase({ caseType: "BUSINESS_LICENCE", subject: id("company 1"), documentHash: id("form") })
      ).wait();
      await (await s.workflowClient.connect(s.staff.PSB.officer).approve(caseId, "PSB", id("a"))).wait();
      await (await s.workflowClient.connect(s.staff.TAX.officer).approve(caseId, "TAX", id("b"))).wait();
      await (await market.approve(caseId, "MARKET", id("examined"))).wait();
      return { ...s, market, caseId, late: s.signers[18] };
    }

    it("refuses the signature of an officer appointed after the case was opened", async function () {
      const { access, workflow, workflowClient, staff, caseId, late, manager } = await licenceAtMarket();
      const { openedAt } = await workflow.getCase(caseId);
      // One department admin tries to mint the second signature: appoint a fresh officer, or itself.
      const admin = staff.MARKET.admin;
      for (const appointed of [late, admin]) {
        await (await access.connect(admin).grantOfficer("MARKET", appointed.address)).wait();
        const role = (await access.department("MARKET")).officerRole;
        const [since] = await manager.getAccess(role, appointed.address);
        expect(since).to.be.greaterThan(openedAt);
        await expect(workflow.connect(appointed).approve(caseId, code("MARKET"), id("second")))
          .to.be.revertedWithCustomError(workflow, "WorkflowOfficerAppointedAfterCase")
          .withArgs(caseId, code("MARKET"), appointed.address, since, openedAt);
      }
      expect(await workflow.signatures(caseId, code("MARKET"))).to.equal(1n);
      expect(await workflowClient.status(caseId)).to.equal("open");
      // The same officers count on a case opened after their appointment.
      const next = await (
        await workflowClient
          .connect(staff.MARKET.officer)
          .openCase({ caseType: "BUSINESS_LICENCE", subject: id("company 2"), documentHash: id("form") })
      ).wait();
      await (await workflowClient.connect(staff.PSB.officer).approve(next, "PSB", id("a"))).wait();
      await (await workflowClient.connect(staff.TAX.officer).approve(next, "TAX", id("b"))).wait();
      await (await workflowClient.connect(late).approve(next, "MARKET", id("c"))).wait();
      expect(await (await workflowClient.connect(admin).approve(next, "MARKET", id("d"))).wait()).to.equal("approved");
    });

    it("gives a revoked and re-granted officer a new appointment time", async function () {
      const s = await deployed();
      const { access, workflow, workflowClient, staff, signers } = s;
      const second = signers[18];
      await (await access.connect(staff.MARKET.admin).grantOfficer("MARKET", second.address)).wait();
      const market = workflowClient.connect(staff.MARKET.officer);
      const caseId = await (
        await market.openCase({ caseType: "BUSINESS_LICENCE", subject: id("company 1"), documentHash: id("form") })
      ).wait();
      await (await workflowClient.connect(staff.PSB.officer).approve(caseId, "PSB", id("a"))).wait();
      await (await workflowClient.connect(staff.TAX.officer).approve(caseId, "TAX", id("b"))).wait();
      await (await market.approve(caseId, "MARKET", id("examined"))).wait();
      await (await access.connect(staff.MARKET.admin).revokeOfficer("MARKET", second.address)).wait();
      await (await access.connect(staff.MARKET.admin).grantOfficer("MARKET", second.address)).wait();
      const error = await workflowClient
        .connect(second)
        .approve(caseId, "MARKET", id("second"))
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.errorName).to.equal("WorkflowOfficerAppointedAfterCase");
      expect(await workflow.signatures(caseId, code("MARKET"))).to.equal(1n);
    });

    it("lets any officer in office now decide where the quorum is one (staff turnover on long cases)", async function () {
      const { access, open, workflowClient, staff, signers } = await deployed();
      const caseId = await open();
      const newcomer = signers[18];
      await (await access.connect(staff.TAX.admin).grantOfficer("TAX", newcomer.address)).wait();
      await (await workflowClient.connect(newcomer).approve(caseId, "TAX", id("cleared"))).wait();
      expect((await workflowClient.getCase(caseId)).approvedDepartments).to.deep.equal(["TAX"]);
    });
  });

  describe("configuration rebuilt from events (issue 11, promise 11)", function () {
    it("rebuilds every case type from events alone, equal to the contract's view", async function () {
      const { workflowClient, workflow } = await deployed();
      const ids = (await workflow.queryFilter(workflow.filters.CaseTypeRegistered())).map((e) =>
        decodeBytes32String(e.args.caseType),
      );
      expect(ids).to.include.members(["BUSINESS_LICENCE", "PROPERTY_SALE", TRANSFER]);
      for (const caseType of ids) {
        expect(await workflowClient.caseTypeFromEvents(caseType), caseType).to.deep.equal(
          await workflowClient.caseType(caseType),
        );
      }
      await (await workflowClient.setCaseTypeActive(TRANSFER, false)).wait();
      const retired = await workflowClient.caseTypeFromEvents(TRANSFER);
      expect(retired?.active).to.equal(false);
      expect(retired).to.deep.equal(await workflowClient.caseType(TRANSFER));
      expect(await workflowClient.caseTypeFromEvents("NO_SUCH_TYPE")).to.equal(undefined);
    });

    it("carries the whole configuration in CaseTypeRegistered", async function () {
      const { workflow, operator, owner } = await deployed();
      const config = {
        owner: owner.address,
        openerDepartment: code("MARKET"),
        departments: [
          { department: code("PSB"), stage: 0, quorum: 1 },
          { department: code("TAX"), stage: 1, quorum: 3 },
        ],
        stageDurations: [DAY, 0],
      };
      await expect(workflow.registerCaseType(code("FULL"), config))
        .to.emit(workflow, "CaseTypeRegistered")
        .withArgs(
          code("FULL"),
          owner.address,
          code("MARKET"),
          config.departments.map((d) => [d.department, d.stage, d.quorum]),
          config.stageDurations,
          operator.address,
        );
    });
  });

  describe("pending work per department", function () {
    it("lists the open cases whose current stage waits for the department", async function () {
      const { workflowClient, open, as } = await deployed();
      const a = await open(id("a"));
      const b = await open(id("b"));
      const c = await open(id("c"));
      await (await as("TAX").approve(a, "TAX", id("x"))).wait();
      await (await as("PSB").reject(c, "PSB", "no", id("x"))).wait();
      expect((await workflowClient.pendingWork("TAX")).map((p) => p.caseId)).to.deep.equal([b]);
      expect((await workflowClient.pendingWork("PSB")).map((p) => p.caseId)).to.deep.equal([a, b]);
      expect(await workflowClient.pendingWork("HOUSING")).to.deep.equal([]);
      await (await as("PSB").approve(a, "PSB", id("x"))).wait();
      const housing = await workflowClient.pendingWork("HOUSING");
      expect(housing).to.have.length(1);
      expect(housing[0]).to.include({ caseId: a, caseType: TRANSFER, subject: id("a"), status: "open" });
    });
  });

  it("reads the client from a manifest address with its deployment block", async function () {
    const { manifest, operator } = await deployed();
    const client = new WorkflowClient(manifest.contracts.Workflow.proxy, operator, manifest.deploymentBlock);
    expect(await client.status(1n)).to.equal("none");
    await expect(client.getCase(1n)).to.be.rejectedWith(NotFoundError);
    await expect(client.reject(1n, "TAX", "x".repeat(300), id("x"))).to.be.rejectedWith(ValidationError);
  });
});
