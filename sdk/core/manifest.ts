import { readFileSync } from "node:fs";

import { ValidationError } from "../errors/base.js";

/** A deployed UUPS proxy: the address agencies call, and the implementation behind it. */
export interface ProxyDeployment {
  proxy: string;
  implementation: string;
}

/** What the deploy writes to `deployments/<network>.json` and the SDK connects from. */
export interface DeploymentManifest {
  network: string;
  chainId: string;
  city: string;
  evmVersion: string;
  /** The first block of the deployment: event scans (history, audit) start here. */
  deploymentBlock: number;
  deployedAt: string;
  commit?: string;
  /**
   * Which council governs (`city`: the committee of the city file; `development`: one member, no delays) and
   * whether the deploy handed it ADMIN, OPERATOR and UPGRADER (false only in module tests).
   */
  governance?: { profile: "city" | "development"; handedOver: boolean };
  /** The AccessManager by address; every suite contract (UUPS proxy) by proxy and implementation. */
  contracts: {
    GovAccessManager: string;
    DepartmentDirectory: ProxyDeployment;
    CertificateRegistry: ProxyDeployment;
    Workflow: ProxyDeployment;
    DataExchange: ProxyDeployment;
    /** Not a proxy: the exchange's receipt log (docs/EXCHANGE.md). */
    ReceiptLog: string;
    /** Present when the city file has a `property` section. */
    PropertyRegistry?: ProxyDeployment;
    /** Organisations accredited without being departments (absent from manifests written before it existed). */
    ParticipantRegistry?: ProxyDeployment;
    /** The governance council (absent from manifests written before it existed). */
    GovernanceCouncil?: ProxyDeployment;
    /** Present when the city runs airport logistics (`airportLogistics`). */
    Shipments?: ProxyDeployment;
    /** Present when the city runs port clearance (`portClearance`). */
    ContainerClearance?: ProxyDeployment;
    /** District one-stop bundles (absent from cities without a `oneStop` section). */
    OneStopServices?: ProxyDeployment;
    /** Unemployment benefit claims and payments (absent without `oneStop.unemployment`). */
    UnemploymentBenefits?: ProxyDeployment;
    /** Deposits, utility steps and tax audits (present when the city file has an `estate` section). */
    EstateServices?: ProxyDeployment;
    /** Present when the city runs services/enterprise-identity.json. */
    EnterpriseMandates?: ProxyDeployment;
    /** Present when the city also runs services/sme-finance.json (and a property register). */
    LendingRegistry?: ProxyDeployment;
    /** E-bills: issuance by accredited participants (absent when the city runs no service that needs it). */
    AccreditedIssuance?: ProxyDeployment;
    /** E-bills: reimbursement locks (absent when the city runs no e-bills service). */
    BillReimbursement?: ProxyDeployment;
  };
}

/** Reads a manifest file, refusing one that lacks the addresses the SDK needs. */
export function loadManifest(file: string): DeploymentManifest {
  let manifest: DeploymentManifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as DeploymentManifest;
  } catch (error) {
    throw new ValidationError("manifest", `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (!manifest?.contracts?.GovAccessManager || !manifest.contracts.DepartmentDirectory?.proxy || !manifest.chainId) {
    throw new ValidationError(
      "manifest",
      `${file} is not a govchain deployment manifest (contracts or chainId missing)`,
    );
  }
  return manifest;
}
