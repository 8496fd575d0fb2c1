import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { z } from "zod";

import { DEPARTMENT_CODE_PATTERN, DEPARTMENT_KINDS } from "../sdk/access/departments.js";
import { CLASSIFICATIONS } from "../sdk/exchange/hashing.js";
import { DEPARTMENTS_OWNER } from "../sdk/services/definition.js";
import { checkFinanceSections, enterpriseIdentitySchema, lendingSchema } from "./finance.js";

const departmentSchema = z.object({
  code: z.string().regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
  kind: z.enum(DEPARTMENT_KINDS),
  name: z.string().min(1).max(200),
  nameZh: z.string().optional(),
  /** The jurisdiction (in `jurisdictions`) the department belongs to; left out: the city's own. */
  jurisdiction: z.string().regex(DEPARTMENT_CODE_PATTERN).optional(),
});

/**
 * A jurisdiction: the city itself, one of its districts (`parent`: the city), or a neighbouring region. The chain
 * does not know jurisdictions: they name where a department sits, and no rule stops a case type from requiring
 * departments of different jurisdictions (a Haidian office and a city bureau, a Tianjin port and Beijing customs).
 */
const jurisdictionSchema = z
  .object({
    code: z
      .string()
      .regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
    name: z.string().min(1).max(200),
    nameZh: z.string().optional(),
    /** The enclosing jurisdiction (listed earlier), e.g. BEIJING for HAIDIAN; left out: a top-level one. */
    parent: z.string().optional(),
  })
  .strict();

/** A dataset's label inside its owner department: lower-case words joined by hyphens, e.g. household-register. */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * A dataset a service shares through the exchange. Its on-chain id is `datasetId("<owner>/<name>")`, so two
 * departments may each have a dataset of the same name; the schema and endpoint go on chain only as hashes.
 * An officer of the owner registers it (`govchain services apply`): the council cannot, by design.
 */
const datasetSchema = z
  .object({
    name: z
      .string()
      .regex(DATASET_NAME_PATTERN, "must be 1-64 characters of a-z, 0-9 and -, starting with a letter or digit"),
    owner: z.string().regex(DEPARTMENT_CODE_PATTERN),
    title: z.string().max(200).optional(),
    titleZh: z.string().optional(),
    classification: z.enum(CLASSIFICATIONS),
    /** Holds personal data: every request must cite the subject's consent. */
    personal: z.boolean().default(false),
    /** The second department that countersigns grants; required for (and only for) a confidential dataset. */
    cosigner: z.string().regex(DEPARTMENT_CODE_PATTERN).optional(),
    /** The field names a grant's scope is chosen from; on chain: `hashJson({ fields })`. */
    fields: z.array(z.string().min(1)).min(1),
    /** Where grantees query it (off chain); on chain: keccak256 of the UTF-8. */
    endpoint: z.string().min(1),
  })
  .strict();

/** Who opens and consumes a case type: "departments" (officers of `openerDepartment`) or a suite contract by artifact name. */
export { DEPARTMENTS_OWNER };

const caseTypeSchema = z.object({
  /** The on-chain id (bytes32 string), e.g. PROPERTY_SALE. */
  id: z.string().regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
  name: z.string().min(1).max(200),
  nameZh: z.string().optional(),
  /** "departments", or the artifact name of the suite contract that opens and consumes the cases (e.g. PropertyRegistry). */
  owner: z.string().min(1),
  /** Department whose officers may open, resubmit and withdraw cases (and consume them when owner is "departments"). */
  openerDepartment: z.string().regex(DEPARTMENT_CODE_PATTERN).optional(),
  /** Ordered stages: all of stage 1 approves before stage 2 starts; any order inside a stage. */
  stages: z
    .array(
      z.object({
        /** Seconds the stage may take from its start; 0 = no deadline. */
        durationSeconds: z
          .number()
          .int()
          .min(0)
          .max(2 ** 32 - 1),
        departments: z
          .array(
            z.object({
              code: z.string().regex(DEPARTMENT_CODE_PATTERN),
              /** Distinct officers of the department who must sign (1-3). */
              quorum: z.number().int().min(1).max(3).default(1),
            }),
          )
          .min(1),
      }),
    )
    .min(1)
    .max(8),
});

