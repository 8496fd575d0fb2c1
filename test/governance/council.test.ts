import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { encodeBytes32String } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { loadCityConfig } from "../../config/city.js";
import { PLATFORM_ROLES } from "../../config/permissions.js";
import { deploySuite } from "../../scripts/lib/deploy.js";
import { implementationOf } from "../../scripts/lib/proxy.js";
import {
  ContractRevertError,
  encodeCall,
  GovChain,
  InvalidStateError,
  UnauthorizedError,
  type GovernanceClient,
} from "../../sdk/index.js";

const city = loadCityConfig();
const rules = city.governance.council.classes;

/**
 * The suite deployed as a city deploys it: handed over to Beijing's committee (SERVICE weight 2,
 * SCITECH 1, ECONINFO 1), one admin each (accounts 1, 2, 3); account 0, the deployer, keeps nothing.
 */
async function cityCouncil(connection: NetworkConnection) {
  const signers = await connection.ethers.getSigners();
  const [deployer, service, scitech, econinfo, stranger] = signers;
  const staff = {
    departments: {
      SERVICE: { admins: [service.address], officers: [] },
      SCITECH: { admins: [scitech.address], officers: [] },
      ECONINFO: { admins: [econinfo.address], officers: [] },
    },
  };
  const manifest = await deploySuite(connection, city, { governance: "city", staff });
  const gov = await GovChain.connect(connection.ethers.provider, manifest);
  const council = gov.governance!;
  const as = (signer: HardhatEthersSigner): GovernanceClient => council.connect(signer);
  const manager = await connection.ethers.getContractAt("GovAccessManager", manifest.contracts.GovAccessManager);
  const directory = await connection.ethers.getContractAt(
    "DepartmentDirectory",
    manifest.contracts.DepartmentDirectory.proxy,
  );
  const certificates = manifest.contracts.CertificateRegistry.proxy;
  return {
    manifest,
    gov,
    council,
    as,
    manager,
    directory,
    certificates,
    deployer,
    service,
    scitech,
    econinfo,
    stranger,
  };
}

