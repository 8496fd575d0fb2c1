/** JSON schemas shared by the routes (validation and the OpenAPI document). */

export const HASH = { type: "string", pattern: "^0x[0-9a-fA-F]{64}$", description: "32 bytes, hex" } as const;
export const CODE = {
  type: "string",
  pattern: "^[A-Z][A-Z0-9_]{0,30}$",
  description: "a department, certificate type or case type code",
} as const;

/** A govchain certificate document (sdk/certificates/document.ts), full or partly disclosed, with its proof. */
export const DOCUMENT = {
  type: "object",
  required: ["version", "certType", "issuer", "subject", "validFrom", "validUntil", "fields"],
  properties: {
    version: { type: "string", maxLength: 64 },
    certType: { type: "string", maxLength: 64 },
    issuer: { type: "string", maxLength: 64 },
    subject: { type: "string", maxLength: 66 },
    validFrom: { type: "integer", minimum: 0 },
    validUntil: { type: "integer", minimum: 0 },
    fields: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["salt", "value"],
        properties: { salt: { type: "string", maxLength: 66 }, value: {} },
      },
    },
    hiddenFields: { type: "array", items: { type: "string", maxLength: 66 } },
    proof: {
      type: "object",
      required: ["certHash"],
      properties: {
        certHash: { type: "string", maxLength: 66 },
        root: { type: "string", maxLength: 66 },
        merkleProof: { type: "array", maxItems: 64, items: { type: "string", maxLength: 66 } },
      },
    },
  },
} as const;

/** `?at=`: an ISO 8601 date or a block number. */
export const AT_QUERY = {
  type: "object",
  properties: {
    at: {
      type: "string",
      maxLength: 40,
      description: "the moment asked about: an ISO 8601 date (2026-05-01T00:00:00Z) or a block number (12345)",
    },
  },
} as const;

/** The problem+json body of every error. */
export const PROBLEM = {
  type: "object",
  description: "RFC 9457 problem details (application/problem+json)",
  additionalProperties: true,
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
  },
} as const;

/** Any JSON object: the SDK's result types, documented in sdk/ (bigints as decimal strings). */
export const SDK_RESULT = (description: string) => ({ type: "object", description, additionalProperties: true });

/** The responses every route shares besides its 200. */
export const ERRORS = {
  400: { ...PROBLEM, description: "invalid request" },
  404: { ...PROBLEM, description: "not found: the chain answered, and there is no such record" },
  429: { ...PROBLEM, description: "rate limit exceeded" },
  503: { ...PROBLEM, description: "cannot verify now: the node or the index database is unreachable" },
} as const;

export const TOO_LARGE = { 413: { ...PROBLEM, description: "the request body is larger than allowed" } } as const;