/** A certificate type the deploy registers, owned by one of the city's departments. */
const certificateTypeSchema = z.object({
  code: z.string().regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
  department: z.string(),
  name: z.string().min(1).max(200),
  nameZh: z.string().optional(),
  /** Longest validity window in seconds; 0 for certificates that never expire (property titles). */
  maxValiditySeconds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  renewable: z.boolean(),
  suspendable: z.boolean(),
  /**
   * Contract-managed (fixed for good at registration): officers can never issue, renew, suspend, reinstate or
   * revoke it; only the contracts the deploy authorises (the property registry for its title and proof types).
   */
  managed: z.boolean().default(false),
  /**
   * A participant role (in `participantRoles`, owned by this type's department) whose accredited accounts issue
   * the type through AccreditedIssuance (e-bills: INVOICE_ISSUER). The type must be `managed`.
   */
  issuerRole: z.string().regex(DEPARTMENT_CODE_PATTERN).optional(),
});

/** A bill type (a certificate type) that reimbursing organisations lock and close through BillReimbursement. */
const reimbursableBillSchema = z.object({
  certificateType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** The participant role whose accredited accounts (employers, insurers, funds) reimburse it. */
  reimburserRole: z.string().regex(DEPARTMENT_CODE_PATTERN),
});

/** A participant role: organisations accredited in it by `department`'s officers (contracts/access/IParticipantRegistry.sol). */
const participantRoleSchema = z.object({
  code: z.string().regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
  department: z.string(),
  name: z.string().min(1).max(200),
  nameZh: z.string().optional(),
});

/** The property registry's wiring: who registers, which certificate types and which case type per transfer kind. */
const propertySchema = z.object({
  /** The department whose officers register units and run transfers. */
  registrar: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Certificate type (in `certificateTypes`) of the title certificate (不动产权证书). */
  titleCertificateType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Certificate type of the certificate of other rights (不动产登记证明), issued to mortgagees. */
  proofCertificateType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Case type (in `caseTypes`, owner "PropertyRegistry") per transfer kind; a kind left out is not offered. */
  transferCaseTypes: z.object({
    sale: z.string().optional(),
    inheritance: z.string().optional(),
    gift: z.string().optional(),
    courtOrder: z.string().optional(),
    newBuildSale: z.string().optional(),
  }),
  /**
   * Case type (owner "PropertyRegistry") of a bank's mortgage application; its stages must include the
   * registrar (the registry also refuses a mortgage case the registrar did not sign). Left out: no mortgages.
   */
  mortgageCaseType: z.string().optional(),
  /** Case type (owner "PropertyRegistry") releasing what a deactivated bank or court holds. Left out: none. */
  releaseCaseType: z.string().optional(),
});

/** Airport logistics wiring (services/airport-logistics.json): the Shipments contract's roles, kinds, case type. */
const airportLogisticsSchema = z.object({
  /** Case type (owner "Shipments") of a shipment's customs clearance. */
  clearanceCaseType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Participant role that creates shipments and runs their clearance (forwarders). */
  creatorRole: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Participant role that releases cleared shipments (the airport operator). */
  releaserRole: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Document kinds, each added only by the shipment's party in `role`; `required` ones before clearance. */
  documentKinds: z
    .array(
      z.object({
        kind: z.string().regex(DEPARTMENT_CODE_PATTERN),
        role: z.string().regex(DEPARTMENT_CODE_PATTERN),
        required: z.boolean(),
        name: z.string().min(1).max(200),
        nameZh: z.string().optional(),
      }),
    )
    .min(1)
    .max(16),
});

/** Port clearance wiring (services/port-clearance.json): the ContainerClearance contract's offices and roles. */
const portClearanceSchema = z.object({
  /** Case type (owner "ContainerClearance") of a container's clearance; it may span jurisdictions. */
  clearanceCaseType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Case type (owner "ContainerClearance") lifting another office's hold on a legal basis. */
  holdLiftCaseType: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Participant role that declares containers. */
  declarantRole: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Departments whose officers may hold containers (the customs offices of every jurisdiction). */
  customsOffices: z.array(z.string().regex(DEPARTMENT_CODE_PATTERN)).min(1).max(16),
  /** Participant roles whose accounts release containers (every jurisdiction's terminals). */
  terminalRoles: z.array(z.string().regex(DEPARTMENT_CODE_PATTERN)).min(1).max(16),
});

