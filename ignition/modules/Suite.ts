import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { loadCityConfig, type CityConfig, type GovernanceProfile } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { certificatesModule } from "./Certificates.js";
import { deployCouncil } from "./Governance.js";
import { registerOwnedCaseTypes, workflowModule } from "./Workflow.js";
import { exchangeModule } from "./Exchange.js";
import { participantsModule } from "./Participants.js";
import { propertyModule } from "./Property.js";
import { deployLogistics, type LogisticsWiring } from "./Logistics.js";
import { oneStopModule } from "./OneStop.js";
import { estateModule } from "./Estate.js";
import { financeModule } from "./Finance.js";
import { deployBills } from "./Bills.js";

const built = new WeakMap<CityConfig, Map<GovernanceProfile, ReturnType<typeof build>>>();

/**
 * The whole suite for one city, with the council of `profile` deployed (it holds no role until the
 * handover, see Governance.ts). Each module returns its contracts keyed by artifact name; the deploy
 * turns these into the manifest (proxies get their implementation recorded).
 *   npx hardhat ignition deploy ignition/modules/Suite.ts --network localhost
 */
export function suiteModule(city: CityConfig, profile: GovernanceProfile = "development") {
  const byProfile = built.get(city) ?? new Map<GovernanceProfile, ReturnType<typeof build>>();
  built.set(city, byProfile);
  if (!byProfile.has(profile)) byProfile.set(profile, build(city, profile));
  return byProfile.get(profile)!;
}

function build(city: CityConfig, profile: GovernanceProfile) {
  return buildModule("Suite", (m) => {
    const access = accessLayerModule(city);
    const contracts = {
      ...m.useModule(access),
      ...m.useModule(certificatesModule(city)),
      ...m.useModule(workflowModule(city)),
      ...m.useModule(exchangeModule(city)),
      ...m.useModule(participantsModule(city)),
      ...(city.property === undefined ? {} : m.useModule(propertyModule(city))),
      ...(city.oneStop === undefined ? {} : m.useModule(oneStopModule(city))),
      ...(city.property === undefined || city.estate === undefined ? {} : m.useModule(estateModule(city))),
      ...(city.enterpriseIdentity === undefined ? {} : m.useModule(financeModule(city))),
    };
    // Logistics needs the participant registry: deployed only in a suite that has one.
    if ("ParticipantRegistry" in contracts) {
      Object.assign(contracts, deployLogistics(m, city, contracts as unknown as LogisticsWiring));
    }
    // Case types owned by a suite contract (e.g. PropertyRegistry) are registered once it is in `contracts`;
    // a type whose owner is not deployed by this suite is skipped.
    registerOwnedCaseTypes(m, contracts.Workflow, city, contracts);
    // E-bills: after the certificate types are registered and the participant roles defined (the bindings check both).
    const bills = deployBills(m, city, contracts, [certificatesModule(city), participantsModule(city)]);
    const council = deployCouncil(m, city, profile, { ...contracts, ...bills } as never, [access]);
    return { ...contracts, ...bills, GovernanceCouncil: council };
  });
}

export default suiteModule(loadCityConfig());
