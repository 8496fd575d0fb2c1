import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String, ZeroHash } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { encodeCaseType } from "../../sdk/workflow/caseTypes.js";
import { accessLayerModule } from "./AccessLayer.js";
import { applyPermissions } from "./governed.js";
import { participantsModule } from "./Participants.js";
import { propertyModule } from "./Property.js";
import { workflowModule } from "./Workflow.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/** The utility order of the contract's `Utility` enum (water, power, gas, heating). */
const UTILITY_ORDER = ["water", "power", "gas", "heating"] as const;

/**
 * Deposits, utility account transfers and tax audits around the register's transfers (EstateServices) behind a
 * UUPS proxy: its permissions, and its registration as a department listener (the deposit release reads a bank's
 * active flag from its own cache). The implementation is built with its wiring (immutables: the register, the
 * workflow, the participant registry, the auditor department, the utility roles), like the register's.
 */
export function estateModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  const estate = city.estate;
  if (estate === undefined) throw new Error(`city ${city.city} has no "estate" section`);
  return buildModule("Estate", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { Workflow: workflow } = m.useModule(workflowModule(city));
    const { PropertyRegistry: property } = m.useModule(propertyModule(city));
    const { ParticipantRegistry: participants } = m.useModule(participantsModule(city));
    const config = [
      property,
      workflow,
      participants,
      encodeBytes32String(estate.auditor),
      UTILITY_ORDER.map((u) => encodeBytes32String(estate.utilityRoles[u])),
      estate.depositReleaseCaseType === undefined ? ZeroHash : encodeCaseType(estate.depositReleaseCaseType),
    ];
    const implementation = m.contract("EstateServices", [config], { id: "EstateServicesImplementation" });
    const initData = m.encodeFunctionCall(implementation, "initialize", [manager, directory]);
    const erc1967 = m.contract("ERC1967Proxy", [implementation, initData], { id: "EstateServicesProxy" });
    const services = m.contractAt("EstateServices", erc1967, { id: "EstateServices" });
    applyPermissions(m, manager, "EstateServices", services);
    m.call(directory, "setDepartmentListener", [services, true], { id: "listen_EstateServices" });
    return { EstateServices: services };
  });
}