/**
 * District one-stop services (services/one-stop.json, docs/SERVICES.md): bundles (one application reviewed by
 * several departments, completed by issuing all of its managed certificate types at once, OneStopServices) and
 * unemployment benefits (a case type per district, UnemploymentBenefits).
 */
const oneStopSchema = z.object({
  bundles: z
    .array(
      z.object({
        /** Case type (owner "OneStopServices") of the application. */
        caseType: z.string().regex(DEPARTMENT_CODE_PATTERN),
        /** The department whose officers open and complete applications (a district's one-stop window). */
        opener: z.string().regex(DEPARTMENT_CODE_PATTERN),
        /** Managed certificate types issued together on completion (1-8). */
        certificateTypes: z.array(z.string().regex(DEPARTMENT_CODE_PATTERN)).min(1).max(8),
        /** Seconds the certificates are valid from completion; 0 = they never expire. */
        validitySeconds: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      }),
    )
    .default([]),
  unemployment: z
    .object({
      /** Each district's human-resources office and the case type (owner "UnemploymentBenefits") it approves. */
      districts: z.array(z.object({ department: z.string().regex(DEPARTMENT_CODE_PATTERN), caseType: z.string() })),
      /** Departments that record payments of every district's claims (the municipal bureau). */
      payers: z.array(z.string().regex(DEPARTMENT_CODE_PATTERN)).default([]),
      /** Exchange dataset labels (ids are `datasetId(label)`) of the employment and social-insurance records. */
      employmentDataset: z.string().min(1),
      insuranceDataset: z.string().min(1),
    })
    .optional(),
});

/**
 * Deposits, utility account transfers and tax audits around the register's transfers (EstateServices,
 * docs/SERVICES.md): the auditing department and the participant role of each utility provider.
 */
const estateSchema = z.object({
  /** The department whose officers record tax audits of declared prices (TAX). */
  auditor: z.string().regex(DEPARTMENT_CODE_PATTERN),
  /** Participant role (see `participantRoles`) of the providers of each utility whose account follows a unit. */
  utilityRoles: z.object({
    water: z.string().regex(DEPARTMENT_CODE_PATTERN),
    power: z.string().regex(DEPARTMENT_CODE_PATTERN),
    gas: z.string().regex(DEPARTMENT_CODE_PATTERN),
    heating: z.string().regex(DEPARTMENT_CODE_PATTERN),
  }),
  /** Case type (owner "EstateServices") on which the registrar releases a deposit whose bank was deactivated. */
  depositReleaseCaseType: z.string().optional(),
});

const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

/** The approving weight a class of proposals needs, and the seconds between approval and execution. */
const classRuleSchema = z.object({ threshold: z.number().int().min(1).max(65_535), delaySeconds: uint32 });

/** The AccessManager's scheduled operations expire after a week: an approved proposal must run within it. */
export const MAX_EXECUTION_WINDOW_SECONDS = 7 * 24 * 3600;

const councilSchema = z
  .object({
    description: z.string().optional(),
    /** Member departments and their weights; an admin of a member department approves for it. */
    members: z
      .array(
        z.object({
          department: z.string().regex(DEPARTMENT_CODE_PATTERN),
          weight: z.number().int().min(1).max(65_535),
        }),
      )
      .min(1)
      .max(32),
    classes: z.object({
      emergency: classRuleSchema,
      routine: classRuleSchema,
      sensitive: classRuleSchema,
      critical: classRuleSchema,
    }),
    /** Seconds a proposal has to reach its threshold. */
    votingPeriodSeconds: uint32.min(1),
    /** Seconds an approved proposal stays executable once its delay has passed. */
    executionWindowSeconds: uint32.min(1).max(MAX_EXECUTION_WINDOW_SECONDS),
  })
  .superRefine((council, ctx) => {
    const total = council.members.reduce((sum, m) => sum + m.weight, 0);
    for (const [name, rule] of Object.entries(council.classes)) {
      if (rule.threshold > total) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["classes", name, "threshold"],
          message: `${rule.threshold} is above the members' total weight ${total}: the council could never act`,
        });
      }
    }
  });

export type CouncilConfig = z.infer<typeof councilSchema>;
/** Which council the deploy hands the platform roles to. */
export type GovernanceProfile = "city" | "development";

