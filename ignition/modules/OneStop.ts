import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { datasetId } from "../../sdk/exchange/hashing.js";
import { accessLayerModule } from "./AccessLayer.js";
import { certificatesModule } from "./Certificates.js";
import { exchangeModule } from "./Exchange.js";
import { applyPermissions, deployProxied } from "./governed.js";
import { workflowModule } from "./Workflow.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();
const code = (s: string) => encodeBytes32String(s);

/**
 * District one-stop services (docs/SERVICES.md): OneStopServices with its bundles and its authorisation as
 * issuer of their managed certificate types, and UnemploymentBenefits with its districts, payers and evidence
 * datasets. Their case types (owners "OneStopServices" and "UnemploymentBenefits") are registered with the
 * contracts as owners by `registerOwnedCaseTypes` in Suite.ts.
 */
export function oneStopModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  const oneStop = city.oneStop;
  if (oneStop === undefined) throw new Error(`city ${city.city} has no "oneStop" section`);
  return buildModule("OneStop", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const { Workflow: workflow } = m.useModule(workflowModule(city));
    const certificatesSubmodule = certificatesModule(city);
    const { CertificateRegistry: certificates } = m.useModule(certificatesSubmodule);
    const { DataExchange: exchange } = m.useModule(exchangeModule(city));

    const { proxy: services } = deployProxied(m, "OneStopServices", [manager, directory, workflow, certificates]);
    applyPermissions(m, manager, "OneStopServices", services);
    const authorised = new Set<string>();
    oneStop.bundles.forEach((bundle, i) => {
      m.call(
        services,
        "defineBundle",
        [code(bundle.caseType), code(bundle.opener), bundle.certificateTypes.map(code), bundle.validitySeconds],
        { id: `OneStopServices_bundle_${i}` },
      );
      for (const type of bundle.certificateTypes) {
        if (authorised.has(type)) continue;
        authorised.add(type);
        // The certificate types are registered by the certificates module: authorise once all of it ran.
        m.call(certificates, "setIssuerAuthorised", [code(type), services, true], {
          id: `authorise_OneStopServices_${type}`,
          after: [certificatesSubmodule],
        });
      }
    });

    const unemployment = oneStop.unemployment;
    if (unemployment === undefined) return { OneStopServices: services } as Record<string, typeof services>;
    const { proxy: benefits } = deployProxied(m, "UnemploymentBenefits", [
      manager,
      directory,
      workflow,
      exchange,
      datasetId(unemployment.employmentDataset),
      datasetId(unemployment.insuranceDataset),
    ]);
    applyPermissions(m, manager, "UnemploymentBenefits", benefits);
    unemployment.districts.forEach((d) =>
      m.call(benefits, "setDistrict", [code(d.department), code(d.caseType)], {
        id: `UnemploymentBenefits_district_${d.department}`,
      }),
    );
    unemployment.payers.forEach((payer) =>
      m.call(benefits, "setPayer", [code(payer), true], { id: `UnemploymentBenefits_payer_${payer}` }),
    );
    return { OneStopServices: services, UnemploymentBenefits: benefits } as Record<string, typeof services>;
  });
}
