export {
  BenefitsClient,
  OneStopClient,
  type BenefitClaim,
  type BenefitPayment,
  type Bundle,
  type CompletedApplication,
} from "./client.js";
export { addMonths, benefitPeriod } from "./period.js";