const citySchema = z
  .object({
    city: z.string().min(1),
    description: z.string().optional(),
    governance: z.object({
      /** The committee that holds the platform roles after the deploy (docs/ARCHITECTURE.md "Governance"). */
      council: councilSchema,
      /** The one-member council of the in-process demo and local nodes (`--governance development`). */
      developmentCouncil: councilSchema,
      /** Seconds before a newly granted department admin can act. */
      adminGrantDelaySeconds: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
      /** Seconds between scheduling an upgrade and executing it. */
      upgradeDelaySeconds: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1),
    }),
    departments: z.array(departmentSchema).min(1),
    /** The city, its districts and neighbouring regions; the first without a parent is the city's own. */
    jurisdictions: z.array(jurisdictionSchema).optional(),
    /**
     * The folder (relative to the city file) whose `*.json` service definitions the city runs: each adds its
     * certificate types, case types and wiring to the sections below (docs/SERVICES.md).
     */
    servicesDir: z.string().min(1).optional(),
    /** Workflow case types the deploy registers (optional). */
    caseTypes: z.array(caseTypeSchema).optional(),
    certificateTypes: z.array(certificateTypeSchema).optional(),
    /** Datasets the services share (registered by their owners' officers, `govchain services apply`). */
    datasets: z.array(datasetSchema).optional(),
    /** Participant roles the deploy defines (organisations that act without being departments). */
    participantRoles: z.array(participantRoleSchema).optional(),
    /** The real-estate register (optional: without it the suite deploys no PropertyRegistry). */
    property: propertySchema.optional(),
    /** Airport logistics (optional: without it the suite deploys no Shipments). */
    airportLogistics: airportLogisticsSchema.optional(),
    /** Port clearance (optional: without it the suite deploys no ContainerClearance). */
    portClearance: portClearanceSchema.optional(),
    /** District one-stop services (optional: without it the suite deploys neither one-stop contract). */
    oneStop: oneStopSchema.optional(),
    /** Deposits, utilities and tax audits of the register's transfers (needs `property`; deploys EstateServices). */
    estate: estateSchema.optional(),
    enterpriseIdentity: enterpriseIdentitySchema.optional(),
    lending: lendingSchema.optional(),
    /** E-bills: bill types reimbursing organisations lock and close (with accredited issuers: BillReimbursement). */
    reimbursableBills: z.array(reimbursableBillSchema).optional(),
  })
  .superRefine((city, ctx) => {
    const jurisdictions = new Set<string>();
    city.jurisdictions?.forEach((j, i) => {
      const path = ["jurisdictions", i];
      if (jurisdictions.has(j.code)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path, "code"], message: `duplicate code ${j.code}` });
      }
      // A parent listed earlier: no cycles, and the list reads top-down.
      if (j.parent !== undefined && !jurisdictions.has(j.parent)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...path, "parent"],
          message: `unknown jurisdiction ${j.parent} (a parent is listed before its districts)`,
        });
      }
      jurisdictions.add(j.code);
    });
    const seen = new Set<string>();
    city.departments.forEach((d, i) => {
      if (seen.has(d.code)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["departments", i, "code"],
          message: `duplicate code ${d.code}`,
        });
      }
      seen.add(d.code);
      if (d.jurisdiction !== undefined && !jurisdictions.has(d.jurisdiction)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["departments", i, "jurisdiction"],
          message:
            jurisdictions.size === 0
              ? `unknown jurisdiction ${d.jurisdiction} (the city file lists no jurisdictions)`
              : `unknown jurisdiction ${d.jurisdiction} (known: ${[...jurisdictions].join(", ")})`,
        });
      }
    });
    const datasets = new Set<string>();
    city.datasets?.forEach((d, i) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["datasets", i, ...path], message });
      const key = `${d.owner}/${d.name}`;
      if (datasets.has(key)) issue(["name"], `duplicate dataset ${key}`);
      datasets.add(key);
      if (!seen.has(d.owner)) issue(["owner"], `unknown department ${d.owner}`);
      if (d.cosigner !== undefined && !seen.has(d.cosigner)) issue(["cosigner"], `unknown department ${d.cosigner}`);
      if (d.cosigner !== undefined && d.cosigner === d.owner) issue(["cosigner"], "must be another department");
      if ((d.classification === "confidential") !== (d.cosigner !== undefined)) {
        issue(["cosigner"], "a confidential dataset needs a co-signing department; other classifications none");
      }
    });
    const typeIds = new Set<string>();
    (city.caseTypes ?? []).forEach((t, i) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["caseTypes", i, ...path], message });
      if (typeIds.has(t.id)) issue(["id"], `duplicate case type ${t.id}`);
      typeIds.add(t.id);
      if (t.openerDepartment !== undefined && !seen.has(t.openerDepartment)) {
        issue(["openerDepartment"], `unknown department ${t.openerDepartment}`);
      }
      if (t.owner === DEPARTMENTS_OWNER && t.openerDepartment === undefined) {
        issue(["openerDepartment"], `required when owner is "${DEPARTMENTS_OWNER}"`);
      }
      const required = new Set<string>();
      t.stages.forEach((stage, s) =>
        stage.departments.forEach((d, j) => {
          if (!seen.has(d.code)) issue(["stages", s, "departments", j, "code"], `unknown department ${d.code}`);
          if (required.has(d.code)) issue(["stages", s, "departments", j, "code"], `${d.code} is listed twice`);
          required.add(d.code);
        }),
      );
      if (required.size > 16) issue(["stages"], `at most 16 departments per case type (got ${required.size})`);
    });
    const types = new Set<string>();
    city.certificateTypes?.forEach((t, i) => {
      if (types.has(t.code)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["certificateTypes", i, "code"],
          message: `duplicate code ${t.code}`,
        });
      }
      types.add(t.code);
      if (t.issuerRole !== undefined && !t.managed) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["certificateTypes", i, "issuerRole"],
          message: `certificate type ${t.code} must be "managed": accredited participants issue it through a contract`,
        });
      }
      if (!seen.has(t.department)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["certificateTypes", i, "department"],
          message: `unknown department ${t.department}`,
        });
      }
    });
    const roles = new Set<string>();
    city.participantRoles?.forEach((r, i) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["participantRoles", i, field], message });
      if (roles.has(r.code)) issue("code", `duplicate participant role ${r.code}`);
      roles.add(r.code);
      if (!seen.has(r.department)) issue("department", `unknown department ${r.department}`);
    });
    if (city.estate !== undefined) {
      const issue = (path: string[], message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["estate", ...path], message });
      if (city.property === undefined) issue([], "needs the property register (a `property` section)");
      if (!seen.has(city.estate.auditor)) issue(["auditor"], `unknown department ${city.estate.auditor}`);
      for (const [utility, role] of Object.entries(city.estate.utilityRoles)) {
        if (!roles.has(role)) issue(["utilityRoles", utility], `${role} is not a participant role of the city`);
      }
      const release = city.estate.depositReleaseCaseType;
      if (release !== undefined && city.caseTypes?.find((t) => t.id === release)?.owner !== "EstateServices") {
        issue(["depositReleaseCaseType"], `${release} is not a case type owned by "EstateServices"`);
      }
    }
    for (const key of ["council", "developmentCouncil"] as const) {
      const members = new Set<string>();
      city.governance[key].members.forEach((m, i) => {
        const path = ["governance", key, "members", i, "department"];
        if (!seen.has(m.department)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: `unknown department ${m.department}` });
        }
        if (members.has(m.department)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path, message: `${m.department} is listed twice` });
        }
        members.add(m.department);
      });
    }
    // E-bills: the roles named must be defined; an issuer role belongs to its type's department.
    const roleDepartment = new Map((city.participantRoles ?? []).map((r) => [r.code, r.department]));
    city.certificateTypes?.forEach((t, i) => {
      if (t.issuerRole === undefined) return;
      const department = roleDepartment.get(t.issuerRole);
      if (department !== t.department) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["certificateTypes", i, "issuerRole"],
          message:
            department === undefined
              ? `unknown participant role ${t.issuerRole}`
              : `participant role ${t.issuerRole} belongs to ${department}, not to the type's department ${t.department}`,
        });
      }
    });
    city.reimbursableBills?.forEach((b, i) => {
      const issue = (field: string, message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reimbursableBills", i, field], message });
      if (!types.has(b.certificateType)) issue("certificateType", `unknown certificate type ${b.certificateType}`);
      if (!roleDepartment.has(b.reimburserRole))
        issue("reimburserRole", `unknown participant role ${b.reimburserRole}`);
    });
    if (city.property !== undefined) {
      const issue = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["property", ...path], message });
      if (!seen.has(city.property.registrar)) issue(["registrar"], `unknown department ${city.property.registrar}`);
      for (const field of ["titleCertificateType", "proofCertificateType"] as const) {
        const type = city.certificateTypes?.find((t) => t.code === city.property?.[field]);
        if (type === undefined) issue([field], `unknown certificate type ${city.property[field]}`);
        else if (!type.managed)
          issue([field], `certificate type ${type.code} must be "managed": the property registry issues it`);
      }
      const owned = (path: string[], id: string) => {
        const caseType = city.caseTypes?.find((t) => t.id === id);
        if (caseType === undefined) issue(path, `unknown case type ${id}`);
        else if (caseType.owner !== "PropertyRegistry")
          issue(path, `case type ${id} must have owner "PropertyRegistry"`);
        return caseType;
      };
      for (const [kind, id] of Object.entries(city.property.transferCaseTypes)) {
        if (id !== undefined) owned(["transferCaseTypes", kind], id);
      }
      const registrar = city.property.registrar;
      const mortgage =
        city.property.mortgageCaseType === undefined
          ? undefined
          : owned(["mortgageCaseType"], city.property.mortgageCaseType);
      if (mortgage !== undefined && !mortgage.stages.some((s) => s.departments.some((d) => d.code === registrar))) {
        issue(["mortgageCaseType"], `case type ${mortgage.id} must require the registrar ${registrar}`);
      }
      if (city.property.releaseCaseType !== undefined) owned(["releaseCaseType"], city.property.releaseCaseType);
    }
    // Logistics: every case type named is owned by its contract, every customs office is a department.
    const ownedBy = (section: string, field: string, id: string, owner: string) => {
      const caseType = city.caseTypes?.find((t) => t.id === id);
      const message = caseType === undefined ? `unknown case type ${id}` : `case type ${id} must have owner "${owner}"`;
      if (caseType?.owner !== owner) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [section, field], message });
    };
    if (city.airportLogistics !== undefined) {
      ownedBy("airportLogistics", "clearanceCaseType", city.airportLogistics.clearanceCaseType, "Shipments");
    }
    if (city.portClearance !== undefined) {
      const port = city.portClearance;
      ownedBy("portClearance", "clearanceCaseType", port.clearanceCaseType, "ContainerClearance");
      ownedBy("portClearance", "holdLiftCaseType", port.holdLiftCaseType, "ContainerClearance");
      port.customsOffices.forEach((office, i) => {
        if (!seen.has(office)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["portClearance", "customsOffices", i],
            message: `unknown department ${office}`,
          });
        }
      });
    }
    if (city.oneStop !== undefined) checkOneStop(city.oneStop, city, seen, ctx);
    checkFinanceSections(city, seen, (path, message) => ctx.addIssue({ code: z.ZodIssueCode.custom, path, message }));
  });

