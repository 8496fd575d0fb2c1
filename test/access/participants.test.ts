import { expect } from "chai";
import { encodeBytes32String, Wallet } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { UnauthorizedError } from "../../sdk/index.js";
import { deployStaffedSuite, type StaffedSuite } from "../helpers/suite.js";

const ROLE = "INVOICE_ISSUER_T";
const role = encodeBytes32String(ROLE);
const HOUR = 3600;

describe("ParticipantRegistry: organisations accredited by a department", function () {
  let connection: NetworkConnection;
  const fixture = async () => {
    const suite = await deployStaffedSuite(connection);
    await (await suite.participants.defineRole(ROLE, "TAX")).wait();
    return suite;
  };
  const deployed = () => connection.networkHelpers.loadFixture(fixture);
  const now = async () => Number(await connection.networkHelpers.time.latest());
  const hospital = Wallet.createRandom().address;
  const asTax = (s: StaffedSuite) => s.participants.connect(s.staff.TAX.officer);

  before(async function () {
    connection = await network.create();
  });

  it("an officer of the role's department accredits; the account counts until its window ends", async function () {
    const s = await deployed();
    const until = (await now()) + 10 * HOUR;
    await (await asTax(s).accredit(ROLE, hospital, { label: "Peking Union Hospital", validUntil: until })).wait();
    const record = await s.participants.accreditation(ROLE, hospital);
    expect(record).to.include({ department: "TAX", validUntil: until, revoked: false, accredited: true });
    await s.participantRegistry.checkAccredited(role, hospital);
    await connection.networkHelpers.time.increaseTo(until);
    expect(await s.participants.isAccredited(ROLE, hospital)).to.equal(false);
    await expect(s.participantRegistry.checkAccredited(role, hospital))
      .to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited")
      .withArgs(role, hospital);
    const [event] = await s.participants.history({ account: hospital });
    expect(event).to.include({ event: "ParticipantAccredited", label: "Peking Union Hospital", department: "TAX" });
  });

  it("an accreditation starting later does not count before it starts", async function () {
    const s = await deployed();
    const from = (await now()) + HOUR;
    await (await asTax(s).accredit(ROLE, hospital, { label: "Later Clinic", validFrom: from })).wait();
    expect(await s.participants.isAccredited(ROLE, hospital)).to.equal(false);
    await connection.networkHelpers.time.increaseTo(from);
    expect(await s.participants.isAccredited(ROLE, hospital)).to.equal(true);
  });

  it("refuses other departments' officers, admins and strangers, and changes nothing", async function () {
    const s = await deployed();
    for (const signer of [s.staff.PSB.officer, s.staff.TAX.admin, s.stranger, s.operator]) {
      await expect(s.participantRegistry.connect(signer).accredit(role, hospital, 0, 0, "x"))
        .to.be.revertedWithCustomError(s.participantRegistry, "DepartmentGatedUnauthorizedOfficer")
        .withArgs(encodeBytes32String("TAX"), signer.address);
    }
    await expect(
      s.participants.connect(s.staff.PSB.officer).accredit(ROLE, hospital, { label: "x" }),
    ).to.be.rejectedWith(UnauthorizedError);
    expect((await s.participants.accreditation(ROLE, hospital)).validFrom).to.equal(0);
  });

  it("a revoked accreditation stops counting at once and cannot be revoked twice", async function () {
    const s = await deployed();
    await (await asTax(s).accredit(ROLE, hospital, { label: "Shop" })).wait();
    await (await asTax(s).revoke(ROLE, hospital, "FRAUD")).wait();
    expect(await s.participants.accreditation(ROLE, hospital)).to.include({ revoked: true, accredited: false });
    await expect(
      s.participantRegistry.connect(s.staff.TAX.officer).revokeAccreditation(role, hospital, encodeBytes32String("X")),
    ).to.be.revertedWithCustomError(s.participantRegistry, "ParticipantRegistryNotAccredited");
    const history = await s.participants.history({ role: ROLE });
    expect(history.map((e) => e.event)).to.deep.equal(["ParticipantAccredited", "ParticipantAccreditationRevoked"]);
    expect(history[1]).to.include({ reason: "FRAUD", officer: s.staff.TAX.officer.address });
  });

  it("a deactivated department's accreditations stop counting, and its officers cannot accredit", async function () {
    const s = await deployed();
    await (await asTax(s).accredit(ROLE, hospital, { label: "Shop" })).wait();
    await (await s.access.deactivateDepartment("TAX")).wait();
    expect(await s.participants.isAccredited(ROLE, hospital)).to.equal(false);
    const other = Wallet.createRandom().address;
    await expect(s.participantRegistry.connect(s.staff.TAX.officer).accredit(role, other, 0, 0, "x"))
      .to.be.revertedWithCustomError(s.participantRegistry, "DepartmentGatedInactiveDepartment")
      .withArgs(encodeBytes32String("TAX"), s.staff.TAX.officer.address);
    await (await s.access.reactivateDepartment("TAX")).wait();
    expect(await s.participants.isAccredited(ROLE, hospital)).to.equal(true);
  });

  it("refuses a zero account, an empty or past window, an unknown role and a role defined twice", async function () {
    const s = await deployed();
    const registry = s.participantRegistry.connect(s.staff.TAX.officer);
    const t = await now();
    const invalid = "ParticipantRegistryInvalidAccreditation";
    await expect(registry.accredit(role, "0x" + "00".repeat(20), 0, 0, "x")).to.be.revertedWithCustomError(
      registry,
      invalid,
    );
    await expect(registry.accredit(role, hospital, t + 100, t + 50, "x")).to.be.revertedWithCustomError(
      registry,
      invalid,
    );
    await expect(registry.accredit(role, hospital, t - 100, t - 10, "x")).to.be.revertedWithCustomError(
      registry,
      invalid,
    );
    await expect(registry.accredit(encodeBytes32String("NOPE"), hospital, 0, 0, "x"))
      .to.be.revertedWithCustomError(registry, "ParticipantRegistryUnknownRole")
      .withArgs(encodeBytes32String("NOPE"));
    await expect(s.participantRegistry.defineRole(role, encodeBytes32String("PSB")))
      .to.be.revertedWithCustomError(registry, "ParticipantRegistryRoleExists")
      .withArgs(role);
    await expect(
      s.participantRegistry.defineRole(encodeBytes32String("R2"), encodeBytes32String("NOWHERE")),
    ).to.be.revertedWithCustomError(registry, "ParticipantRegistryInvalidRole");
    expect(await s.participants.roleDepartment(ROLE)).to.equal("TAX");
    expect(await s.participants.roleDepartment("NOPE")).to.equal(undefined);
  });
});
