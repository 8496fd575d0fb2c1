/**
 * What applying a service definition would change on chain, computed by reading the chain: new certificate types,
 * case types and datasets; what is already there and identical; and what cannot change (a registered type is
 * fixed for good, so a different definition under the same code is refused rather than silently ignored).
 */
import { encodeBytes32String, ZeroAddress, ZeroHash } from "ethers";

import { decodeDepartmentCode, encodeDepartmentCode } from "../access/departments.js";
import { caseTypes, certificateTypes, type CaseTypeListing, type CertificateTypeListing } from "../catalogue.js";
import { encodeCall, type GovernanceCall } from "../governance/client.js";
import type { GovChain } from "../govchain.js";
import type { Dataset } from "../exchange/client.js";
import { encodeCaseType } from "../workflow/caseTypes.js";
import { listDatasets, listParticipantRoles } from "./datasets.js";
import {
  datasetHashes,
  DEPARTMENTS_OWNER,
  serviceDatasetId,
  type ServiceCaseType,
  type ServiceCertificateType,
  type ServiceDataset,
  type ServiceDefinition,
  type ServiceParticipantRole,
  type ServiceProperty,
} from "./definition.js";
import { ServiceConflictError } from "./errors.js";

/** One thing applying the definition would do. Types go through the council; datasets through the owner's officer. */
export type ServiceChange =
  | { kind: "certificateType"; code: string; department: string; summary: string; call: GovernanceCall }
  | { kind: "caseType"; id: string; summary: string; call: GovernanceCall }
  | { kind: "participantRole"; code: string; department: string; summary: string; call: GovernanceCall }
  | {
      kind: "dataset";
      action: "register" | "update";
      /** `<owner>/<name>`, the label the id is derived from. */
      label: string;
      id: string;
      owner: string;
      summary: string;
      dataset: ServiceDataset;
    };

export interface ServicePlan {
  service: string;
  /**
   * In the order they would be applied: certificate types, case types, participant roles (one council proposal),
   * then datasets.
   */
  changes: ServiceChange[];
  /** What the chain already holds exactly as defined ("certificate type BUSINESS_LICENCE"). */
  unchanged: string[];
  /** What the definition asks and the chain cannot do, one sentence each; nothing is applied while any remain. */
  conflicts: string[];
}

/** What the planner reads once per plan. */
interface ChainState {
  departments: Map<string, boolean>;
  certificateTypes: Map<string, CertificateTypeListing>;
  caseTypes: Map<string, CaseTypeListing>;
  datasets: Map<string, Dataset>;
  /** Participant role → its department (undefined: the deployment has no participant registry). */
  participantRoles?: Map<string, string>;
}

async function readChain(gov: GovChain): Promise<ChainState> {
  const [departments, certs, cases, datasets, roles] = await Promise.all([
    gov.access.departments(),
    certificateTypes(gov),
    caseTypes(gov),
    listDatasets(gov),
    gov.participants === undefined ? undefined : listParticipantRoles(gov),
  ]);
  return {
    departments: new Map(departments.map((d) => [d.code, d.active])),
    certificateTypes: new Map(certs.map((t) => [t.code, t])),
    caseTypes: new Map(cases.map((t) => [t.id, t])),
    datasets: new Map(datasets.map((d) => [d.id.toLowerCase(), d])),
    participantRoles: roles === undefined ? undefined : new Map(roles.map((r) => [r.code, r.department])),
  };
}