/** The one-stop section names departments, managed certificate types and case types owned by its contracts. */
function checkOneStop(
  oneStop: z.infer<typeof oneStopSchema>,
  city: { caseTypes?: z.infer<typeof caseTypeSchema>[]; certificateTypes?: z.infer<typeof certificateTypeSchema>[] },
  departments: Set<string>,
  ctx: z.RefinementCtx,
) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["oneStop", ...path], message });
  const department = (path: (string | number)[], code: string) => {
    if (!departments.has(code)) issue(path, `unknown department ${code}`);
  };
  const owned = (path: (string | number)[], id: string, owner: string) => {
    const caseType = city.caseTypes?.find((t) => t.id === id);
    if (caseType === undefined) issue(path, `unknown case type ${id}`);
    else if (caseType.owner !== owner) issue(path, `case type ${id} must have owner "${owner}"`);
    return caseType;
  };
  oneStop.bundles.forEach((bundle, i) => {
    owned(["bundles", i, "caseType"], bundle.caseType, "OneStopServices");
    department(["bundles", i, "opener"], bundle.opener);
    bundle.certificateTypes.forEach((code, j) => {
      const type = city.certificateTypes?.find((t) => t.code === code);
      if (type === undefined) issue(["bundles", i, "certificateTypes", j], `unknown certificate type ${code}`);
      else if (!type.managed)
        issue(["bundles", i, "certificateTypes", j], `certificate type ${code} must be "managed"`);
    });
  });
  const unemployment = oneStop.unemployment;
  if (unemployment === undefined) return;
  unemployment.districts.forEach((d, i) => {
    department(["unemployment", "districts", i, "department"], d.department);
    const caseType = owned(["unemployment", "districts", i, "caseType"], d.caseType, "UnemploymentBenefits");
    if (caseType !== undefined && !caseType.stages.some((s) => s.departments.some((r) => r.code === d.department))) {
      issue(["unemployment", "districts", i, "caseType"], `case type ${d.caseType} must require ${d.department}`);
    }
  });
  unemployment.payers.forEach((code, i) => department(["unemployment", "payers", i], code));
}

