import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";

import { loadCityConfig, type CityConfig } from "../../config/city.js";
import { PLATFORM_ROLES } from "../../config/permissions.js";
import { departmentKindIndex } from "../../sdk/access/departments.js";
import { applyPermissions, deployProxied } from "./governed.js";

/**
 * The access layer: the suite's one AccessManager and the department directory behind a UUPS
 * proxy, the directory's permissions, the platform roles, and the city's departments.
 *
 * Accounts: the deployer (account 0) becomes governance (ADMIN_ROLE), the platform operator,
 * and the upgrader, whose calls wait `upgradeDelaySeconds`. Hand them over afterwards with
 * the AccessManager (see docs/ARCHITECTURE.md).
 */
const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/** The access layer for `city`; one instance per city so other modules can `m.useModule` it. */
export function accessLayerModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  return buildModule("AccessLayer", (m) => {
    const deployer = m.getAccount(0);
    const manager = m.contract("GovAccessManager", [deployer]);
    const { proxy: directory } = deployProxied(m, "DepartmentDirectory", [
      manager,
      city.governance.adminGrantDelaySeconds,
    ]);

    const directoryIsAdmin = m.call(manager, "grantRole", [PLATFORM_ROLES.ADMIN, directory, 0], {
      id: "grant_ADMIN_DepartmentDirectory",
    });
    const operator = m.call(manager, "grantRole", [PLATFORM_ROLES.OPERATOR, deployer, 0], {
      id: "grant_OPERATOR_deployer",
    });
    m.call(manager, "grantRole", [PLATFORM_ROLES.UPGRADER, deployer, city.governance.upgradeDelaySeconds], {
      id: "grant_UPGRADER_deployer",
    });
    m.call(manager, "labelRole", [PLATFORM_ROLES.OPERATOR, "Platform operator"], { id: "label_OPERATOR" });
    m.call(manager, "labelRole", [PLATFORM_ROLES.UPGRADER, "Upgrader"], { id: "label_UPGRADER" });
    const permissions = applyPermissions(m, manager, "DepartmentDirectory", directory);

    // Chained so departments (and their role ids) follow the config's order.
    let previous = [directoryIsAdmin, operator, ...permissions];
    for (const dept of city.departments) {
      const registered = m.call(
        directory,
        "registerDepartment",
        [encodeBytes32String(dept.code), dept.name, departmentKindIndex(dept.kind)],
        { id: `register_${dept.code}`, after: previous },
      );
      previous = [registered];
    }
    return { GovAccessManager: manager, DepartmentDirectory: directory };
  });
}

/** The access layer alone (`npx hardhat ignition deploy ignition/modules/AccessLayer.ts`). */
export default accessLayerModule(loadCityConfig());
