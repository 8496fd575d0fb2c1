import { upgrades, type UpgradeOptions } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { PLATFORM_ROLES, SUITE_CONTRACTS } from "../../config/permissions.js";
import { implementationConstructorArgs, implementationOf } from "../../scripts/lib/proxy.js";
import { builtLayout, compareLayouts, readBaseline } from "../../scripts/lib/storage-layout.js";
import { InvalidArgumentError, InvalidStateError, UnauthorizedError } from "../../sdk/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

const TAX = encodeBytes32String("TAX");
const PSB = encodeBytes32String("PSB");

describe("Governance: upgrades under the AccessManager delay, emergency stop", function () {
  let connection: NetworkConnection;
  const suite = () => deployStaffedSuite(connection);
  const deployed = () => connection.networkHelpers.loadFixture(suite);
  before(async function () {
    connection = await network.create();
  });

  describe("upgrading the department directory", function () {
    it("refuses an immediate upgrade, even by the upgrader", async function () {
      const { directory, manager, operator, stranger, manifest } = await deployed();
      const v2 = await connection.ethers.deployContract("DepartmentDirectoryV2Mock");
      const data = directory.interface.encodeFunctionData("upgradeToAndCall", [await v2.getAddress(), "0x"]);
      await expect(directory.connect(operator).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(manager, "AccessManagerNotScheduled")
        .withArgs(await manager.hashOperation(operator.address, await directory.getAddress(), data));
      await expect(directory.connect(stranger).upgradeToAndCall(await v2.getAddress(), "0x"))
        .to.be.revertedWithCustomError(directory, "AccessManagedUnauthorized")
        .withArgs(stranger.address);
      expect(await implementationOf(connection.ethers.provider, manifest.contracts.DepartmentDirectory.proxy)).to.equal(
        manifest.contracts.DepartmentDirectory.implementation,
      );
    });

    it("schedules visibly, refuses to execute early, then upgrades and keeps every record", async function () {
      const s = await deployed();
      const proxy = s.manifest.contracts.DepartmentDirectory.proxy;
      const before = await snapshot(s);
      const v2 = await connection.ethers.deployContract("DepartmentDirectoryV2Mock");
      const v2Address = await v2.getAddress();

      const initV2 = v2.interface.encodeFunctionData("initializeV2");
      const { operationId, executableAt } = await (await s.access.scheduleUpgrade(proxy, v2Address, initV2)).wait();
      expect(await s.manager.getSchedule(operationId)).to.equal(executableAt);
      const [, delay] = await s.manager.hasRole(PLATFORM_ROLES.UPGRADER, s.operator.address);
      expect(executableAt).to.equal(BigInt(await connection.networkHelpers.time.latest()) + delay);

      const early = await s.access.executeUpgrade(proxy, v2Address, initV2).catch((e) => e);
      expect(early).to.be.instanceOf(InvalidStateError);
      expect(early.errorName).to.equal("AccessManagerNotReady");

      await connection.networkHelpers.time.increaseTo(executableAt);
      await (await s.access.executeUpgrade(proxy, v2Address, initV2)).wait();
      expect(await implementationOf(connection.ethers.provider, proxy)).to.equal(v2Address);
      const upgraded = await connection.ethers.getContractAt("DepartmentDirectoryV2Mock", proxy);
      expect(await upgraded.version()).to.equal("2");
      expect(await snapshot(s)).to.deep.equal(before);
      // The upgraded directory still enforces its rules.
      await expect(
        upgraded.connect(s.staff.PSB.admin).grantOfficer(TAX, s.stranger.address),
      ).to.be.revertedWithCustomError(upgraded, "DepartmentDirectoryUnauthorizedDepartmentAdmin");
    });

    it("passes OpenZeppelin's upgrade-safety validation (V1 and V1 → V2)", async function () {
      const api = await upgrades(hre, connection);
      const s = await deployed();
      for (const name of SUITE_CONTRACTS) {
        const deployedProxy = await connection.ethers.getContractAt(name, proxyOf(s, name));
        // The plugin reads constructorArgs at run time although its validate options type omits them.
        const options: UpgradeOptions = {
          kind: "uups",
          constructorArgs: await implementationConstructorArgs(deployedProxy),
        };
        await api.validateImplementation(await connection.ethers.getContractFactory(name), options);
      }
      await api.validateUpgrade(
        await connection.ethers.getContractFactory("DepartmentDirectory"),
        await connection.ethers.getContractFactory("DepartmentDirectoryV2Mock"),
        { kind: "uups" },
      );
    });
  });

  describe("storage-layout baseline (storage-layouts/)", function () {
    it("every suite contract's built layout is compatible with its committed baseline", async function () {
      for (const name of SUITE_CONTRACTS) {
        const baseline = readBaseline(name);
        expect(baseline, `${name}: run npm run storage:snapshot and commit storage-layouts/`).to.not.equal(undefined);
        const { ok, explain } = compareLayouts(baseline!, await builtLayout(hre, name));
        expect(ok, explain).to.equal(true);
      }
    });

    it("refuses a version that shifts the directory's namespaced storage", async function () {
      const { ok, explain } = compareLayouts(
        readBaseline("DepartmentDirectory")!,
        await builtLayout(hre, "DepartmentDirectoryBadLayoutMock"),
      );
      expect(ok).to.equal(false);
      expect(explain).to.match(/inserted|departments|layout/i);
    });
  });

  describe("emergency stop", function () {
    async function withModule(s: StaffedSuite) {
      const implementation = await connection.ethers.deployContract("DepartmentGatedMock");
      const init = implementation.interface.encodeFunctionData("initialize", [
        s.manifest.contracts.GovAccessManager,
        s.manifest.contracts.DepartmentDirectory.proxy,
      ]);
      const proxy = await connection.ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), init]);
      const moduleContract = await connection.ethers.getContractAt("DepartmentGatedMock", await proxy.getAddress());
      await (
        await s.manager.setTargetFunctionRole(
          await proxy.getAddress(),
          [moduleContract.interface.getFunction("ping").selector],
          PLATFORM_ROLES.PUBLIC,
        )
      ).wait();
      return moduleContract;
    }

    it("a module accepts only officers of the record's department", async function () {
      const s = await deployed();
      const moduleContract = await withModule(s);
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(TAX))
        .to.emit(moduleContract, "Pinged")
        .withArgs(TAX, s.staff.TAX.officer.address);
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(PSB))
        .to.be.revertedWithCustomError(moduleContract, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(PSB, s.staff.TAX.officer.address);
      await (await s.access.deactivateDepartment("TAX")).wait();
      // The error names the cause: the department is deactivated, not the caller a stranger to it.
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(TAX))
        .to.be.revertedWithCustomError(moduleContract, "DepartmentGatedInactiveDepartment")
        .withArgs(TAX, s.staff.TAX.officer.address);
      await expect(moduleContract.connect(s.staff.PSB.officer).ping(TAX))
        .to.be.revertedWithCustomError(moduleContract, "DepartmentGatedInactiveDepartment")
        .withArgs(TAX, s.staff.PSB.officer.address);
      // An unknown department is not "inactive": the caller is simply not its officer.
      const NOPE = encodeBytes32String("NOPE");
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(NOPE))
        .to.be.revertedWithCustomError(moduleContract, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(NOPE, s.staff.TAX.officer.address);
    });

    it("the operator closes a module (every restricted call reverts) and reopens it", async function () {
      const s = await deployed();
      const moduleContract = await withModule(s);
      const target = await moduleContract.getAddress();
      await (await s.access.closeModule(target)).wait();
      expect(await s.access.isModuleClosed(target)).to.equal(true);
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(TAX))
        .to.be.revertedWithCustomError(moduleContract, "AccessManagedUnauthorized")
        .withArgs(s.staff.TAX.officer.address);
      await (await s.access.reopenModule(target)).wait();
      await expect(moduleContract.connect(s.staff.TAX.officer).ping(TAX)).to.emit(moduleContract, "Pinged");
    });

    it("refuses closing by anyone but the operator, and closing the directory or the AccessManager", async function () {
      const s = await deployed();
      const moduleContract = await withModule(s);
      const target = await moduleContract.getAddress();
      const byAdmin = await s.access
        .connect(s.staff.TAX.admin)
        .closeModule(target)
        .catch((e) => e);
      expect(byAdmin).to.be.instanceOf(UnauthorizedError);
      for (const protectedTarget of [
        s.manifest.contracts.DepartmentDirectory.proxy,
        s.manifest.contracts.GovAccessManager,
      ]) {
        const error = await s.access.closeModule(protectedTarget).catch((e) => e);
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect(error.errorName).to.equal("DepartmentDirectoryInvalidTarget");
      }
      expect(await s.access.isModuleClosed(target)).to.equal(false);
    });
  });
});

function proxyOf(s: StaffedSuite, name: string): string {
  return (s.manifest.contracts as unknown as Record<string, { proxy: string }>)[name].proxy;
}

/** Everything the directory holds, to compare before and after an upgrade. */
async function snapshot(s: StaffedSuite) {
  const departments = await s.access.departments();
  return Promise.all(
    departments.map(async (d) => ({
      ...d,
      admins: await s.access.admins(d.code),
      officers: await s.access.officers(d.code),
    })),
  ).then(async (all) => ({ departments: all, adminGrantDelay: await s.directory.adminGrantDelay() }));
}
