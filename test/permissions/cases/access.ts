import { encodeBytes32String } from "ethers";

import type { MatrixCases } from "../types.js";
import { upgradeThroughDelay } from "../../helpers/upgrade.js";

const TAX = encodeBytes32String("TAX");
const fresh = (suite: { signers: { address: string }[] }) => suite.signers[19].address;

export const accessCases: MatrixCases = {
  "DepartmentDirectory.registerDepartment(bytes32,string,uint8)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.directory.connect(signer).registerDepartment(encodeBytes32String("WATER"), "Water Authority", 3),
  },
  "DepartmentDirectory.setDepartmentActive(bytes32,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.directory.connect(signer).setDepartmentActive(TAX, false),
  },
  "DepartmentDirectory.grantDepartmentAdmin(bytes32,address)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.directory.connect(signer).grantDepartmentAdmin(TAX, fresh(s)),
  },
  "DepartmentDirectory.revokeDepartmentAdmin(bytes32,address)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.directory.connect(signer).revokeDepartmentAdmin(TAX, s.staff.TAX.admin.address),
  },
  "DepartmentDirectory.setModuleClosed(address,bool)": {
    allowed: (s) => s.operator,
    // The directory and the AccessManager cannot be closed; any other address can.
    call: (s, signer) => s.directory.connect(signer).setModuleClosed(fresh(s), true),
  },
  "DepartmentDirectory.setDepartmentListener(address,bool)": {
    allowed: (s) => s.operator,
    call: (s, signer) => s.directory.connect(signer).setDepartmentListener(fresh(s), true),
  },
  "DepartmentDirectory.grantOfficer(bytes32,address)": {
    allowed: (s) => s.staff.TAX.admin,
    call: (s, signer) => s.directory.connect(signer).grantOfficer(TAX, fresh(s)),
    deniedWith: (s) => ({ contract: s.directory, error: "DepartmentDirectoryUnauthorizedDepartmentAdmin" }),
    deactivated: { deniedWith: (s) => ({ contract: s.directory, error: "DepartmentDirectoryInactiveDepartment" }) },
  },
  "DepartmentDirectory.revokeOfficer(bytes32,address)": {
    allowed: (s) => s.staff.TAX.admin,
    call: (s, signer) => s.directory.connect(signer).revokeOfficer(TAX, s.staff.TAX.officer.address),
    deniedWith: (s) => ({ contract: s.directory, error: "DepartmentDirectoryUnauthorizedDepartmentAdmin" }),
    deactivated: { deniedWith: (s) => ({ contract: s.directory, error: "DepartmentDirectoryInactiveDepartment" }) },
  },
  "DepartmentDirectory.upgradeToAndCall(address,bytes)": {
    allowed: (s) => s.operator,
    call: (s, signer) =>
      s.directory.connect(signer).upgradeToAndCall(s.manifest.contracts.DepartmentDirectory.implementation, "0x"),
    succeed: (s, connection) => upgradeThroughDelay(connection, s, s.directory, "DepartmentDirectory"),
  },
};
