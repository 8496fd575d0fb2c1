import { encodeBytes32String, id } from "ethers";

import { encodeUnitNumber, subjectCommitment, toTitleTuple } from "../../../sdk/index.js";
import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const code = (s: string) => encodeBytes32String(s);
const UNIT = encodeUnitNumber("110105003001GB00001F00010001");
const owner = (name: string) => subjectCommitment(name, id(`salt ${name}`));
const TITLE = toTitleTuple({ kind: "sole", owners: [{ commitment: owner("li"), share: 10_000 }] });
const NEXT = toTitleTuple({ kind: "sole", owners: [{ commitment: owner("zhao"), share: 10_000 }] });
const SALE = 1;
const UNIT_INPUT = {
  unit: UNIT,
  parcelRef: id("parcel"),
  planningPermit: id("permit"),
  usage: 1,
  area: 8_950,
  documentHash: id("application"),
};

const officerOnly = (s: StaffedSuite) => ({
  contract: s.propertyRegistry,
  error: "DepartmentGatedUnauthorizedOfficer",
});

async function ensureUnit(s: StaffedSuite) {
  if (await s.propertyRegistry.exists(UNIT)) return;
  await (await s.propertyRegistry.connect(s.staff.REGISTRY.officer).registerUnit(UNIT_INPUT, TITLE)).wait();
}

/** The bank's mortgage application, opened on the unit; resolves to its case id. */
async function openedMortgage(s: StaffedSuite): Promise<bigint> {
  await ensureUnit(s);
  await (
    await s.propertyRegistry.connect(s.staff.BANK_ICBC.officer).openMortgage(UNIT, code("BANK_ICBC"), 0, 0, id("app"))
  ).wait();
  return s.workflow.caseCount();
}

/** A mortgage application the registrar approved; resolves to its case id. */
async function approvedMortgage(s: StaffedSuite): Promise<bigint> {
  const caseId = await openedMortgage(s);
  await (await s.workflow.connect(s.staff.REGISTRY.officer).approve(caseId, code("REGISTRY"), id("ok"))).wait();
  return caseId;
}

async function ensureMortgage(s: StaffedSuite) {
  await ensureUnit(s);
  if ((await s.propertyRegistry.encumbrances(UNIT)).length > 0) return;
  const caseId = await approvedMortgage(s);
  await (
    await s.propertyRegistry
      .connect(s.staff.BANK_ICBC.officer)
      .executeMortgage(UNIT, caseId, code("BANK_ICBC"), 0, 0, id("m"))
  ).wait();
}

/** A case of the registry's, returned by its department for more information; resolves to its id. */
async function returnedCase(s: StaffedSuite, mortgage: boolean): Promise<bigint> {
  if (mortgage) {
    const caseId = await openedMortgage(s);
    await (
      await s.workflow.connect(s.staff.REGISTRY.officer).returnCase(caseId, code("REGISTRY"), "consent?", id("r"))
    ).wait();
    return caseId;
  }
  await ensureUnit(s);
  await (await s.propertyRegistry.connect(s.staff.REGISTRY.officer).openTransfer(UNIT, SALE, NEXT, id("sale"))).wait();
  const caseId = await s.workflow.caseCount();
  await (await s.workflow.connect(s.staff.PSB.officer).returnCase(caseId, code("PSB"), "papers?", id("r"))).wait();
  return caseId;
}

/** Opens a sale and has PSB, HOUSING then TAX approve it; resolves to the case id. */
async function approvedSale(s: StaffedSuite): Promise<bigint> {
  await ensureUnit(s);
  await (
    await s.propertyRegistry.connect(s.staff.REGISTRY.officer).openTransfer(UNIT, SALE, NEXT, id("sale contract"))
  ).wait();
  const caseId = await s.workflow.caseCount();
  for (const dept of ["PSB", "HOUSING", "TAX"] as const) {
    await (await s.workflow.connect(s.staff[dept].officer).approve(caseId, code(dept), id(`${dept} ok`))).wait();
  }
  return caseId;
}

