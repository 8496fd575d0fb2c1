import { encodeBytes32String } from "ethers";

import type { StaffedSuite } from "../../helpers/suite.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";
import type { MatrixCases } from "../types.js";

const ROLE = encodeBytes32String("MATRIX_ROLE");
const TAX = encodeBytes32String("TAX");
const fresh = (s: StaffedSuite) => s.signers[19].address;

/** A TAX-owned role, defined by the operator as the case's setup (the suite's services may define none). */
async function taxRole(s: StaffedSuite): Promise<void> {
  if ((await s.participantRegistry.roleDepartment(ROLE)) !== TAX) {
    await (await s.participantRegistry.connect(s.operator).defineRole(ROLE, TAX)).wait();
  }
}

export const participantCases: MatrixCases = {
  "ParticipantRegistry.defineRole(bytes32,bytes32)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.participantRegistry.connect(signer).defineRole(encodeBytes32String("MATRIX_DEFINED"), TAX),
  },
  "ParticipantRegistry.accredit(bytes32,address,uint64,uint64,string)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => {
      await taxRole(s);
      return s.participantRegistry.connect(signer).accredit(ROLE, fresh(s), 0, 0, "Matrix Trading Co.");
    },
    deniedWith: (s) => ({ contract: s.participantRegistry, error: "DepartmentGatedUnauthorizedOfficer" }),
  },
  "ParticipantRegistry.revokeAccreditation(bytes32,address,bytes32)": {
    allowed: (s) => s.staff.TAX.officer,
    call: async (s, signer) => {
      await taxRole(s);
      const registry = s.participantRegistry.connect(s.staff.TAX.officer);
      if (!(await registry.isAccredited(ROLE, fresh(s)))) {
        await (await registry.accredit(ROLE, fresh(s), 0, 0, "Matrix Trading Co.")).wait();
      }
      return s.participantRegistry.connect(signer).revokeAccreditation(ROLE, fresh(s), encodeBytes32String("MATRIX"));
    },
    deniedWith: (s) => ({ contract: s.participantRegistry, error: "DepartmentGatedUnauthorizedOfficer" }),
  },
  "ParticipantRegistry.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.participantRegistry
        .connect(signer)
        .upgradeToAndCall(s.manifest.contracts.ParticipantRegistry!.implementation, "0x"),
    succeed: (s, connection) => upgradeThroughDelay(connection, s, s.participantRegistry, "ParticipantRegistry"),
  },
};
