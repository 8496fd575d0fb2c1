import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { loadCityConfig, type CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { exchangeModule } from "./Exchange.js";

/**
 * The whole suite for one city. Each module returns its contracts keyed by artifact name;
 * the deploy turns these into the manifest (proxies get their implementation recorded).
 *   npx hardhat ignition deploy ignition/modules/Suite.ts --network localhost
 */
export function suiteModule(city: CityConfig) {
  return buildModule("Suite", (m) => ({
    ...m.useModule(accessLayerModule(city)),
    ...m.useModule(exchangeModule(city)),
  }));
}

export default suiteModule(loadCityConfig());
