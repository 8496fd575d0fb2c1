import { z } from "zod";

import { DEPARTMENT_CODE_PATTERN } from "../sdk/access/departments.js";

const code = z
  .string()
  .regex(DEPARTMENT_CODE_PATTERN, "must be 1-31 characters of A-Z, 0-9 and _, starting with a letter");

/** A dataset a case pulls through the exchange, and the paper it replaces (shown to the applicant). */
const pulledDatasetSchema = z
  .object({
    /** Catalogue name, `OWNER/name` (SDK `datasetId` hashes it). */
    name: z.string().min(3),
    owner: code,
    /** The materials the bank no longer asks for once this dataset arrives through the exchange. */
    replaces: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * City Financial Electronic Identity (services/enterprise-identity.json): who issues identity credentials, the two
 * managed certificate types, the mandate scopes, and the account-opening case's exchanged datasets.
 */
export const enterpriseIdentitySchema = z
  .object({
    issuer: code,
    identityCertificateType: code,
    mandateCertificateType: code,
    /** Mandate actions: name → bit (a mandate's scope is a set of these). */
    scopes: z.record(code, z.number().int().min(0).max(63)),
    accountOpening: z
      .object({
        purpose: code,
        datasets: z.array(pulledDatasetSchema).min(1),
        /** What the bank still asks for in person (so the scenario shows both lists). */
        stillAsked: z.array(z.string().min(1)).default([]),
      })
      .strict(),
  })
  .strict();

/** SME finance (services/sme-finance.json): the lending registry's wiring and the lender's exchanged datasets. */
export const lendingSchema = z
  .object({
    /** The department whose officers record a legal basis for disclosing an enterprise's loan outcomes. */
    legalBasisDepartment: code,
    /** The exchange purpose of an enterprise's consent to disclose its loan outcomes to a lender. */
    disclosurePurpose: code,
    /** The exchange purpose of an enterprise's authorisation of a lender to read its standing. */
    creditPurpose: code,
    /** The participant role of lenders that are not banks (defined when the participant registry runs). */
    lenderRole: code,
    /** The certificate type receivables rest on (e-invoices); absent: receivables are not checked there. */
    receivableCertificateType: code.optional(),
    /**
     * The department through which lenders that are not banks (participants in `lenderRole`) receive exchange
     * grants: the LenderAccess contract, staffed as its officer, requests and reads for them, each accredited at
     * the moment it acts (docs/SERVICES.md). Absent: only bank departments read.
     */
    lenderDesk: code.optional(),
    datasets: z.array(pulledDatasetSchema).min(1),
    /** Amount bands: code → label (no amounts on chain). */
    amountBands: z.record(z.string().regex(/^[1-9]\d*$/), z.string().min(1)),
  })
  .strict();

export type EnterpriseIdentityConfig = z.infer<typeof enterpriseIdentitySchema>;
export type LendingConfig = z.infer<typeof lendingSchema>;

/** What {@link checkFinanceSections} reads of the merged city. */
interface FinanceCity {
  certificateTypes?: readonly { code: string; managed?: boolean }[];
  participantRoles?: readonly { code: string }[];
  property?: unknown;
  enterpriseIdentity?: EnterpriseIdentityConfig;
  lending?: LendingConfig;
}

/**
 * Cross-checks of the two sections against the rest of the city (departments known, certificate types managed by
 * the contract that issues them, the lender role defined), named by JSON path like every city check.
 */
export function checkFinanceSections(
  city: FinanceCity,
  departments: ReadonlySet<string>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const department = (path: (string | number)[], code: string) => {
    if (!departments.has(code)) issue(path, `unknown department ${code}`);
  };
  const identity = city.enterpriseIdentity;
  if (identity !== undefined) {
    department(["enterpriseIdentity", "issuer"], identity.issuer);
    for (const field of ["identityCertificateType", "mandateCertificateType"] as const) {
      const type = city.certificateTypes?.find((t) => t.code === identity[field]);
      if (type === undefined) issue(["enterpriseIdentity", field], `unknown certificate type ${identity[field]}`);
      else if (!type.managed) {
        issue(
          ["enterpriseIdentity", field],
          `certificate type ${type.code} must be "managed": EnterpriseMandates issues it`,
        );
      }
    }
    identity.accountOpening.datasets.forEach((d, i) =>
      department(["enterpriseIdentity", "accountOpening", "datasets", i, "owner"], d.owner),
    );
  }
  const lending = city.lending;
  if (lending !== undefined) {
    if (identity === undefined)
      issue(["lending"], "needs an enterpriseIdentity section (loans are signed by the representative)");
    if (city.property === undefined) issue(["lending"], "needs a property register (mortgage collateral)");
    department(["lending", "legalBasisDepartment"], lending.legalBasisDepartment);
    if (lending.lenderDesk !== undefined) department(["lending", "lenderDesk"], lending.lenderDesk);
    lending.datasets.forEach((d, i) => department(["lending", "datasets", i, "owner"], d.owner));
    if (!(city.participantRoles ?? []).some((r) => r.code === lending.lenderRole)) {
      issue(["lending", "lenderRole"], `unknown participant role ${lending.lenderRole}`);
    }
  }
}
