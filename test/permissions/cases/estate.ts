import { encodeBytes32String, id } from "ethers";

import { encodeUnitNumber, hashTitle, subjectCommitment, toTitleTuple, type Title } from "../../../sdk/index.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const code = (s: string) => encodeBytes32String(s);
const UNIT = encodeUnitNumber("110105003001GB00001F00020001");
const owner = (name: string) => subjectCommitment(name, id(`salt ${name}`));
const sole = (name: string): Title => ({ kind: "sole", owners: [{ commitment: owner(name), share: 10_000 }] });
const NEXT = hashTitle(sole("zhao"));
const SALE = 1;
const ACCEPTED = 1;
const WATER = 0;
const ZERO = "0x0000000000000000000000000000000000000000";
/** The water company: an account of no department, accredited by CITYMGMT (staffed here with signer 19). */
const provider = (s: StaffedSuite) => s.signers[18];

const officerOnly = (s: StaffedSuite) => ({ contract: s.estate, error: "DepartmentGatedUnauthorizedOfficer" });

/** The unit (Li's) and a sale to Zhao, opened once; resolves to the case id. */
async function openSale(s: StaffedSuite): Promise<bigint> {
  const registrar = s.propertyRegistry.connect(s.staff.REGISTRY.officer);
  if (!(await s.propertyRegistry.exists(UNIT))) {
    const input = {
      unit: UNIT,
      parcelRef: id("parcel"),
      planningPermit: id("permit"),
      usage: 1,
      area: 8_950,
      documentHash: id("app"),
    };
    await (await registrar.registerUnit(input, toTitleTuple(sole("li")))).wait();
    await (await registrar.openTransfer(UNIT, SALE, toTitleTuple(sole("zhao")), id("sale"))).wait();
  }
  return 1n;
}

/** The sale approved and executed (once); resolves to the case id. */
async function executedSale(s: StaffedSuite): Promise<bigint> {
  const caseId = await openSale(s);
  if ((await s.workflow.caseStatus(caseId)) === 7n) return caseId;
  for (const d of ["PSB", "HOUSING", "TAX"]) {
    await (await s.workflow.connect(s.staff[d as "TAX"].officer).approve(caseId, code(d), id("ok"))).wait();
  }
  await (
    await s.propertyRegistry
      .connect(s.staff.REGISTRY.officer)
      .executeTransfer(UNIT, caseId, SALE, toTitleTuple(sole("zhao")))
  ).wait();
  return caseId;
}

async function deposited(s: StaffedSuite): Promise<bigint> {
  const caseId = await openSale(s);
  if ((await s.estate.depositBank(caseId)) === code("")) {
    await (
      await s.estate
        .connect(s.staff.BANK_ICBC.officer)
        .recordDeposit(caseId, UNIT, SALE, NEXT, code("BANK_ICBC"), 3, id("agreement"))
    ).wait();
  }
  return caseId;
}

/** CITYMGMT staffed (signer 19: admin and officer) and the water company accredited. */
async function accreditedProvider(s: StaffedSuite): Promise<void> {
  const role = code("WATER_PROVIDER");
  if (await s.participantRegistry.isAccredited(role, provider(s).address)) return;
  const official = s.signers[19];
  if (!(await s.access.isOfficer("CITYMGMT", official.address))) {
    await (await s.access.grantDepartmentAdmin("CITYMGMT", official.address)).wait();
    await (await s.access.connect(official).grantOfficer("CITYMGMT", official.address)).wait();
  }
  await (
    await s.participantRegistry.connect(official).accredit(role, provider(s).address, 0, 0, "Beijing Water")
  ).wait();
}

async function openedSteps(s: StaffedSuite): Promise<bigint> {
  const caseId = await executedSale(s);
  await accreditedProvider(s);
  if ((await s.estate.utilitySteps(caseId))[WATER].provider === ZERO) {
    await (
      await s.estate
        .connect(s.staff.REGISTRY.officer)
        .openUtilitySteps(caseId, UNIT, SALE, 1, NEXT, [provider(s).address, ZERO, ZERO, ZERO])
    ).wait();
  }
  return caseId;
}