/**
 * One service of the city (`services/<name>.json`): the certificate types, case types and wiring it adds. The
 * departments stay in the city file; a service names them.
 */
const serviceSchema = z
  .object({
    /** The service's code, unique in the city (the file is named after it). */
    service: z
      .string()
      .regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter"),
    name: z.string().min(1).max(200),
    nameZh: z.string().optional(),
    description: z.string().optional(),
    caseTypes: z.array(caseTypeSchema).optional(),
    certificateTypes: z.array(certificateTypeSchema).optional(),
    datasets: z.array(datasetSchema).optional(),
    participantRoles: z.array(participantRoleSchema).optional(),
    property: propertySchema.optional(),
    airportLogistics: airportLogisticsSchema.optional(),
    portClearance: portClearanceSchema.optional(),
    oneStop: oneStopSchema.optional(),
    estate: estateSchema.optional(),
    enterpriseIdentity: enterpriseIdentitySchema.optional(),
    lending: lendingSchema.optional(),
    reimbursableBills: z.array(reimbursableBillSchema).optional(),
  })
  .strict();

export type ServiceConfig = z.infer<typeof serviceSchema>;
/** The sections a service contributes to its city, in the city's own shape. */
const MERGED_SECTIONS = ["caseTypes", "certificateTypes", "datasets", "participantRoles", "reimbursableBills"] as const;