export const propertyCases: MatrixCases = {
  "PropertyRegistry.registerUnit((bytes32,bytes32,bytes32,uint8,uint48,bytes32),(uint8,bytes32[],uint16[]))": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).registerUnit(UNIT_INPUT, TITLE),
    deniedWith: officerOnly,
  },
  "PropertyRegistry.openTransfer(bytes32,uint8,(uint8,bytes32[],uint16[]),bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).openTransfer(UNIT, SALE, NEXT, id("sale")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureUnit(s);
      await (
        await s.propertyRegistry.connect(s.staff.REGISTRY.officer).openTransfer(UNIT, SALE, NEXT, id("sale"))
      ).wait();
    },
  },
  "PropertyRegistry.executeTransfer(bytes32,uint256,uint8,(uint8,bytes32[],uint16[]))": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).executeTransfer(UNIT, 1, SALE, NEXT),
    deniedWith: officerOnly,
    succeed: async (s) => {
      const caseId = await approvedSale(s);
      await (
        await s.propertyRegistry.connect(s.staff.REGISTRY.officer).executeTransfer(UNIT, caseId, SALE, NEXT)
      ).wait();
    },
  },
  "PropertyRegistry.addEncumbrance(bytes32,uint8,bytes32,uint64,uint64,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).addEncumbrance(UNIT, 4, owner("tenant"), 0, 0, id("lease")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureUnit(s);
      await (
        await s.propertyRegistry
          .connect(s.staff.REGISTRY.officer)
          .addEncumbrance(UNIT, 4, owner("tenant"), 0, 0, id("lease"))
      ).wait();
    },
  },
  "PropertyRegistry.openMortgage(bytes32,bytes32,uint64,uint64,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).openMortgage(UNIT, code("BANK_ICBC"), 0, 0, id("app")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await openedMortgage(s);
    },
  },
  "PropertyRegistry.executeMortgage(bytes32,uint256,bytes32,uint64,uint64,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).executeMortgage(UNIT, 1, code("BANK_ICBC"), 0, 0, id("m")),
    deniedWith: officerOnly,
    succeed: (s) => ensureMortgage(s),
  },
  "PropertyRegistry.openRelease(bytes32,uint8,uint32,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).openRelease(UNIT, 0, 1, id("release")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureMortgage(s);
      await (await s.access.deactivateDepartment("BANK_ICBC")).wait();
      await (await s.propertyRegistry.connect(s.staff.REGISTRY.officer).openRelease(UNIT, 0, 1, id("release"))).wait();
    },
  },
  "PropertyRegistry.executeRelease(bytes32,uint8,uint32,uint256,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).executeRelease(UNIT, 0, 1, 1, id("released")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureMortgage(s);
      await (await s.access.deactivateDepartment("BANK_ICBC")).wait();
      const registrar = s.propertyRegistry.connect(s.staff.REGISTRY.officer);
      await (await registrar.openRelease(UNIT, 0, 1, id("release"))).wait();
      const caseId = await s.workflow.caseCount();
      await (await s.workflow.connect(s.staff.REGISTRY.officer).approve(caseId, code("REGISTRY"), id("ok"))).wait();
      await (await registrar.executeRelease(UNIT, 0, 1, caseId, id("released"))).wait();
    },
  },
  "PropertyRegistry.resubmitCase(uint256,bytes32)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    // Case 1 of the fresh suite is the registry's (opened by `succeed`); for a refusal any id goes.
    call: (s, signer) => s.propertyRegistry.connect(signer).resubmitCase(1, id("more")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      const transfer = await returnedCase(s, false);
      await (await s.propertyRegistry.connect(s.staff.REGISTRY.officer).resubmitCase(transfer, id("more"))).wait();
      const mortgage = await returnedCase(s, true);
      await (await s.propertyRegistry.connect(s.staff.BANK_ICBC.officer).resubmitCase(mortgage, id("more"))).wait();
    },
  },
  "PropertyRegistry.withdrawCase(uint256,string)": {
    allowed: (s) => s.staff.REGISTRY.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).withdrawCase(1, "withdrawn"),
    deniedWith: officerOnly,
    succeed: async (s) => {
      const transfer = await returnedCase(s, false);
      await (await s.propertyRegistry.connect(s.staff.REGISTRY.officer).withdrawCase(transfer, "withdrawn")).wait();
      const mortgage = await returnedCase(s, true);
      await (await s.propertyRegistry.connect(s.staff.BANK_ICBC.officer).withdrawCase(mortgage, "withdrawn")).wait();
    },
  },
  "PropertyRegistry.addFreeze(bytes32,bytes32,uint64,bytes32)": {
    allowed: (s) => s.staff.COURT.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).addFreeze(UNIT, code("COURT"), 0, id("order")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureUnit(s);
      await (
        await s.propertyRegistry.connect(s.staff.COURT.officer).addFreeze(UNIT, code("COURT"), 0, id("order"))
      ).wait();
    },
  },
  "PropertyRegistry.releaseEncumbrance(bytes32,uint8,uint32,bytes32,bytes32)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: (s, signer) =>
      s.propertyRegistry.connect(signer).releaseEncumbrance(UNIT, 0, 1, code("BANK_ICBC"), id("paid off")),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureMortgage(s);
      await (
        await s.propertyRegistry
          .connect(s.staff.BANK_ICBC.officer)
          .releaseEncumbrance(UNIT, 0, 1, code("BANK_ICBC"), id("paid off"))
      ).wait();
    },
  },
  "PropertyRegistry.consentToTransfer(bytes32,uint8,uint32,bytes32,uint256)": {
    allowed: (s) => s.staff.BANK_ICBC.officer,
    call: (s, signer) => s.propertyRegistry.connect(signer).consentToTransfer(UNIT, 0, 1, code("BANK_ICBC"), 1),
    deniedWith: officerOnly,
    succeed: async (s) => {
      await ensureMortgage(s);
      await (
        await s.propertyRegistry.connect(s.staff.BANK_ICBC.officer).consentToTransfer(UNIT, 0, 1, code("BANK_ICBC"), 1)
      ).wait();
    },
  },
  "PropertyRegistry.setCaseType(uint8,bytes32)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.propertyRegistry.connect(signer).setCaseType(SALE, code("PROPERTY_SALE")),
  },
  "PropertyRegistry.setEncumbranceCaseType(uint8,bytes32)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.propertyRegistry.connect(signer).setEncumbranceCaseType(0, code("PROPERTY_MORTGAGE")),
  },
  "PropertyRegistry.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.propertyRegistry.connect(signer).upgradeToAndCall(s.manifest.contracts.PropertyRegistry!.implementation, "0x"),
    // A new implementation is built with the live wiring (it is immutable in the implementation).
    succeed: async (s, connection) => {
      const c = await s.propertyRegistry.config();
      const wiring = [c.registrar, c.workflow, c.certificates, c.titleCertificateType, c.proofCertificateType];
      await upgradeThroughDelay(connection, s, s.propertyRegistry, "PropertyRegistry", [wiring]);
    },
  },
};
