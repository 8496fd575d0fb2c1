import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { encodeBytes32String, FunctionFragment, Interface, type BaseContract } from "ethers";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { COUNCIL_FUNCTIONS, PLATFORM_ROLES, SUITE_CONTRACTS } from "../../config/permissions.js";
import { deploySuite } from "../../scripts/lib/deploy.js";
import { implementationOf } from "../../scripts/lib/proxy.js";

const city = loadCityConfig();
const ROLES = [PLATFORM_ROLES.ADMIN, PLATFORM_ROLES.OPERATOR, PLATFORM_ROLES.UPGRADER];

/**
 * The suite handed over to the city's council (members' admins: accounts 1-3; TAX staffed by accounts 4-5 so a
 * department admin and officer are among the attackers too). Every account of the node then tries to change
 * a role, a permission, an implementation or the council, directly: each attempt must be refused.
 */
async function handedOver(connection: NetworkConnection) {
  const signers = await connection.ethers.getSigners();
  const staff = {
    departments: {
      SERVICE: { admins: [signers[1].address], officers: [] },
      SCITECH: { admins: [signers[2].address], officers: [] },
      ECONINFO: { admins: [signers[3].address], officers: [] },
    },
  };
  const manifest = await deploySuite(connection, city, { governance: "city", staff });
  const at = <C extends BaseContract>(name: string, address: string) =>
    connection.ethers.getContractAt(name, address) as Promise<unknown> as Promise<C>;
  const manager = await connection.ethers.getContractAt("GovAccessManager", manifest.contracts.GovAccessManager);
  const directory = await connection.ethers.getContractAt(
    "DepartmentDirectory",
    manifest.contracts.DepartmentDirectory.proxy,
  );
  const council = await connection.ethers.getContractAt(
    "GovernanceCouncil",
    manifest.contracts.GovernanceCouncil!.proxy,
  );
  return { manifest, manager, directory, council, signers, at };
}

describe("Permission matrix after the handover: no externally owned account can change the rules", function () {
  let connection: NetworkConnection;
  const fixture = () => handedOver(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  before(async function () {
    connection = await network.create();
  });

  it("names every council entry point that checks its own caller (and nothing the council lacks)", async function () {
    const { abi } = await hre.artifacts.readArtifact("GovernanceCouncil");
    const mutating = new Interface(abi).fragments
      .filter((f): f is FunctionFragment => f instanceof FunctionFragment && !f.constant)
      .map((f) => f.format("sighash"));
    for (const signature of Object.keys(COUNCIL_FUNCTIONS)) expect(mutating, signature).to.include(signature);
  });

  it("refuses every account any AccessManager administration", async function () {
    const { manager, manifest, signers } = await deployed();
    const proxy = manifest.contracts.DepartmentDirectory.proxy;
    const selector = FunctionFragment.from("registerDepartment(bytes32,string,uint8)").selector;
    for (const signer of signers) {
      const as = manager.connect(signer);
      const attempts = [
        ...ROLES.map((role) => as.grantRole(role, signer.address, 0)),
        as.grantRole(100n, signer.address, 0),
        as.revokeRole(PLATFORM_ROLES.ADMIN, manifest.contracts.GovernanceCouncil!.proxy),
        as.setRoleAdmin(PLATFORM_ROLES.UPGRADER, 100n),
        as.setRoleGuardian(PLATFORM_ROLES.UPGRADER, 100n),
        as.setGrantDelay(PLATFORM_ROLES.UPGRADER, 0),
        as.setTargetFunctionRole(proxy, [selector], PLATFORM_ROLES.PUBLIC),
        as.setTargetAdminDelay(proxy, 0),
        as.setTargetClosed(proxy, true),
        as.updateAuthority(proxy, signer.address),
      ];
      for (const attempt of attempts) {
        await expect(attempt, signer.address).to.be.revertedWithCustomError(
          manager,
          "AccessManagerUnauthorizedAccount",
        );
      }
    }
  });

  it("refuses every account an upgrade of any suite contract, even scheduled", async function () {
    const { manager, manifest, signers, at } = await deployed();
    for (const contract of SUITE_CONTRACTS) {
      const entry = (manifest.contracts as unknown as Record<string, { proxy: string; implementation: string }>)[
        contract
      ];
      const proxy = await at<BaseContract & { upgradeToAndCall: (a: string, d: string) => Promise<unknown> }>(
        contract,
        entry.proxy,
      );
      const data = proxy.interface.encodeFunctionData("upgradeToAndCall", [entry.implementation, "0x"]);
      for (const signer of signers) {
        await expect(
          (proxy.connect(signer) as typeof proxy).upgradeToAndCall(entry.implementation, "0x"),
          `${contract} by ${signer.address}`,
        ).to.be.revertedWithCustomError(proxy, "AccessManagedUnauthorized");
        await expect(
          manager.connect(signer).schedule(entry.proxy, data, 0),
          `schedule ${contract} by ${signer.address}`,
        ).to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedCall");
      }
      expect(await implementationOf(connection.ethers.provider, entry.proxy)).to.equal(entry.implementation);
    }
  });

  it("refuses every account the operator's functions and the council's own rules", async function () {
    const { directory, council, signers } = await deployed();
    const TAX = encodeBytes32String("TAX");
    for (const signer of signers) {
      const d = directory.connect(signer);
      for (const attempt of [
        d.registerDepartment(encodeBytes32String("ROGUE"), "Rogue", 3),
        d.grantDepartmentAdmin(TAX, signer.address),
        d.revokeDepartmentAdmin(TAX, signer.address),
        d.setDepartmentActive(TAX, false),
        d.setModuleClosed(await council.getAddress(), true),
        d.setDepartmentListener(signer.address, true),
      ]) {
        await expect(attempt, signer.address).to.be.revertedWithCustomError(directory, "AccessManagedUnauthorized");
      }
      const c = council.connect(signer);
      for (const attempt of [
        c.setMember(TAX, 100),
        c.setClassRule(3, { threshold: 1, delay: 0 }),
        c.setActionClasses([{ target: await directory.getAddress(), selector: "0x12345678", actionClass: 0 }]),
        c.setPeriods(1, 1),
      ]) {
        await expect(attempt, signer.address)
          .to.be.revertedWithCustomError(council, "GovernanceCouncilOnlySelf")
          .withArgs(signer.address);
      }
    }
  });

  it("leaves the platform roles exactly where the handover put them", async function () {
    const { manager, manifest, signers } = await deployed();
    const councilAddress = manifest.contracts.GovernanceCouncil!.proxy;
    for (const role of ROLES) {
      expect((await manager.hasRole(role, councilAddress))[0]).to.equal(true);
      for (const signer of signers as HardhatEthersSigner[]) {
        expect((await manager.hasRole(role, signer.address))[0], `${signer.address} holds role ${role}`).to.equal(
          false,
        );
      }
    }
  });
});