export type CityConfig = z.infer<typeof citySchema>;
export type DepartmentConfig = z.infer<typeof departmentSchema>;
export type CaseTypeConfig = z.infer<typeof caseTypeSchema>;
export type CertificateTypeConfig = z.infer<typeof certificateTypeSchema>;
export type PropertyConfig = z.infer<typeof propertySchema>;
export type JurisdictionConfig = z.infer<typeof jurisdictionSchema>;
export type DatasetConfig = z.infer<typeof datasetSchema>;

/** The city's own jurisdiction: the first one without a parent (undefined when the file lists none). */
export function cityJurisdiction(city: Pick<CityConfig, "jurisdictions">): JurisdictionConfig | undefined {
  return city.jurisdictions?.find((j) => j.parent === undefined);
}

/** The jurisdiction a department belongs to: its own, else the city's (undefined when the file lists none). */
export function departmentJurisdiction(
  city: Pick<CityConfig, "jurisdictions">,
  department: Pick<DepartmentConfig, "jurisdiction">,
): JurisdictionConfig | undefined {
  if (department.jurisdiction === undefined) return cityJurisdiction(city);
  return city.jurisdictions?.find((j) => j.code === department.jurisdiction);
}
export type ParticipantRoleConfig = z.infer<typeof participantRoleSchema>;
export type AirportLogisticsConfig = z.infer<typeof airportLogisticsSchema>;
export type PortClearanceConfig = z.infer<typeof portClearanceSchema>;
export type OneStopConfig = z.infer<typeof oneStopSchema>;
export type EstateConfig = z.infer<typeof estateSchema>;

export class CityConfigError extends Error {
  override name = "CityConfigError";
}

const configDir = path.dirname(fileURLToPath(import.meta.url));

/** The city file the deploy bootstraps from: `GOVCHAIN_CITY_CONFIG`, else Beijing's. */
export function cityConfigPath(): string {
  return process.env.GOVCHAIN_CITY_CONFIG ?? path.join(configDir, "beijing.json");
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CityConfigError(`cannot read ${what} ${file}: ${(error as Error).message}`, { cause: error });
  }
}

