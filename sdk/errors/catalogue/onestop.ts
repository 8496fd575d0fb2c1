import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const STATUS = ["none", "open", "returned", "approved", "rejected", "withdrawn", "expired", "consumed"];

/** District one-stop services: bundles (OneStopServices) and unemployment benefits (UnemploymentBenefits). */
export const oneStopErrors: ErrorCatalogue = {
  OneStopUnknownBundle: ["notFound", (a) => `no one-stop bundle is defined for case type ${showBytes32(a.caseType)}`],
  OneStopInvalidBundle: [
    "invalidArgument",
    (a) => `bundle ${showBytes32(a.caseType)} needs an opener and 1 to ${a.max} distinct non-zero certificate types`,
  ],
  OneStopZeroApplicant: ["invalidArgument", () => "the applicant commitment is zero"],
  OneStopInvalidConfig: ["invalidArgument", () => "the workflow or certificate registry address is zero"],
  UnemploymentBenefitsAlreadyPaid: [
    "conflict",
    (a) => `the beneficiary was already paid for ${a.period} (claim ${a.caseId}): nothing was recorded`,
  ],
  UnemploymentBenefitsCaseNotApproved: [
    "invalidState",
    (a) => `claim ${a.caseId} is ${STATUS[Number(a.status)] ?? a.status}, not approved: no payment`,
  ],
  UnemploymentBenefitsNotApprovedByDistrict: [
    "invalidState",
    (a) => `claim ${a.caseId} was not approved by its district ${showBytes32(a.district)}`,
  ],
  UnemploymentBenefitsUnknownClaim: ["notFound", (a) => `no unemployment claim has case id ${a.caseId}`],
  UnemploymentBenefitsUnknownDistrict: [
    "notFound",
    (a) => `${showBytes32(a.district)} opens no unemployment claims (no case type set)`,
  ],
  UnemploymentBenefitsNotPayer: [
    "unauthorized",
    (a) => `${showBytes32(a.department)} may not record payments of claim ${a.caseId}`,
  ],
  UnemploymentBenefitsEvidenceNotLive: [
    "invalidState",
    (a) => `evidence grant ${a.grantId} is not live (revoked, expired, consent revoked or exchange stopped)`,
  ],
  UnemploymentBenefitsEvidenceMismatch: [
    "invalidArgument",
    (a) =>
      `evidence grant ${a.grantId} is of dataset ${a.dataset} granted to ${showBytes32(a.grantee)}, not the expected one`,
  ],
  UnemploymentBenefitsConsentMismatch: [
    "invalidArgument",
    (a) => `evidence grant ${a.grantId} does not rest on the beneficiary's own consent`,
  ],
  UnemploymentBenefitsInvalidPeriod: [
    "invalidArgument",
    (a) => `${a.period} is not a month YYYYMM within the claim's months`,
  ],
  UnemploymentBenefitsInvalidClaim: [
    "invalidArgument",
    (a) => `a claim needs a beneficiary commitment and 1 to ${a.max} months`,
  ],
  UnemploymentBenefitsInvalidConfig: ["invalidArgument", () => "a wiring address or evidence dataset id is zero"],
};
