import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { applyPermissions, deployProxied } from "./governed.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/**
 * The participant registry behind a UUPS proxy, its permissions, its registration as a department listener
 * (a deactivated department's accreditations stop counting in the same transaction), and the participant
 * roles of the city's services (`participantRoles`), each owned by the department that accredits in it.
 */
export function participantsModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  return buildModule("Participants", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { proxy: registry } = deployProxied(m, "ParticipantRegistry", [manager, directory]);
    const permissions = applyPermissions(m, manager, "ParticipantRegistry", registry);
    m.call(directory, "setDepartmentListener", [registry, true], { id: "listen_ParticipantRegistry" });
    let previous = [...permissions];
    for (const role of city.participantRoles ?? []) {
      previous = [
        m.call(registry, "defineRole", [encodeBytes32String(role.code), encodeBytes32String(role.department)], {
          id: `defineRole_${role.code}`,
          after: previous,
        }),
      ];
    }
    return { ParticipantRegistry: registry };
  });
}
