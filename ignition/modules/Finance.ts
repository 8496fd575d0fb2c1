import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";

import type { CityConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { certificatesModule } from "./Certificates.js";
import { exchangeModule } from "./Exchange.js";
import { participantsModule } from "./Participants.js";
import { applyPermissions, deployProxied } from "./governed.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/**
 * Enterprise financial identity and SME lending (services/enterprise-identity.json, services/sme-finance.json):
 * EnterpriseMandates, authorised as issuer of the identity and mandate certificate types, and, when the city
 * also runs a property register and a `lending` section, the LendingRegistry wired to it and to the exchange.
 */
export function financeModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

/**
 * The LendingRegistry's wiring as `initialize` takes it. `participants`: the participant registry, where lenders
 * that are not banks are accredited in the role `lenderRole` (zero: only bank departments lend).
 */
export function lendingWiring(
  city: CityConfig,
  addresses: { mandates: unknown; certificates: unknown; exchange: unknown; participants?: unknown },
) {
  const lending = city.lending!;
  return {
    mandates: addresses.mandates,
    certificates: addresses.certificates,
    exchange: addresses.exchange,
    participants: addresses.participants ?? ZeroAddress,
    mortgageType: encodeBytes32String(city.property!.proofCertificateType),
    receivableType:
      lending.receivableCertificateType === undefined
        ? ZeroHash
        : encodeBytes32String(lending.receivableCertificateType),
    lenderRole: encodeBytes32String(lending.lenderRole),
    legalBasisDepartment: encodeBytes32String(lending.legalBasisDepartment),
    disclosurePurpose: encodeBytes32String(lending.disclosurePurpose),
  };
}

function build(city: CityConfig) {
  const identity = city.enterpriseIdentity;
  if (identity === undefined) throw new Error(`city ${city.city} has no "enterpriseIdentity" section`);
  return buildModule("Finance", (m) => {
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayerModule(city));
    const certificatesSubmodule = certificatesModule(city);
    const { CertificateRegistry: certificates } = m.useModule(certificatesSubmodule);
    const { DataExchange: exchange } = m.useModule(exchangeModule(city));
    const { ParticipantRegistry: participants } = m.useModule(participantsModule(city));
    const identityType = encodeBytes32String(identity.identityCertificateType);
    const mandateType = encodeBytes32String(identity.mandateCertificateType);
    const { proxy: mandates } = deployProxied(m, "EnterpriseMandates", [
      manager,
      directory,
      encodeBytes32String(identity.issuer),
      certificates,
      identityType,
      mandateType,
    ]);
    const permissions = applyPermissions(m, manager, "EnterpriseMandates", mandates);
    for (const [id, type] of [
      ["identity", identityType],
      ["mandate", mandateType],
    ] as const) {
      m.call(certificates, "setIssuerAuthorised", [type, mandates, true], {
        id: `authorise_EnterpriseMandates_${id}`,
        after: [...permissions, certificatesSubmodule],
      });
    }
    const contracts: Record<string, typeof mandates> = { EnterpriseMandates: mandates };
    if (city.lending === undefined || city.property === undefined) return contracts;
    const { proxy: lending } = deployProxied(m, "LendingRegistry", [
      manager,
      directory,
      lendingWiring(city, { mandates, certificates, exchange, participants }),
    ]);
    applyPermissions(m, manager, "LendingRegistry", lending);
    // It caches lender banks' active flags (the pledge's officer check): the directory pushes (de)activations.
    m.call(directory, "setDepartmentListener", [lending, true], { id: "listen_LendingRegistry" });
    contracts.LendingRegistry = lending;
    // Lenders that are not banks read through the desk department (its admin staffs the contract as an officer).
    if (city.lending.lenderDesk !== undefined) {
      const { proxy: lenderAccess } = deployProxied(m, "LenderAccess", [
        manager,
        directory,
        {
          exchange,
          participants,
          lenderRole: encodeBytes32String(city.lending.lenderRole),
          desk: encodeBytes32String(city.lending.lenderDesk),
          creditPurpose: encodeBytes32String(city.lending.creditPurpose),
        },
      ]);
      applyPermissions(m, manager, "LenderAccess", lenderAccess);
      contracts.LenderAccess = lenderAccess;
    }
    return contracts;
  });
}