/** The deposit held and its bank (ICBC) deactivated: only the registrar's release case can free it. */
async function strandedDeposit(s: StaffedSuite): Promise<bigint> {
  const caseId = await deposited(s);
  if ((await s.directory.department(code("BANK_ICBC"))).active) {
    await (await s.directory.connect(s.operator).setDepartmentActive(code("BANK_ICBC"), false)).wait();
  }
  return caseId;
}

/** The stranded deposit's release case opened and approved by REGISTRY and COURT; resolves to both ids. */
async function approvedDepositRelease(s: StaffedSuite): Promise<[bigint, bigint]> {
  const caseId = await strandedDeposit(s);
  await executedSale(s);
  await (await s.estate.connect(s.staff.REGISTRY.officer).openDepositRelease(caseId, id("bank closed"))).wait();
  const releaseCaseId = await s.workflow.caseCount();
  for (const d of ["REGISTRY", "COURT"]) {
    await (await s.workflow.connect(s.staff[d as "TAX"].officer).approve(releaseCaseId, code(d), id("ok"))).wait();
  }
  return [caseId, releaseCaseId];
}

export const estateCases: MatrixCases = {
  "EstateServices.recordDeposit(uint256,bytes32,uint8,bytes32,bytes32,uint8,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) =>
      s.estate
        .connect(signer)
        .recordDeposit(await openSale(s), UNIT, SALE, NEXT, code("BANK_ICBC"), 3, id("agreement")),
    deniedWith: officerOnly,
  },
  "EstateServices.releaseDeposit(uint256,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: async (s, signer) => {
      const caseId = await deposited(s);
      await executedSale(s);
      return s.estate.connect(signer).releaseDeposit(caseId, id("paid"));
    },
    deniedWith: officerOnly,
  },
  "EstateServices.openUtilitySteps(uint256,bytes32,uint8,uint32,bytes32,address[4])": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: async (s, signer) => {
      const caseId = await executedSale(s);
      await accreditedProvider(s);
      return s.estate
        .connect(signer)
        .openUtilitySteps(caseId, UNIT, SALE, 1, NEXT, [provider(s).address, ZERO, ZERO, ZERO]);
    },
    deniedWith: officerOnly,
  },
  "EstateServices.recordAudit(uint256,bytes32,uint8,bytes32,bytes32,bytes32,uint8,bytes32)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) =>
      s.estate
        .connect(signer)
        .recordAudit(await openSale(s), UNIT, SALE, NEXT, id("declared"), id("reference"), ACCEPTED, code("")),
    deniedWith: officerOnly,
  },
  // The provider named for the step, accredited now; every department's officer and admin is "another provider".
  "EstateServices.confirmUtilityStep(uint256,uint8,bytes32)": {
    allowed: provider,
    call: async (s, signer) => s.estate.connect(signer).confirmUtilityStep(await openedSteps(s), WATER, id("settled")),
    deniedWith: (s) => ({ contract: s.estate, error: "EstateNotStepProvider" }),
  },
  "EstateServices.openDepositRelease(uint256,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: async (s, signer) => s.estate.connect(signer).openDepositRelease(await strandedDeposit(s), id("bank closed")),
    deniedWith: officerOnly,
  },
  "EstateServices.executeDepositRelease(uint256,uint256,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: async (s, signer) => {
      const [caseId, releaseCaseId] = await approvedDepositRelease(s);
      return s.estate.connect(signer).executeDepositRelease(caseId, releaseCaseId, id("paid to seller"));
    },
    deniedWith: officerOnly,
  },
  "EstateServices.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.estate.connect(signer).upgradeToAndCall(s.manifest.contracts.EstateServices!.implementation, "0x"),
    // A new implementation is built with the live wiring (immutable in the implementation).
    succeed: async (s, connection) => {
      const c = await s.estate.config();
      const wiring = [c.property, c.workflow, c.participants, c.auditor, [...c.utilityRoles], c.depositReleaseCaseType];
      await upgradeThroughDelay(connection, s, s.estate, "EstateServices", [wiring]);
    },
  },
};
