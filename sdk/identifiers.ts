/**
 * Check characters of the two identifiers Chinese services commit to: the resident identity
 * number (公民身份号码, GB 11643-1999) and the unified social credit code (统一社会信用代码,
 * GB 32100-2015). A typo in either makes a commitment nobody can ever match again, so the
 * check runs before anything is committed. Only the structure and the check character are
 * checked: whether the person or company exists is not something the SDK can know.
 */
import { ValidationError, type GovChainErrorOptions } from "./errors/base.js";

/** Which identifier a value was checked as. */
export type IdentifierKind = "residentId" | "creditCode";

const LABEL: Record<IdentifierKind, string> = {
  residentId: "resident ID number",
  creditCode: "unified social credit code",
};

/**
 * An identifier whose structure or check character is wrong. `position` is 1-based (18 for the
 * check character); `expected` is the check character the other 17 call for, when they are well formed.
 */
export class InvalidIdentifierError extends ValidationError {
  override name = "InvalidIdentifierError";
  constructor(
    field: string,
    readonly kind: IdentifierKind,
    readonly value: string,
    /** What is wrong, without the field and value (for callers that name them their own way). */
    readonly problem: string,
    readonly position?: number,
    readonly expected?: string,
    options: GovChainErrorOptions = {},
  ) {
    super(field, `${JSON.stringify(value)} is not a valid ${LABEL[kind]}: ${problem}`, options);
  }
}

// ── GB 11643-1999: 17 digits, then ISO 7064 MOD 11-2 (X stands for 10) ─────────────────────

/** Weight of position i (0-based) is 2^(17-i) mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The check character for each value of (weighted sum mod 11). */
const ID_CHECK = "10X98765432";

/** The check character (0-9 or X) of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new ValidationError("resident ID number", "needs 17 digits before the check");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

// ── GB 32100-2015: 17 characters of a 31-letter alphabet, then a MOD 31 check ─────────────────

/** The code's alphabet: digits and upper-case letters without I, O, S, V, Z; a character's value is its index. */
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** Weight of position i (0-based) is 3^i mod 31. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new ValidationError("unified social credit code", "needs 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new ValidationError("unified social credit code", `${first17[i]} is not in its alphabet`);
    sum += value * CREDIT_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

function fail(field: string, kind: IdentifierKind, value: string, why: string, position?: number, expected?: string) {
  return new InvalidIdentifierError(field, kind, value, why, position, expected);
}

/** The first problem with `value` as a resident ID number, or undefined when it is valid. */
export function residentIdProblem(value: string, field = "resident ID number"): InvalidIdentifierError | undefined {
  const kind = "residentId";
  if (value.length !== 18) return fail(field, kind, value, `it has ${value.length} characters, not 18`);
  const bad = [...value.slice(0, 17)].findIndex((c) => c < "0" || c > "9");
  if (bad >= 0) return fail(field, kind, value, `character ${bad + 1} (${value[bad]}) must be a digit`, bad + 1);
  const expected = residentIdCheckChar(value.slice(0, 17));
  const given = value[17];
  if (given === "x" && expected === "X") {
    return fail(field, kind, value, "write the check character as upper-case X", 18, expected);
  }
  if (given !== expected) {
    return fail(
      field,
      kind,
      value,
      `the check character (18th) is ${given}, the first 17 call for ${expected}`,
      18,
      expected,
    );
  }
  return undefined;
}

/** The first problem with `value` as a unified social credit code, or undefined when it is valid. */
export function creditCodeProblem(
  value: string,
  field = "unified social credit code",
): InvalidIdentifierError | undefined {
  const kind = "creditCode";
  if (value.length !== 18) return fail(field, kind, value, `it has ${value.length} characters, not 18`);
  const bad = [...value].findIndex((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad >= 0) {
    const c = value[bad];
    const why = /[a-z]/.test(c)
      ? `character ${bad + 1} (${c}) must be upper case`
      : `character ${bad + 1} (${c}) is not in the code's alphabet (digits and A-Y without I, O, S, V, Z)`;
    return fail(field, kind, value, why, bad + 1);
  }
  const expected = creditCodeCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return fail(
      field,
      kind,
      value,
      `the check character (18th) is ${value[17]}, the first 17 call for ${expected}`,
      18,
      expected,
    );
  }
  return undefined;
}

/** `value` if it is a valid resident ID number (GB 11643-1999), else an {@link InvalidIdentifierError}. */
export function requireResidentId(value: string, field?: string): string {
  const problem = residentIdProblem(value, field);
  if (problem !== undefined) throw problem;
  return value;
}

/** `value` if it is a valid unified social credit code (GB 32100-2015), else an {@link InvalidIdentifierError}. */
export function requireCreditCode(value: string, field?: string): string {
  const problem = creditCodeProblem(value, field);
  if (problem !== undefined) throw problem;
  return value;
}

export function isResidentId(value: string): boolean {
  return residentIdProblem(value) === undefined;
}

export function isCreditCode(value: string): boolean {
  return creditCodeProblem(value) === undefined;
}

/**
 * What a holder identifier is: a valid resident ID number or credit code (its kind), or
 * "other" for a value that is neither and does not look like a mistyped one (a passport
 * number, a foreign registration). A value that looks like one of the two (16 to 20 digits
 * and capitals, or any 18 letters and digits) but fails both checks is refused with the
 * problem of the likelier kind: a resident ID when its first 17 characters are digits.
 */
export function classifyIdentifier(value: string, field = "identifier"): IdentifierKind | "other" {
  if (isResidentId(value)) return "residentId";
  if (isCreditCode(value)) return "creditCode";
  const looksLikeOne = /^[0-9A-Z]{16,20}$/.test(value) || /^[0-9A-Za-z]{18}$/.test(value);
  if (!looksLikeOne) return "other";
  const asId = /^\d{17}/.test(value) || /^\d{16,17}$/.test(value);
  throw (asId ? residentIdProblem(value, field) : creditCodeProblem(value, field))!;
}

/** What is wrong with a holder identifier under {@link classifyIdentifier}'s rule, in words; undefined when it passes. */
export function identifierProblem(value: string): string | undefined {
  try {
    classifyIdentifier(value);
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidIdentifierError)) throw error;
    return `${JSON.stringify(value)} is not a valid ${LABEL[error.kind]}: ${error.problem}`;
  }
}
