import { encodeBytes32String } from "ethers";

import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

/** The access layer's operations, and what the UUPS proxy adds to a call. */
export const accessBench: ModuleBench = async ({ connection, suite }) => {
  const { directory, staff, signers, manifest } = suite;
  const TAX = encodeBytes32String("TAX");
  const newcomer = signers[19].address;
  const gas: Record<string, number> = {
    "access.registerDepartment": await gasOf(
      directory.registerDepartment(encodeBytes32String("WATER"), "Water Authority", 3),
    ),
    "access.grantDepartmentAdmin": await gasOf(directory.grantDepartmentAdmin(TAX, signers[18].address)),
    "access.grantOfficer": await gasOf(directory.connect(staff.TAX.admin).grantOfficer(TAX, newcomer)),
    "access.revokeOfficer": await gasOf(directory.connect(staff.TAX.admin).revokeOfficer(TAX, newcomer)),
    "access.setDepartmentActive": await gasOf(directory.setDepartmentActive(TAX, false)),
  };
  // The same view, through the proxy and straight at the implementation: the difference is the proxy's cost.
  const viaProxy = await connection.ethers.provider.estimateGas({
    to: manifest.contracts.DepartmentDirectory.proxy,
    data: directory.interface.encodeFunctionData("adminGrantDelay"),
  });
  const direct = await connection.ethers.provider.estimateGas({
    to: manifest.contracts.DepartmentDirectory.implementation,
    data: directory.interface.encodeFunctionData("adminGrantDelay"),
  });
  gas["proxy.overheadPerCall"] = Number(viaProxy - direct);
  return { gas };
};
