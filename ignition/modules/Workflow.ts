import type { CallableContractFuture, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";

import { DEPARTMENTS_OWNER, type CaseTypeConfig, type CityConfig } from "../../config/city.js";
import { encodeDepartmentCode } from "../../sdk/access/departments.js";
import { encodeCaseType } from "../../sdk/workflow/caseTypes.js";
import { accessLayerModule } from "./AccessLayer.js";
import { applyPermissions, deployProxied } from "./governed.js";

type AnyContract = CallableContractFuture<string>;

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/**
 * Business collaborative processing: the Workflow engine behind a UUPS proxy, its permissions,
 * and the city's case types opened by departments (owner "departments"). Case types owned by a
 * suite contract are registered by {@link registerOwnedCaseTypes} once that contract exists.
 */
export function workflowModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  return buildModule("Workflow", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { proxy: workflow } = deployProxied(m, "Workflow", [manager, directory]);
    const permissions = applyPermissions(m, manager, "Workflow", workflow);
    for (const caseType of (city.caseTypes ?? []).filter((t) => t.owner === DEPARTMENTS_OWNER)) {
      m.call(workflow, "registerCaseType", [encodeCaseType(caseType.id), caseTypeArgument(caseType, ZeroAddress)], {
        id: `registerCaseType_${caseType.id}`,
        after: permissions,
      });
    }
    return { Workflow: workflow };
  });
}

/**
 * Registers the city's case types whose `owner` names one of `owners` (suite contracts by
 * artifact name), with that contract as owner. Types whose owner is not in `owners` are skipped:
 * call this from the module that deploys the owner (e.g. the property registry's) or from Suite.ts.
 * Runs from the deployer, who holds the OPERATOR role.
 */
export function registerOwnedCaseTypes(
  m: IgnitionModuleBuilder,
  workflow: AnyContract,
  city: CityConfig,
  owners: Readonly<Record<string, AnyContract>>,
): void {
  for (const caseType of city.caseTypes ?? []) {
    const owner = owners[caseType.owner];
    if (caseType.owner === DEPARTMENTS_OWNER || owner === undefined) continue;
    m.call(workflow, "registerCaseType", [encodeCaseType(caseType.id), caseTypeArgument(caseType, owner)], {
      id: `registerCaseType_${caseType.id}`,
    });
  }
}

/** The `CaseTypeConfig` struct for the contract, from the city file. */
function caseTypeArgument(caseType: CaseTypeConfig, owner: AnyContract | string) {
  return {
    owner,
    openerDepartment:
      caseType.openerDepartment === undefined
        ? "0x" + "00".repeat(32)
        : encodeDepartmentCode(caseType.openerDepartment),
    departments: caseType.stages.flatMap((stage, index) =>
      stage.departments.map((d) => ({ department: encodeDepartmentCode(d.code), stage: index, quorum: d.quorum })),
    ),
    stageDurations: caseType.stages.map((stage) => stage.durationSeconds),
  };
}
