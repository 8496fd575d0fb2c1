import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { encodeBytes32String, ZeroHash } from "ethers";

import type { CityConfig, PropertyConfig } from "../../config/city.js";
import { accessLayerModule } from "./AccessLayer.js";
import { certificatesModule } from "./Certificates.js";
import { applyPermissions } from "./governed.js";
import { workflowModule } from "./Workflow.js";

const built = new WeakMap<CityConfig, ReturnType<typeof build>>();

/** The contract's TransferKind order after `Initial`: the `caseTypes_` argument of `initialize`. */
const TRANSFER_KIND_ORDER = ["sale", "inheritance", "gift", "courtOrder", "newBuildSale"] as const;

/** The mortgage and release case type ids `initialize` takes, in EncumbranceCase order (zero: not offered). */
export function encumbranceCaseTypeIds(property: PropertyConfig): string[] {
  return [property.mortgageCaseType, property.releaseCaseType].map((id) =>
    id === undefined ? ZeroHash : encodeBytes32String(id),
  );
}

/** The five case type ids `initialize` takes, in TransferKind order (zero for a kind the city does not offer). */
export function transferCaseTypeIds(property: PropertyConfig): string[] {
  return TRANSFER_KIND_ORDER.map((kind) => {
    const id = property.transferCaseTypes[kind];
    return id === undefined ? ZeroHash : encodeBytes32String(id);
  });
}

/**
 * The real-estate register behind a UUPS proxy, wired to the workflow engine and the
 * certificate registry: its permissions, and its authorisation as issuer of the title and
 * other-rights certificate types. Its case types (owner "PropertyRegistry" in the city file)
 * are registered with the registry as owner by `registerOwnedCaseTypes` in Suite.ts.
 */
export function propertyModule(city: CityConfig) {
  if (!built.has(city)) built.set(city, build(city));
  return built.get(city)!;
}

function build(city: CityConfig) {
  const property = city.property;
  if (property === undefined) throw new Error(`city ${city.city} has no "property" section`);
  return buildModule("Property", (m) => {
    const accessLayer = accessLayerModule(city);
    const { GovAccessManager: manager, DepartmentDirectory: directory } = m.useModule(accessLayer);
    const { Workflow: workflow } = m.useModule(workflowModule(city));
    const certificatesSubmodule = certificatesModule(city);
    const { CertificateRegistry: certificates } = m.useModule(certificatesSubmodule);
    const titleType = encodeBytes32String(property.titleCertificateType);
    const proofType = encodeBytes32String(property.proofCertificateType);
    // Not `deployProxied`: the implementation is built with the registry's wiring (immutables, see
    // PropertyRegistry.sol), so it takes constructor arguments; the proxy is the same ERC-1967 one.
    const implementation = m.contract(
      "PropertyRegistry",
      [[encodeBytes32String(property.registrar), workflow, certificates, titleType, proofType]],
      { id: "PropertyRegistryImplementation" },
    );
    const initData = m.encodeFunctionCall(implementation, "initialize", [
      manager,
      directory,
      transferCaseTypeIds(property),
      encumbranceCaseTypeIds(property),
    ]);
    // `initialize` caches the registrar's officer role and active flag: its department must be registered first.
    const erc1967 = m.contract("ERC1967Proxy", [implementation, initData], {
      id: "PropertyRegistryProxy",
      after: [accessLayer],
    });
    const registry = m.contractAt("PropertyRegistry", erc1967, { id: "PropertyRegistry" });
    const permissions = applyPermissions(m, manager, "PropertyRegistry", registry);
    // The certificate types are registered by the certificates module: authorise once all of it ran.
    m.call(certificates, "setIssuerAuthorised", [titleType, registry, true], {
      id: "authorise_PropertyRegistry_title",
      after: [...permissions, certificatesSubmodule],
    });
    m.call(certificates, "setIssuerAuthorised", [proofType, registry, true], {
      id: "authorise_PropertyRegistry_proof",
      after: [...permissions, certificatesSubmodule],
    });
    // The directory pushes (de)activations to the registry, which caches the registrar's active flag.
    m.call(directory, "setDepartmentListener", [registry, true], { id: "listen_PropertyRegistry" });
    return { PropertyRegistry: registry };
  });
}