/** Reads the chain and says what applying `definition` would change. Never sends anything. */
export async function planService(gov: GovChain, definition: ServiceDefinition): Promise<ServicePlan> {
  const chain = await readChain(gov);
  const plan: ServicePlan = { service: definition.service, changes: [], unchanged: [], conflicts: [] };
  // A new entry may only name departments that are registered and active (the workflow refuses inactive ones
  // on chain too; the registry would accept them and leave a type nobody can issue).
  const departmentsOk = (what: string, codes: (string | undefined)[]) => {
    let ok = true;
    for (const code of codes) {
      if (code === undefined) continue;
      const active = chain.departments.get(code);
      if (active === undefined) {
        plan.conflicts.push(`${what}: department ${code} is not registered (govchain departments register ${code})`);
        ok = false;
      } else if (!active) {
        plan.conflicts.push(`${what}: department ${code} is deactivated, so a new definition cannot name it`);
        ok = false;
      }
    }
    return ok;
  };
  for (const type of definition.certificateTypes ?? []) planCertificateType(gov, chain, plan, type, departmentsOk);
  for (const type of definition.caseTypes ?? []) planCaseType(gov, chain, plan, type, departmentsOk);
  for (const role of definition.participantRoles ?? []) planParticipantRole(gov, chain, plan, role, departmentsOk);
  for (const dataset of definition.datasets ?? []) planDataset(chain, plan, dataset, departmentsOk);
  if (definition.property !== undefined) await planProperty(gov, plan, definition.property);
  return plan;
}

type DepartmentsOk = (what: string, codes: (string | undefined)[]) => boolean;

/** "a → b" for each field that differs. */
function differences(fields: [string, unknown, unknown][]): string[] {
  return fields.filter(([, chain, here]) => chain !== here).map(([name, chain, here]) => `${name} ${chain} → ${here}`);
}

function planCertificateType(
  gov: GovChain,
  chain: ChainState,
  plan: ServicePlan,
  type: ServiceCertificateType,
  departmentsOk: DepartmentsOk,
): void {
  const what = `certificate type ${type.code}`;
  const existing = chain.certificateTypes.get(type.code);
  if (existing !== undefined) {
    const diff = differences([
      ["department", existing.department, type.department],
      ["maxValiditySeconds", existing.maxValiditySeconds, BigInt(type.maxValiditySeconds)],
      ["renewable", existing.renewable, type.renewable],
      ["suspendable", existing.suspendable, type.suspendable],
      ["managed", existing.managed, type.managed ?? false],
    ]);
    if (diff.length === 0) plan.unchanged.push(what);
    else plan.conflicts.push(`${what} is registered and cannot change (${diff.join(", ")}): give it a new code`);
    return;
  }
  if (!departmentsOk(what, [type.department])) return;
  plan.changes.push({
    kind: "certificateType",
    code: type.code,
    department: type.department,
    summary:
      `register ${what} of ${type.department}` +
      ` (${type.maxValiditySeconds === 0 ? "no validity limit" : `valid up to ${type.maxValiditySeconds} s`}` +
      `${type.renewable ? ", renewable" : ""}${type.suspendable ? ", suspendable" : ""}${type.managed ? ", managed" : ""})`,
    call: encodeCall(gov.certificates.contract, "registerType", [
      encodeBytes32String(type.code),
      encodeDepartmentCode(type.department),
      BigInt(type.maxValiditySeconds),
      type.renewable,
      type.suspendable,
      type.managed ?? false,
    ]),
  });
}

/** The address of a case type's owner: zero for "departments", else the suite contract of that name. */
function ownerAddress(gov: GovChain, owner: string): string | undefined {
  if (owner === DEPARTMENTS_OWNER) return ZeroAddress;
  const entry = (gov.manifest.contracts as Record<string, string | { proxy: string } | undefined>)[owner];
  if (entry === undefined) return undefined;
  return typeof entry === "string" ? entry : entry.proxy;
}

/** A case type's stages as one comparable line: "1: PSB×1 TAX×1 (259200 s) | 2: MARKET×2 (172800 s)". */
function stagesLine(stages: ServiceCaseType["stages"]): string {
  return stages
    .map(
      (s, i) =>
        `${i + 1}: ${[...s.departments]
          .map((d) => `${d.code}×${d.quorum ?? 1}`)
          .sort()
          .join(" ")} (${s.durationSeconds} s)`,
    )
    .join(" | ");
}