const describeIssues = (issues: readonly z.ZodIssue[], where: (path: (string | number)[]) => string) =>
  issues.map((issue) => `${where(issue.path)}: ${issue.message}`).join("; ");

const dotted = (path: (string | number)[]) => path.join(".") || "(root)";

/** Reads and validates one service definition; every problem is named with its JSON path. */
export function loadServiceConfig(file: string): ServiceConfig {
  const parsed = serviceSchema.safeParse(readJson(file, "service definition"));
  if (!parsed.success) {
    throw new CityConfigError(`invalid service definition ${file}: ${describeIssues(parsed.error.issues, dotted)}`);
  }
  return parsed.data;
}

/** The service definitions of a city file's `servicesDir`, in file-name order. */
export function loadServices(cityFile: string, servicesDir: string): { file: string; service: ServiceConfig }[] {
  const dir = path.resolve(path.dirname(cityFile), servicesDir);
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch (error) {
    throw new CityConfigError(`cannot read the services folder ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return names.sort().map((name) => ({ file: path.join(dir, name), service: loadServiceConfig(path.join(dir, name)) }));
}

/**
 * Reads and validates a city file and the services it runs; every problem is named with its file and JSON path
 * (a problem in a service's section is named in the service's file, not in the merged city).
 */
export function loadCityConfig(file: string = cityConfigPath()): CityConfig {
  const raw = readJson(file, "city config") as Record<string, unknown>;
  // Where each merged entry came from: "caseTypes.7" → [service file, its index there].
  const origin = new Map<string, [string, number]>();
  if (typeof raw === "object" && raw !== null && typeof raw.servicesDir === "string") {
    const services = loadServices(file, raw.servicesDir);
    const codes = new Map<string, string>();
    for (const { file: serviceFile, service } of services) {
      const earlier = codes.get(service.service);
      if (earlier !== undefined) {
        throw new CityConfigError(
          `invalid service definition ${serviceFile}: service: ${service.service} is also defined in ${earlier}`,
        );
      }
      codes.set(service.service, serviceFile);
      for (const section of MERGED_SECTIONS) {
        const own = (raw[section] ?? []) as unknown[];
        (service[section] ?? []).forEach((entry, index) => {
          origin.set(`${section}.${own.length}`, [serviceFile, index]);
          own.push(entry);
        });
        raw[section] = own;
      }
      for (const section of ["enterpriseIdentity", "lending"] as const) {
        if (service[section] === undefined) continue;
        if (raw[section] !== undefined) {
          throw new CityConfigError(`invalid service definition ${serviceFile}: ${section}: the city already has one`);
        }
        raw[section] = service[section];
      }
      if (service.property !== undefined) {
        if (raw.property !== undefined) {
          throw new CityConfigError(
            `invalid service definition ${serviceFile}: property: the city already has a property register`,
          );
        }
        raw.property = service.property;
      }
      for (const section of ["airportLogistics", "portClearance"] as const) {
        if (service[section] === undefined) continue;
        if (raw[section] !== undefined) {
          throw new CityConfigError(`invalid service definition ${serviceFile}: ${section}: the city already has one`);
        }
        raw[section] = service[section];
      }
      if (service.oneStop !== undefined) {
        if (raw.oneStop !== undefined) {
          throw new CityConfigError(
            `invalid service definition ${serviceFile}: oneStop: the city already has one-stop services`,
          );
        }
        raw.oneStop = service.oneStop;
      }
      if (service.estate !== undefined) {
        if (raw.estate !== undefined) {
          throw new CityConfigError(`invalid service definition ${serviceFile}: estate: the city already has one`);
        }
        raw.estate = service.estate;
      }
    }
  }
  const parsed = citySchema.safeParse(raw);
  if (!parsed.success) {
    const where = (issuePath: (string | number)[]) => {
      const from = origin.get(`${issuePath[0]}.${issuePath[1]}`);
      if (from === undefined) return `${file}: ${dotted(issuePath)}`;
      return `${from[0]}: ${dotted([issuePath[0], from[1], ...issuePath.slice(2)])}`;
    };
    throw new CityConfigError(`invalid city config: ${describeIssues(parsed.error.issues, where)}`);
  }
  return parsed.data;
}