describe("Governance council (issue 12): the committee, not a deployer key, governs the suite", function () {
  let connection: NetworkConnection;
  const fixture = () => cityCouncil(connection);
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const later = (seconds: number) => connection.networkHelpers.time.increase(seconds);
  before(async function () {
    connection = await network.create();
  });

  describe("the handover", function () {
    it("leaves ADMIN, OPERATOR and UPGRADER with the council (UPGRADER delayed) and nothing with the deployer", async function () {
      const { manager, manifest, deployer } = await deployed();
      const council = manifest.contracts.GovernanceCouncil!.proxy;
      for (const role of ["ADMIN", "OPERATOR", "UPGRADER"] as const) {
        const [deployerHolds] = await manager.hasRole(PLATFORM_ROLES[role], deployer.address);
        expect(deployerHolds, `deployer holds ${role}`).to.equal(false);
        const [councilHolds, delay] = await manager.hasRole(PLATFORM_ROLES[role], council);
        expect(councilHolds, `council holds ${role}`).to.equal(true);
        expect(delay, `${role} execution delay`).to.equal(
          role === "UPGRADER" ? city.governance.upgradeDelaySeconds : 0,
        );
      }
      expect(manifest.governance).to.deep.equal({ profile: "city", handedOver: true });
    });

    it("refuses the deployer every operator and admin action", async function () {
      const { manager, directory, deployer } = await deployed();
      await expect(
        directory.connect(deployer).registerDepartment(encodeBytes32String("X"), "X", 0),
      ).to.be.revertedWithCustomError(directory, "AccessManagedUnauthorized");
      await expect(
        manager.connect(deployer).grantRole(PLATFORM_ROLES.UPGRADER, deployer.address, 0),
      ).to.be.revertedWithCustomError(manager, "AccessManagerUnauthorizedAccount");
    });
  });

  describe("emergency stop", function () {
    it("closes a module at once with SERVICE's weight alone; reopening needs the sensitive threshold and delay", async function () {
      const { as, gov, service, scitech, certificates, stranger } = await deployed();
      const close = encodeCall(gov.access.contract, "setModuleClosed", [certificates, true]);
      expect(await gov.governance!.classOf(close)).to.equal("emergency");
      const closed = await (await as(service).propose("SERVICE", [close], "stop certificates: key leak")).wait();
      expect(closed.state).to.equal("executed");
      expect(await gov.access.manager.isTargetClosed(certificates)).to.equal(true);

      const reopen = encodeCall(gov.access.contract, "setModuleClosed", [certificates, false]);
      expect(await gov.governance!.classOf(reopen)).to.equal("sensitive");
      const pending = await (await as(service).propose("SERVICE", [reopen], "reopen certificates")).wait();
      expect(pending.state, "SERVICE's 2 is below the sensitive threshold 3").to.equal("pending");
      const queued = await (await as(scitech).approve(pending.id, "SCITECH")).wait();
      expect(queued.state).to.equal("queued");
      const early = await as(stranger)
        .execute(pending.id)
        .catch((e: unknown) => e);
      expect(early).to.be.instanceOf(InvalidStateError);
      expect((early as ContractRevertError).errorName).to.equal("GovernanceCouncilTooEarly");
      await later(rules.sensitive.delaySeconds);
      expect((await (await as(stranger).execute(pending.id)).wait()).state).to.equal("executed");
      expect(await gov.access.manager.isTargetClosed(certificates)).to.equal(false);
    });
  });

  describe("routine", function () {
    it("registers a department once two members' weight approves and the hour has passed", async function () {
      const { as, gov, scitech, econinfo, stranger } = await deployed();
      const register = encodeCall(gov.access.contract, "registerDepartment", [
        encodeBytes32String("AIRPORT"),
        "Airport",
        3,
      ]);
      expect(await gov.governance!.classOf(register)).to.equal("routine");
      const { id } = await (await as(scitech).propose("SCITECH", [register], "register the airport")).wait();
      const queued = await (await as(econinfo).approve(id, "ECONINFO")).wait();
      expect(queued.state).to.equal("queued");
      await later(rules.routine.delaySeconds);
      await (await as(stranger).execute(id)).wait();
      expect((await gov.access.department("AIRPORT")).name).to.equal("Airport");
    });
  });

  describe("critical: an upgrade", function () {
    it("needs every member, is scheduled in the AccessManager too, and runs only after the upgrade delay", async function () {
      const { as, gov, manager, manifest, service, scitech, econinfo, stranger } = await deployed();
      const proxy = manifest.contracts.Workflow.proxy;
      const next = await connection.ethers.deployContract("Workflow");
      const upgrade = encodeCall(gov.workflow.contract, "upgradeToAndCall", [await next.getAddress(), "0x"]);
      expect(await gov.governance!.classOf(upgrade)).to.equal("critical");
      const { id } = await (await as(service).propose("SERVICE", [upgrade], "Workflow v2")).wait();
      await (await as(scitech).approve(id, "SCITECH")).wait();
      const queued = await (await as(econinfo).approve(id, "ECONINFO")).wait();
      expect(queued.state).to.equal("queued");
      const council = manifest.contracts.GovernanceCouncil!.proxy;
      const operation = await manager.hashOperation(council, proxy, upgrade.data);
      expect(await manager.getSchedule(operation), "visible in the AccessManager").to.equal(queued.executableAt);

      await later(city.governance.upgradeDelaySeconds - 60);
      const early = await as(stranger)
        .execute(id)
        .catch((e: unknown) => e);
      expect((early as ContractRevertError).errorName).to.equal("GovernanceCouncilTooEarly");
      await later(60);
      await (await as(stranger).execute(id)).wait();
      expect(await implementationOf(connection.ethers.provider, proxy)).to.equal(await next.getAddress());
      const timeline = await gov.governance!.timeline(id);
      expect(timeline.map((e) => e.event)).to.deep.equal([
        "ProposalCreated",
        "ProposalApproved",
        "ProposalApproved",
        "ProposalApproved",
        "ProposalQueued",
        "ProposalExecuted",
      ]);
    });

    it("is cancelled by one objecting member: any single member blocks a unanimous class", async function () {
      const { as, gov, service, econinfo, manager, manifest } = await deployed();
      const next = await connection.ethers.deployContract("Workflow");
      const upgrade = encodeCall(gov.workflow.contract, "upgradeToAndCall", [await next.getAddress(), "0x"]);
      const { id } = await (await as(service).propose("SERVICE", [upgrade], "Workflow v2")).wait();
      const cancelled = await (await as(econinfo).object(id, "ECONINFO")).wait();
      expect(cancelled.state).to.equal("cancelled");
      const council = manifest.contracts.GovernanceCouncil!.proxy;
      const operation = await manager.hashOperation(council, manifest.contracts.Workflow.proxy, upgrade.data);
      expect(await manager.getSchedule(operation)).to.equal(0n);
    });
  });

  describe("bad input changes nothing", function () {
    it("refuses approving twice, for a department one does not administer, and by a non-member", async function () {
      const { as, gov, service, scitech, stranger } = await deployed();
      // Sensitive (threshold 3): SERVICE's 2 leaves it pending, so SERVICE's second approval meets the rule.
      const deactivate = encodeCall(gov.access.contract, "setDepartmentActive", [encodeBytes32String("TAX"), false]);
      const { id, state } = await (await as(service).propose("SERVICE", [deactivate], "deactivate TAX")).wait();
      expect(state).to.equal("pending");
      const twice = await as(service)
        .approve(id, "SERVICE")
        .catch((e: unknown) => e);
      expect((twice as ContractRevertError).errorName).to.equal("GovernanceCouncilAlreadyVoted");
      const notAdmin = await as(scitech)
        .approve(id, "ECONINFO")
        .catch((e: unknown) => e);
      expect(notAdmin).to.be.instanceOf(UnauthorizedError);
      expect((notAdmin as ContractRevertError).errorName).to.equal("GovernanceCouncilNotDepartmentAdmin");
      const outsider = await as(stranger)
        .propose("TAX", [deactivate], "x")
        .catch((e: unknown) => e);
      expect((outsider as ContractRevertError).errorName).to.equal("GovernanceCouncilNotMember");
      const proposal = await gov.governance!.proposal(id);
      expect(proposal.approvals).to.deep.equal(["SERVICE"]);
      expect(proposal.weight).to.equal(2);
    });

    it("refuses to run a proposal that would leave the council unable to act, and keeps the rules", async function () {
      const { as, gov, service, scitech, econinfo, stranger } = await deployed();
      const council = gov.governance!;
      const raise = encodeCall(council.contract, "setClassRule", [3, { threshold: 9, delay: 0 }]);
      const { id } = await (await as(service).propose("SERVICE", [raise], "critical threshold 9 of 4")).wait();
      await (await as(scitech).approve(id, "SCITECH")).wait();
      await (await as(econinfo).approve(id, "ECONINFO")).wait();
      await later(rules.critical.delaySeconds);
      const failed = await as(stranger)
        .execute(id)
        .catch((e: unknown) => e);
      expect((failed as ContractRevertError).errorName).to.equal("GovernanceCouncilCallFailed");
      expect((await council.classRules()).critical.threshold).to.equal(rules.critical.threshold);
      expect((await council.proposal(id)).state).to.equal("ready");
    });

    it("refuses executing a cancelled or expired proposal", async function () {
      const { as, gov, service, scitech } = await deployed();
      const register = encodeCall(gov.access.contract, "registerDepartment", [encodeBytes32String("LATE"), "Late", 3]);
      const cancelled = await (await as(scitech).propose("SCITECH", [register], "changed my mind")).wait();
      await (await as(scitech).cancel(cancelled.id)).wait();
      const again = await as(service)
        .approve(cancelled.id, "SERVICE")
        .catch((e: unknown) => e);
      expect((again as ContractRevertError).errorName).to.equal("GovernanceCouncilInvalidState");

      const expiring = await (await as(scitech).propose("SCITECH", [register], "nobody answers")).wait();
      await later(city.governance.council.votingPeriodSeconds + 1);
      expect((await gov.governance!.proposal(expiring.id)).state).to.equal("expired");
      const late = await as(service)
        .approve(expiring.id, "SERVICE")
        .catch((e: unknown) => e);
      expect((late as ContractRevertError).errorName).to.equal("GovernanceCouncilInvalidState");
      const notProposer = await as(service)
        .cancel(expiring.id)
        .catch((e: unknown) => e);
      expect(notProposer).to.be.instanceOf(ContractRevertError);
    });
  });
});