function planCaseType(
  gov: GovChain,
  chain: ChainState,
  plan: ServicePlan,
  type: ServiceCaseType,
  departmentsOk: DepartmentsOk,
): void {
  const what = `case type ${type.id}`;
  const owner = ownerAddress(gov, type.owner);
  if (owner === undefined) {
    plan.conflicts.push(`${what}: its owner ${type.owner} is not a contract of this deployment`);
    return;
  }
  const existing = chain.caseTypes.get(type.id);
  if (existing !== undefined) {
    const diff = differences([
      ["owner", (existing.owner ?? ZeroAddress).toLowerCase(), owner.toLowerCase()],
      ["openerDepartment", existing.openerDepartment ?? "(none)", type.openerDepartment ?? "(none)"],
      ["stages", stagesLine(existing.stages), stagesLine(type.stages)],
    ]);
    if (diff.length > 0) {
      plan.conflicts.push(`${what} is registered and cannot change (${diff.join("; ")}): give it a new id`);
    } else {
      plan.unchanged.push(existing.active ? what : `${what} (retired on chain: no new cases)`);
    }
    return;
  }
  const codes = [type.openerDepartment, ...type.stages.flatMap((s) => s.departments.map((d) => d.code))];
  if (!departmentsOk(what, codes)) return;
  const opener = type.owner === DEPARTMENTS_OWNER ? `opened by ${type.openerDepartment}` : `owned by ${type.owner}`;
  plan.changes.push({
    kind: "caseType",
    id: type.id,
    summary: `register ${what}, ${opener}, stages ${stagesLine(type.stages)}`,
    call: encodeCall(gov.workflow.contract, "registerCaseType", [
      encodeCaseType(type.id),
      {
        owner,
        openerDepartment: type.openerDepartment === undefined ? ZeroHash : encodeDepartmentCode(type.openerDepartment),
        departments: type.stages.flatMap((stage, index) =>
          stage.departments.map((d) => ({
            department: encodeDepartmentCode(d.code),
            stage: index,
            quorum: d.quorum ?? 1,
          })),
        ),
        stageDurations: type.stages.map((s) => s.durationSeconds),
      },
    ]),
  });
}

function planParticipantRole(
  gov: GovChain,
  chain: ChainState,
  plan: ServicePlan,
  role: ServiceParticipantRole,
  departmentsOk: DepartmentsOk,
): void {
  const what = `participant role ${role.code}`;
  if (gov.participants === undefined || chain.participantRoles === undefined) {
    plan.conflicts.push(`${what}: this deployment has no participant registry (redeploy with the current suite)`);
    return;
  }
  const existing = chain.participantRoles.get(role.code);
  if (existing === role.department) plan.unchanged.push(what);
  else if (existing !== undefined) {
    plan.conflicts.push(
      `${what} is defined and cannot change (department ${existing} → ${role.department}): give it a new code`,
    );
  } else if (departmentsOk(what, [role.department])) {
    plan.changes.push({
      kind: "participantRole",
      code: role.code,
      department: role.department,
      summary: `define ${what}, accredited by ${role.department}`,
      call: encodeCall(gov.participants.contract, "defineRole", [
        encodeBytes32String(role.code),
        encodeDepartmentCode(role.department),
      ]),
    });
  }
}

