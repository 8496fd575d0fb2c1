import { ValidationError } from "../errors/base.js";

/**
 * A benefit month as the contract keys it: YYYYMM (202611). From a `Date` (its UTC month) or the number itself,
 * validated (month 1-12, year 2000-9999) so a bad period fails before sending.
 */
export function benefitPeriod(value: Date | number | string): number {
  const period =
    value instanceof Date ? value.getUTCFullYear() * 100 + value.getUTCMonth() + 1 : Number.parseInt(String(value), 10);
  const year = Math.floor(period / 100);
  const month = period % 100;
  if (!Number.isInteger(period) || year < 2000 || year > 9999 || month < 1 || month > 12) {
    throw new ValidationError("period", `${String(value)} is not a month YYYYMM`);
  }
  return period;
}

/** The `n`th month after `period` (YYYYMM), e.g. `addMonths(202611, 2)` is 202701. */
export function addMonths(period: number, n: number): number {
  const index = Math.floor(benefitPeriod(period) / 100) * 12 + (period % 100) - 1 + n;
  return Math.floor(index / 12) * 100 + (index % 12) + 1;
}
