import type {
  CallableContractFuture,
  ContractCallFuture,
  Future,
  IgnitionModule,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { FunctionFragment } from "ethers";

import { PLATFORM_ROLES, permissionsByRole, type SuiteContract } from "../../config/permissions.js";

type AnyContract = CallableContractFuture<string>;

/**
 * Deploys `name` behind a UUPS (ERC-1967) proxy, initialized in the proxy's constructor so
 * nobody can front-run the initializer; `after` orders the proxy after other futures or modules. Returns the proxy typed as the implementation.
 */
export function deployProxied(
  m: IgnitionModuleBuilder,
  name: SuiteContract,
  initArgs: unknown[],
  after: Array<Future | IgnitionModule> = [],
): { implementation: AnyContract; proxy: AnyContract } {
  const implementation = m.contract(name, [], { id: `${name}Implementation` });
  const initData = m.encodeFunctionCall(implementation, "initialize", initArgs as never[]);
  const erc1967 = m.contract("ERC1967Proxy", [implementation, initData], { id: `${name}Proxy`, after });
  const proxy = m.contractAt(name, erc1967, { id: name });
  return { implementation, proxy };
}

/** Applies the rows of `config/permissions.ts` for one contract to the AccessManager. */
export function applyPermissions(
  m: IgnitionModuleBuilder,
  manager: AnyContract,
  name: SuiteContract,
  target: AnyContract,
): ContractCallFuture<string, string>[] {
  return [...permissionsByRole(name)].map(([role, signatures]) =>
    m.call(
      manager,
      "setTargetFunctionRole",
      [target, signatures.map((s) => FunctionFragment.from(s).selector), PLATFORM_ROLES[role]],
      { id: `${name}_permissions_${role}` },
    ),
  );
}