function planDataset(
  chain: ChainState,
  plan: ServicePlan,
  dataset: ServiceDataset,
  departmentsOk: DepartmentsOk,
): void {
  const label = `${dataset.owner}/${dataset.name}`;
  const what = `dataset ${label}`;
  const id = serviceDatasetId(dataset);
  const hashes = datasetHashes(dataset);
  const existing = chain.datasets.get(id.toLowerCase());
  const base = { kind: "dataset" as const, label, id, owner: dataset.owner, dataset };
  if (existing === undefined) {
    if (!departmentsOk(what, [dataset.owner, dataset.cosigner])) return;
    plan.changes.push({
      ...base,
      action: "register",
      summary:
        `register ${what} (${dataset.classification}${dataset.personal ? ", personal data" : ""}` +
        `${dataset.cosigner === undefined ? "" : `, co-signed by ${dataset.cosigner}`}; fields ${dataset.fields.join(", ")})`,
    });
    return;
  }
  if (existing.retired) {
    plan.conflicts.push(`${what} is retired on chain: a retired dataset stays retired (give it a new name)`);
    return;
  }
  const fixed = differences([
    ["classification", existing.classification, dataset.classification],
    ["cosigner", existing.cosigner ?? "(none)", dataset.cosigner ?? "(none)"],
    ["personal", existing.personal, dataset.personal ?? false],
  ]);
  if (fixed.length > 0) {
    plan.conflicts.push(
      `${what} is registered as ${existing.classification} and cannot change here (${fixed.join(", ")}): ` +
        `an admin of ${dataset.owner} reclassifies it (a personal-data flag never changes)`,
    );
    return;
  }
  if (
    existing.schemaHash.toLowerCase() === hashes.schemaHash &&
    existing.endpointHash.toLowerCase() === hashes.endpointHash
  ) {
    plan.unchanged.push(what);
    return;
  }
  if (!departmentsOk(what, [dataset.owner])) return;
  plan.changes.push({
    ...base,
    action: "update",
    summary: `update ${what}: new ${existing.schemaHash.toLowerCase() === hashes.schemaHash ? "endpoint" : "fields"} (version ${existing.version + 1})`,
  });
}

/** The transfer kinds in the registry's `TransferKind` order (Initial is not a transfer case). */
const TRANSFER_KINDS = ["sale", "inheritance", "gift", "courtOrder", "newBuildSale"] as const;

async function planProperty(gov: GovChain, plan: ServicePlan, property: ServiceProperty): Promise<void> {
  if (gov.property === undefined) {
    plan.conflicts.push("property: this deployment has no property register (the suite deploys it: govchain deploy)");
    return;
  }
  const contract = gov.property.contract;
  const [config, ...kinds] = await Promise.all([
    contract.config(),
    ...TRANSFER_KINDS.map((_, i) => contract.caseTypeFor(i + 1)),
  ]);
  const decode = (hash: string) => (BigInt(hash) === 0n ? "(none)" : decodeCode(hash));
  const diff = differences([
    ["registrar", decode(config.registrar), property.registrar],
    ["titleCertificateType", decode(config.titleCertificateType), property.titleCertificateType],
    ["proofCertificateType", decode(config.proofCertificateType), property.proofCertificateType],
    ...TRANSFER_KINDS.map((kind, i): [string, unknown, unknown] => [
      `transferCaseTypes.${kind}`,
      decode(kinds[i]),
      property.transferCaseTypes[kind] ?? "(none)",
    ]),
  ]);
  if (diff.length === 0) plan.unchanged.push("property register wiring");
  else {
    plan.conflicts.push(
      `property: the deployed register is wired differently (${diff.join(", ")}): ` +
        `its wiring changes by an upgrade or a sensitive council proposal, not by a definition`,
    );
  }
}

function decodeCode(hash: string): string {
  try {
    return decodeDepartmentCode(hash);
  } catch {
    return hash;
  }
}

/** The plan, or a {@link ServiceConflictError} when anything in it cannot be applied. */
export function assertApplicable(plan: ServicePlan): ServicePlan {
  if (plan.conflicts.length > 0) throw new ServiceConflictError(plan.service, plan.conflicts);
  return plan;
}

/** The calls of the council proposal that applies the plan's types (empty when there are none). */
export function councilCalls(plan: ServicePlan): GovernanceCall[] {
  return plan.changes.flatMap((c) => (c.kind === "dataset" ? [] : [c.call]));
}
