import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { applyPermissions, deployProxied } from "./governed.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/**
 * The certificate registry behind a UUPS proxy, its permissions, and the city's certificate
 * types (`certificateTypes` in the city file), each bound to its department and registered as
 * contract-managed or officer-issued once and for good (`managed`).
 */
export function certificatesModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  return buildModule("Certificates", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { proxy: registry } = deployProxied(m, "CertificateRegistry", [manager, directory]);
    const permissions = applyPermissions(m, manager, "CertificateRegistry", registry);
    // The registry caches departments' active flags: the directory must tell it of every change.
    m.call(directory, "setDepartmentListener", [registry, true], { id: "listen_CertificateRegistry" });
    let previous = [...permissions];
    for (const type of city.certificateTypes ?? []) {
      const registered = m.call(
        registry,
        "registerType",
        [
          encodeBytes32String(type.code),
          encodeBytes32String(type.department),
          BigInt(type.maxValiditySeconds),
          type.renewable,
          type.suspendable,
          type.managed,
        ],
        { id: `registerType_${type.code}`, after: previous },
      );
      previous = [registered];
    }
    return { CertificateRegistry: registry };
  });
}
