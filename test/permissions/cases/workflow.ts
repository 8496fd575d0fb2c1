import { encodeBytes32String, id, ZeroAddress } from "ethers";

import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const code = (s: string) => encodeBytes32String(s);
const SIMPLE = code("MATRIX_SIMPLE");
const TAX = code("TAX");

/** A case type opened (and consumed) by MARKET officers, approved by TAX alone; registered on first use. */
async function ensureSimpleType(s: StaffedSuite) {
  const exists = await s.workflow.caseTypeOf(SIMPLE).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await (
    await s.workflow.connect(s.operator).registerCaseType(SIMPLE, {
      owner: ZeroAddress,
      openerDepartment: code("MARKET"),
      departments: [{ department: TAX, stage: 0, quorum: 1 }],
      stageDurations: [0],
    })
  ).wait();
}

/** Opens a fresh MATRIX_SIMPLE case as the MARKET officer; resolves to its id. */
async function openSimple(s: StaffedSuite): Promise<bigint> {
  await ensureSimpleType(s);
  await (await s.workflow.connect(s.staff.MARKET.officer).openCase(SIMPLE, id("subject"), id("application"))).wait();
  return s.workflow.caseCount();
}

const unauthorizedOfficer = (s: StaffedSuite) => ({
  contract: s.workflow,
  error: "DepartmentGatedUnauthorizedOfficer",
});
/** Opener-department types check the caller with the directory's officer rule (DepartmentGated._checkOfficer). */
const unauthorizedOpener = unauthorizedOfficer;

export const workflowCases: MatrixCases = {
  "Workflow.registerCaseType(bytes32,(address,bytes32,(bytes32,uint8,uint8)[],uint32[]))": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.workflow.connect(signer).registerCaseType(code("MATRIX_NEW"), {
        owner: ZeroAddress,
        openerDepartment: code("MARKET"),
        departments: [{ department: TAX, stage: 0, quorum: 1 }],
        stageDurations: [86_400],
      }),
  },
  "Workflow.setCaseTypeActive(bytes32,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.workflow.connect(signer).setCaseTypeActive(code("BUSINESS_LICENCE"), false),
  },
  "Workflow.openCase(bytes32,bytes32,bytes32)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: (s, signer) => s.workflow.connect(signer).openCase(code("BUSINESS_LICENCE"), id("company"), id("file")),
    deniedWith: unauthorizedOpener,
  },
  "Workflow.resubmitCase(uint256,bytes32)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => {
      const caseId = await openSimple(s);
      await (await s.workflow.connect(s.staff.TAX.officer).returnCase(caseId, TAX, "need more", id("note"))).wait();
      return s.workflow.connect(signer).resubmitCase(caseId, id("more"));
    },
    deniedWith: unauthorizedOpener,
  },
  "Workflow.withdrawCase(uint256,string)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => s.workflow.connect(signer).withdrawCase(await openSimple(s), "applicant withdrew"),
    deniedWith: unauthorizedOpener,
  },
  "Workflow.consumeCase(uint256)": {
    allowed: (s) => s.staff.MARKET.officer,
    call: async (s, signer) => {
      const caseId = await openSimple(s);
      await (await s.workflow.connect(s.staff.TAX.officer).approve(caseId, TAX, id("clearance"))).wait();
      return s.workflow.connect(signer).consumeCase(caseId);
    },
    // MATRIX_SIMPLE has no owner contract: its opener department's officers consume.
    deniedWith: unauthorizedOfficer,
  },
  "Workflow.approve(uint256,bytes32,bytes32)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => s.workflow.connect(signer).approve(await openSimple(s), TAX, id("clearance")),
    deniedWith: unauthorizedOfficer,
  },
  "Workflow.reject(uint256,bytes32,string,bytes32)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => s.workflow.connect(signer).reject(await openSimple(s), TAX, "tax owed", id("notice")),
    deniedWith: unauthorizedOfficer,
  },
  "Workflow.returnCase(uint256,bytes32,string,bytes32)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => s.workflow.connect(signer).returnCase(await openSimple(s), TAX, "need more", id("note")),
    deniedWith: unauthorizedOfficer,
  },
  "Workflow.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.workflow.connect(signer).upgradeToAndCall(s.manifest.contracts.Workflow.implementation, "0x"),
    succeed: (s, connection) => upgradeThroughDelay(connection, s, s.workflow, "Workflow"),
  },
};
