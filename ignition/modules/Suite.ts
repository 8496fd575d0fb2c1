import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { loadCityConfig, type CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { certificatesModule } from "./Certificates.js";
import { registerOwnedCaseTypes, workflowModule } from "./Workflow.js";
import { exchangeModule } from "./Exchange.js";
import { propertyModule } from "./Property.js";

/**
 * The whole suite for one city. Each module returns its contracts keyed by artifact name;
 * the deploy turns these into the manifest (proxies get their implementation recorded).
 *   npx hardhat ignition deploy ignition/modules/Suite.ts --network localhost
 */
export function suiteModule(city: CityConfig) {
  return buildModule("Suite", (m) => {
    const contracts = {
      ...m.useModule(accessLayerModule(city)),
      ...m.useModule(certificatesModule(city)),
      ...m.useModule(workflowModule(city)),
      ...m.useModule(exchangeModule(city)),
      ...(city.property === undefined ? {} : m.useModule(propertyModule(city))),
    };
    // Case types owned by a suite contract (e.g. PropertyRegistry) are registered once it is in `contracts`;
    // a type whose owner is not deployed by this suite is skipped.
    registerOwnedCaseTypes(m, contracts.Workflow, city, contracts);
    return contracts;
  });
}

export default suiteModule(loadCityConfig());
