import { expect } from "chai";
import { encodeBytes32String, ZeroAddress } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { PLATFORM_ROLES } from "../../config/permissions.js";
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from "../../sdk/index.js";
import { deployStaffedSuite } from "../helpers/suite.js";

const TAX = encodeBytes32String("TAX");
const PSB = encodeBytes32String("PSB");

describe("DepartmentDirectory", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  describe("bootstrap from config", function () {
    it("registers every department of the city file, in order, with two labelled roles each", async function () {
      const { access, manager } = await deployed();
      const city = loadCityConfig();
      const departments = await access.departments();
      expect(departments.map((d) => d.code)).to.deep.equal(city.departments.map((d) => d.code));
      departments.forEach((d, i) => {
        expect(d.adminRole).to.equal(100n + 2n * BigInt(i));
        expect(d.officerRole).to.equal(d.adminRole + 1n);
        expect(d.active).to.equal(true);
        expect(d.name).to.equal(city.departments[i].name);
        expect(d.kind).to.equal(city.departments[i].kind);
      });
      const labels = await manager.queryFilter(manager.filters.RoleLabel());
      const taxAdminRole = departments.find((d) => d.code === "TAX")!.adminRole;
      expect(labels.find((l) => l.args.roleId === taxAdminRole)?.args.label).to.equal(
        "Beijing Municipal Tax Service admin",
      );
    });

    it("lists each department's admins and officers", async function () {
      const { access, staff } = await deployed();
      expect(await access.admins("TAX")).to.deep.equal([staff.TAX.admin.address]);
      expect(await access.officers("TAX")).to.deep.equal([staff.TAX.officer.address]);
      expect(await access.officers("CIVIL")).to.deep.equal([]);
      expect(await access.isOfficer("TAX", staff.TAX.officer.address)).to.equal(true);
      expect(await access.isOfficer("PSB", staff.TAX.officer.address)).to.equal(false);
    });
  });

  describe("registerDepartment", function () {
    it("registers a new department and emits DepartmentRegistered", async function () {
      const { access, directory, operator } = await deployed();
      const before = (await access.departments()).length;
      const roles = await (
        await access.registerDepartment({ code: "WATER", name: "Water Authority", kind: "other" })
      ).wait();
      expect(roles).to.deep.equal({
        code: "WATER",
        adminRole: 100n + 2n * BigInt(before),
        officerRole: 101n + 2n * BigInt(before),
      });
      expect(await access.department("WATER")).to.include({ name: "Water Authority", kind: "other", active: true });
      const [event] = await directory.queryFilter(directory.filters.DepartmentRegistered(encodeBytes32String("WATER")));
      expect(event.args.actor).to.equal(operator.address);
      // Every field of the department is in the event (issue 11: events alone rebuild it).
      expect(event.args.name).to.equal("Water Authority");
      expect(event.args.kind).to.equal(3n);
      expect(event.args.adminRole).to.equal(roles.adminRole);
      expect(event.args.officerRole).to.equal(roles.officerRole);
      expect(event.args.adminGrantDelay).to.equal(await directory.adminGrantDelay());
    });

    it("refuses a duplicate code (ConflictError), leaving the directory unchanged", async function () {
      const { access, directory } = await deployed();
      const before = await directory.departmentCodes();
      await expect(directory.registerDepartment(TAX, "Another tax", 0))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryDuplicateCode")
        .withArgs(TAX);
      const error = await access
        .registerDepartment({ code: "TAX", name: "Another tax", kind: "government" })
        .catch((e) => e);
      expect(error).to.be.instanceOf(ConflictError);
      expect(error.shortMessage).to.equal("department TAX is already registered");
      expect(error.errorName).to.equal("DepartmentDirectoryDuplicateCode");
      expect(error.cause).to.not.equal(undefined);
      expect(await directory.departmentCodes()).to.deep.equal(before);
      expect((await access.department("TAX")).name).to.equal("Beijing Municipal Tax Service");
    });

    it("refuses an empty code and an empty name", async function () {
      const { access, directory } = await deployed();
      await expect(directory.registerDepartment(encodeBytes32String(""), "Nameless", 0)).to.be.revertedWithCustomError(
        directory,
        "DepartmentDirectoryInvalidCode",
      );
      await expect(directory.registerDepartment(encodeBytes32String("WATER"), "", 0))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryEmptyName")
        .withArgs(encodeBytes32String("WATER"));
      const error = await access.registerDepartment({ code: "", name: "Nameless", kind: "other" }).catch((e) => e);
      expect(error).to.be.instanceOf(ValidationError);
      expect(error.message).to.match(/invalid department code/);
      await expect(access.registerDepartment({ code: "tax office", name: "x", kind: "other" })).to.be.rejectedWith(
        ValidationError,
      );
    });

    it("refuses a caller without the operator role", async function () {
      const { access, directory, staff, stranger } = await deployed();
      await expect(directory.connect(staff.TAX.admin).registerDepartment(encodeBytes32String("WATER"), "Water", 0))
        .to.be.revertedWithCustomError(directory, "AccessManagedUnauthorized")
        .withArgs(staff.TAX.admin.address);
      const error = await access
        .connect(stranger)
        .registerDepartment({ code: "WATER", name: "Water", kind: "other" })
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.shortMessage).to.contain(stranger.address);
    });
  });

  describe("unknown departments", function () {
    it("reverts with DepartmentDirectoryUnknownDepartment, decoded as NotFoundError", async function () {
      const { access, directory, operator } = await deployed();
      const NOPE = encodeBytes32String("NOPE");
      await expect(directory.department(NOPE))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryUnknownDepartment")
        .withArgs(NOPE);
      await expect(directory.setDepartmentActive(NOPE, false)).to.be.revertedWithCustomError(
        directory,
        "DepartmentDirectoryUnknownDepartment",
      );
      await expect(directory.grantDepartmentAdmin(NOPE, operator.address)).to.be.revertedWithCustomError(
        directory,
        "DepartmentDirectoryUnknownDepartment",
      );
      const error = await access.department("NOPE").catch((e) => e);
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.shortMessage).to.equal("no department is registered as NOPE");
      expect(await directory.exists(NOPE)).to.equal(false);
    });
  });

  describe("officers: a department's admins manage their own department only", function () {
    it("lets a department admin grant and revoke its own officers", async function () {
      const { access, directory, staff, signers } = await deployed();
      const newcomer = signers[19];
      const tax = access.connect(staff.TAX.admin);
      await (await tax.grantOfficer("TAX", newcomer.address)).wait();
      expect(await access.officers("TAX")).to.deep.equal([staff.TAX.officer.address, newcomer.address]);
      expect(await access.isOfficer("TAX", newcomer.address)).to.equal(true);
      await expect(directory.connect(staff.TAX.admin).revokeOfficer(TAX, newcomer.address))
        .to.emit(directory, "OfficerRevoked")
        .withArgs(TAX, newcomer.address, staff.TAX.admin.address);
      expect(await access.isOfficer("TAX", newcomer.address)).to.equal(false);
      expect(await access.officers("TAX")).to.deep.equal([staff.TAX.officer.address]);
    });

    it("refuses another department's admin, an officer, the operator and a stranger", async function () {
      const { access, directory, staff, stranger, operator, signers } = await deployed();
      const newcomer = signers[19];
      for (const caller of [staff.PSB.admin, staff.TAX.officer, operator, stranger]) {
        await expect(directory.connect(caller).grantOfficer(TAX, newcomer.address))
          .to.be.revertedWithCustomError(directory, "DepartmentDirectoryUnauthorizedDepartmentAdmin")
          .withArgs(TAX, caller.address);
        await expect(directory.connect(caller).revokeOfficer(TAX, staff.TAX.officer.address))
          .to.be.revertedWithCustomError(directory, "DepartmentDirectoryUnauthorizedDepartmentAdmin")
          .withArgs(TAX, caller.address);
      }
      const error = await access
        .connect(staff.PSB.admin)
        .grantOfficer("TAX", newcomer.address)
        .catch((e) => e);
      expect(error).to.be.instanceOf(UnauthorizedError);
      expect(error.shortMessage).to.equal(`${staff.PSB.admin.address} is not an active admin of department TAX`);
      expect(await access.officers("TAX")).to.deep.equal([staff.TAX.officer.address]);
    });

    it("refuses the zero address, a double grant and revoking a non-member", async function () {
      const { access, directory, staff, signers } = await deployed();
      const tax = directory.connect(staff.TAX.admin);
      await expect(tax.grantOfficer(TAX, ZeroAddress)).to.be.revertedWithCustomError(
        directory,
        "DepartmentDirectoryZeroAddress",
      );
      await expect(tax.grantOfficer(TAX, staff.TAX.officer.address))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryAlreadyMember")
        .withArgs(TAX, staff.TAX.officer.address);
      await expect(tax.revokeOfficer(TAX, signers[19].address))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryNotMember")
        .withArgs(TAX, signers[19].address);
      await expect(access.connect(staff.TAX.admin).grantOfficer("TAX", ZeroAddress)).to.be.rejectedWith(
        ValidationError,
        /zero address/,
      );
      const double = await access
        .connect(staff.TAX.admin)
        .grantOfficer("TAX", staff.TAX.officer.address)
        .catch((e) => e);
      expect(double).to.be.instanceOf(ConflictError);
      expect(await access.officers("TAX")).to.deep.equal([staff.TAX.officer.address]);
    });
  });

  describe("department admins and the grant delay", function () {
    it("makes a new admin wait the configured delay before it can act", async function () {
      const { access, directory, signers } = await deployed();
      const { networkHelpers } = connection;
      // AccessManager applies a new grant delay only after its 5-day minimum setback.
      await networkHelpers.time.increase(5 * 24 * 3600);
      const delay = BigInt(loadCityConfig().governance.adminGrantDelaySeconds);
      expect(await directory.adminGrantDelay()).to.equal(delay);
      const newAdmin = signers[18];
      const { effectiveFrom } = await (await access.grantDepartmentAdmin("PSB", newAdmin.address)).wait();
      expect(effectiveFrom).to.equal(BigInt(await networkHelpers.time.latest()) + delay);
      expect(await access.admins("PSB")).to.include(newAdmin.address);
      expect(await access.isDepartmentAdmin("PSB", newAdmin.address)).to.equal(false);
      await expect(directory.connect(newAdmin).grantOfficer(PSB, signers[19].address)).to.be.revertedWithCustomError(
        directory,
        "DepartmentDirectoryUnauthorizedDepartmentAdmin",
      );
      await networkHelpers.time.increaseTo(effectiveFrom);
      await expect(directory.connect(newAdmin).grantOfficer(PSB, signers[19].address)).to.emit(
        directory,
        "OfficerGranted",
      );
    });

    it("revokes an admin at once; only the operator grants or revokes admins", async function () {
      const { access, directory, staff } = await deployed();
      await expect(directory.connect(staff.TAX.admin).grantDepartmentAdmin(TAX, staff.TAX.officer.address))
        .to.be.revertedWithCustomError(directory, "AccessManagedUnauthorized")
        .withArgs(staff.TAX.admin.address);
      await (await access.revokeDepartmentAdmin("TAX", staff.TAX.admin.address)).wait();
      expect(await access.admins("TAX")).to.deep.equal([]);
      await expect(access.connect(staff.TAX.admin).grantOfficer("TAX", staff.PSB.officer.address)).to.be.rejectedWith(
        UnauthorizedError,
      );
      await expect(access.revokeDepartmentAdmin("TAX", staff.TAX.admin.address)).to.be.rejectedWith(NotFoundError);
    });
  });

  describe("deactivation", function () {
    it("stops a deactivated department's officers and admins, and restores them on reactivation", async function () {
      const { access, directory, staff, operator, signers } = await deployed();
      await expect(directory.setDepartmentActive(TAX, false))
        .to.emit(directory, "DepartmentDeactivated")
        .withArgs(TAX, operator.address);
      expect((await access.department("TAX")).active).to.equal(false);
      expect(await access.isOfficer("TAX", staff.TAX.officer.address)).to.equal(false);
      await expect(access.connect(staff.TAX.admin).grantOfficer("TAX", signers[19].address)).to.be.rejectedWith(
        UnauthorizedError,
      );
      // The error names the cause: the department is deactivated (its admin is still its admin).
      await expect(directory.connect(staff.TAX.admin).revokeOfficer(TAX, staff.TAX.officer.address))
        .to.be.revertedWithCustomError(directory, "DepartmentDirectoryInactiveDepartment")
        .withArgs(TAX, staff.TAX.admin.address);
      const again = await access.deactivateDepartment("TAX").catch((e) => e);
      expect(again).to.be.instanceOf(ConflictError);
      expect(again.shortMessage).to.equal("department TAX is already inactive");
      await expect(directory.setDepartmentActive(TAX, true))
        .to.emit(directory, "DepartmentReactivated")
        .withArgs(TAX, operator.address);
      expect(await access.isOfficer("TAX", staff.TAX.officer.address)).to.equal(true);
    });
  });

  describe("rebuilt from events (issue 11, promise 11)", function () {
    it("rebuilds a department from the directory's events alone, equal to its state", async function () {
      const { access, directory, staff, manifest, manager, signers } = await deployed();
      const tax = access.connect(staff.TAX.admin);
      const [a, b] = [signers[18], signers[19]];
      await (await tax.grantOfficer("TAX", a.address)).wait();
      await (await tax.grantOfficer("TAX", b.address)).wait();
      await (await tax.revokeOfficer("TAX", staff.TAX.officer.address)).wait();
      await (await access.deactivateDepartment("TAX")).wait();
      const rebuilt = await access.departmentFromEvents("TAX", { fromBlock: manifest.deploymentBlock });
      const stored = await access.department("TAX");
      expect(rebuilt).to.deep.include(stored);
      expect(rebuilt!.active).to.equal(false);
      expect(rebuilt!.adminGrantDelay).to.equal(Number(await directory.adminGrantDelay()));
      const accounts = (members: { account: string }[]) => members.map((m) => m.account).sort();
      expect(accounts(rebuilt!.officers)).to.deep.equal([...(await access.officers("TAX"))].sort());
      expect(accounts(rebuilt!.admins)).to.deep.equal([...(await access.admins("TAX"))].sort());
      // The officers' appointment times (the workflow's quorum rule reads them) come with the events.
      for (const officer of rebuilt!.officers) {
        expect(officer.since).to.equal((await manager.getAccess(stored.officerRole, officer.account))[0]);
      }
      for (const admin of rebuilt!.admins) {
        expect(admin.since).to.equal((await manager.getAccess(stored.adminRole, admin.account))[0]);
      }
      expect(await access.departmentFromEvents("WATER")).to.equal(undefined);
    });

    it("announces the admin grant delay it was initialized with", async function () {
      const { directory } = await deployed();
      const [event] = await directory.queryFilter(directory.filters.AdminGrantDelaySet());
      expect(event.args.adminGrantDelay).to.equal(await directory.adminGrantDelay());
    });
  });

  describe("history", function () {
    it("rebuilds a department's changes from events, in order", async function () {
      const { access, staff, manifest, operator } = await deployed();
      await (await access.deactivateDepartment("TAX")).wait();
      await (await access.reactivateDepartment("TAX")).wait();
      const history = await access.history({ code: "TAX", fromBlock: manifest.deploymentBlock });
      expect(history.map((h) => [h.event, h.account, h.actor])).to.deep.equal([
        ["DepartmentRegistered", undefined, operator.address],
        ["DepartmentAdminGranted", staff.TAX.admin.address, operator.address],
        ["OfficerGranted", staff.TAX.officer.address, staff.TAX.admin.address],
        ["DepartmentDeactivated", undefined, operator.address],
        ["DepartmentReactivated", undefined, operator.address],
      ]);
    });
  });

  describe("platform roles", function () {
    it("gives the deployer the operator role at once and the upgrader role with the configured delay", async function () {
      const { manager, operator } = await deployed();
      expect(await manager.hasRole(PLATFORM_ROLES.OPERATOR, operator.address)).to.deep.equal([true, 0n]);
      const [isUpgrader, delay] = await manager.hasRole(PLATFORM_ROLES.UPGRADER, operator.address);
      expect(isUpgrader).to.equal(true);
      expect(delay).to.equal(BigInt(loadCityConfig().governance.upgradeDelaySeconds));
    });
  });
});
