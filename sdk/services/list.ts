/**
 * What a deployment runs, read from the chain, and which service definition each item belongs to: certificate
 * types, case types, participant roles and datasets. An item no definition names is listed without a service (registered by hand, or
 * by a definition the city no longer has).
 */
import { ZeroAddress } from "ethers";

import { caseTypes, certificateTypes } from "../catalogue.js";
import type { GovChain } from "../govchain.js";
import { listDatasets, listParticipantRoles } from "./datasets.js";
import { serviceDatasetId, type ServiceDefinition } from "./definition.js";

/** Where a definition came from (a file path, or any name an agency gives it). */
export interface SourcedDefinition {
  file?: string;
  definition: ServiceDefinition;
}

interface DeployedBase {
  /** The service code of the definition that declares it, if any. */
  service?: string;
  file?: string;
  active: boolean;
  registeredBlock: number;
}

export type DeployedItem =
  | (DeployedBase & {
      kind: "certificateType";
      code: string;
      department: string;
      maxValiditySeconds: bigint;
      renewable: boolean;
      suspendable: boolean;
      managed: boolean;
    })
  | (DeployedBase & {
      kind: "caseType";
      code: string;
      /** "departments" (officers of the opener open and consume), or the suite contract's manifest name. */
      owner: string;
      openerDepartment?: string;
      stages: { durationSeconds: number; departments: { code: string; quorum: number }[] }[];
    })
  | (DeployedBase & {
      kind: "dataset";
      /** `<owner>/<name>` when a definition names it; else its id. */
      code: string;
      id: string;
      owner: string;
      classification: string;
      personal: boolean;
      cosigner?: string;
      version: number;
    })
  | (DeployedBase & { kind: "participantRole"; code: string; department: string });

/** The manifest name of a contract address (e.g. PropertyRegistry), or the address itself. */
function contractName(gov: GovChain, address: string): string {
  for (const [name, entry] of Object.entries(gov.manifest.contracts)) {
    const at = typeof entry === "string" ? entry : entry?.proxy;
    if (at !== undefined && at.toLowerCase() === address.toLowerCase()) return name;
  }
  return address;
}

/** Everything deployed, each with the definition that declares it (first one wins), in kind then code order. */
export async function deployedServices(
  gov: GovChain,
  definitions: readonly SourcedDefinition[] = [],
): Promise<DeployedItem[]> {
  const owners = new Map<string, SourcedDefinition>();
  const claim = (key: string, source: SourcedDefinition) => {
    if (!owners.has(key)) owners.set(key, source);
  };
  const labels = new Map<string, string>();
  for (const source of definitions) {
    const d = source.definition;
    for (const t of d.certificateTypes ?? []) claim(`certificateType:${t.code}`, source);
    for (const t of d.caseTypes ?? []) claim(`caseType:${t.id}`, source);
    for (const r of d.participantRoles ?? []) claim(`participantRole:${r.code}`, source);
    for (const t of d.datasets ?? []) {
      const id = serviceDatasetId(t).toLowerCase();
      claim(`dataset:${id}`, source);
      labels.set(id, `${t.owner}/${t.name}`);
    }
  }
  const from = (key: string) => {
    const source = owners.get(key);
    return { service: source?.definition.service, file: source?.file };
  };
  const [certs, cases, datasets, roles] = await Promise.all([
    certificateTypes(gov),
    caseTypes(gov),
    listDatasets(gov),
    listParticipantRoles(gov),
  ]);
  return [
    ...certs.map((t): DeployedItem => ({
      kind: "certificateType",
      ...from(`certificateType:${t.code}`),
      code: t.code,
      department: t.department,
      maxValiditySeconds: t.maxValiditySeconds,
      renewable: t.renewable,
      suspendable: t.suspendable,
      managed: t.managed,
      active: t.active,
      registeredBlock: t.registeredBlock,
    })),
    ...cases.map((t): DeployedItem => ({
      kind: "caseType",
      ...from(`caseType:${t.id}`),
      code: t.id,
      owner: t.owner === undefined || t.owner === ZeroAddress ? "departments" : contractName(gov, t.owner),
      openerDepartment: t.openerDepartment,
      stages: t.stages.map((s) => ({
        durationSeconds: s.durationSeconds,
        departments: s.departments.map((d) => ({ code: d.code, quorum: d.quorum ?? 1 })),
      })),
      active: t.active,
      registeredBlock: t.registeredBlock,
    })),
    ...datasets.map((d): DeployedItem => {
      const id = d.id.toLowerCase();
      return {
        kind: "dataset",
        ...from(`dataset:${id}`),
        code: labels.get(id) ?? d.id,
        id: d.id,
        owner: d.owner,
        classification: d.classification,
        personal: d.personal,
        cosigner: d.cosigner,
        version: d.version,
        active: !d.retired,
        registeredBlock: d.registeredBlock,
      };
    }),
    ...roles.map((r): DeployedItem => ({
      kind: "participantRole",
      ...from(`participantRole:${r.code}`),
      code: r.code,
      department: r.department,
      active: true,
      registeredBlock: r.registeredBlock,
    })),
  ];
}
