/**
 * A service definition as the SDK takes it: the shape of `services/<name>.json` after validation
 * (`config/city.ts` `serviceSchema`), so an agency can plan and apply a definition it built in code too.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import type { Classification } from "../exchange/hashing.js";
import { datasetId, hashJson } from "../exchange/hashing.js";

/** The case-type owner meaning "officers of the opener department open and consume the cases". */
export const DEPARTMENTS_OWNER = "departments";

export interface ServiceCertificateType {
  code: string;
  department: string;
  name?: string;
  nameZh?: string;
  maxValiditySeconds: number;
  renewable: boolean;
  suspendable: boolean;
  managed?: boolean;
}

export interface ServiceCaseType {
  id: string;
  name?: string;
  nameZh?: string;
  /** "departments", or the manifest name of the suite contract that opens and consumes the cases. */
  owner: string;
  openerDepartment?: string;
  stages: { durationSeconds: number; departments: { code: string; quorum?: number }[] }[];
}

export interface ServiceDataset {
  /** The label inside the owner department: the id is `datasetId("<owner>/<name>")`. */
  name: string;
  owner: string;
  title?: string;
  titleZh?: string;
  classification: Classification;
  personal?: boolean;
  cosigner?: string;
  fields: string[];
  endpoint: string;
}

/** A participant role: organisations (not departments) that `department`'s officers accredit in it. */
export interface ServiceParticipantRole {
  code: string;
  department: string;
  name?: string;
  nameZh?: string;
}

/** The property registry's wiring, as a service declares it (compared with the deployed registry). */
export interface ServiceProperty {
  registrar: string;
  titleCertificateType: string;
  proofCertificateType: string;
  transferCaseTypes: Partial<Record<"sale" | "inheritance" | "gift" | "courtOrder" | "newBuildSale", string>>;
  mortgageCaseType?: string;
  releaseCaseType?: string;
}

export interface ServiceDefinition {
  service: string;
  name: string;
  nameZh?: string;
  description?: string;
  certificateTypes?: ServiceCertificateType[];
  caseTypes?: ServiceCaseType[];
  datasets?: ServiceDataset[];
  participantRoles?: ServiceParticipantRole[];
  property?: ServiceProperty;
}

/** The on-chain id of a service's dataset: per owner, so two departments may both have a "register". */
export function serviceDatasetId(dataset: Pick<ServiceDataset, "owner" | "name">): string {
  return datasetId(`${dataset.owner}/${dataset.name}`);
}

/** What goes on chain for a dataset's schema and endpoint: hashes only. */
export function datasetHashes(dataset: Pick<ServiceDataset, "fields" | "endpoint">): {
  schemaHash: string;
  endpointHash: string;
} {
  return { schemaHash: hashJson({ fields: dataset.fields }), endpointHash: keccak256(toUtf8Bytes(dataset.endpoint)) };
}
