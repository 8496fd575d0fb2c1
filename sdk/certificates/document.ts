import { encodeBytes32String, getBytes, hexlify, isHexString } from "ethers";

import { ValidationError } from "../errors/base.js";
import { DEPARTMENT_CODE_PATTERN, encodeDepartmentCode } from "../access/departments.js";
import { abiEncode, keccak, keccakHex, uintWord } from "./encoding.js";

/**
 * Canonical certificate documents with salted per-field hashes (selective disclosure).
 *
 *   fieldHash    = keccak256(abi.encode("govchain.field/1", name, salt, canonicalJson(value)))
 *   documentHash = keccak256(abi.encode("govchain.certificate/1", certType, issuer, subject,
 *                                       validFrom, validUntil, sort(fieldHashes)))
 *
 * ABI encoding carries every length, so no two (name, salt, value) triples encode alike; the
 * salt (32 random bytes per field) stops anyone guessing a hidden field from its hash. A holder
 * shows some fields and replaces the others with their hashes: the document hash is unchanged.
 * Only the document hash and the subject commitment ever reach the chain.
 */
export const DOCUMENT_VERSION = "govchain-certificate/1";

/** A JSON value a field may hold (objects are serialised with sorted keys). */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

export interface SaltedField {
  /** 32 random bytes, hex. */
  salt: string;
  value: FieldValue;
}

/** Where an issued document sits on chain: alone, or as a leaf of a Merkle batch. */
export interface CertificateProof {
  certHash: string;
  /** The batch's Merkle root (batch issuance only). */
  root?: string;
  /** The leaf's inclusion proof (batch issuance only). */
  merkleProof?: string[];
}

export interface CertificateDocument {
  version: typeof DOCUMENT_VERSION;
  /** The certificate type code, e.g. `BUSINESS_LICENCE`. */
  certType: string;
  /** The issuing department's code, e.g. `MARKET`. */
  issuer: string;
  /** Salted commitment to the holder (bytes32); see {@link commitSubject}. */
  subject: string;
  /** Unix seconds; the certificate is valid while validFrom <= t < validUntil. */
  validFrom: number;
  validUntil: number;
  /** Disclosed fields. */
  fields: Record<string, SaltedField>;
  /** Hashes of fields the holder chose not to disclose. */
  hiddenFields?: string[];
  /** Added once issued. */
  proof?: CertificateProof;
}

/** A document with its proof: what `issue` and `issueBatch` hand back. */
export type IssuedCertificate = CertificateDocument & { proof: CertificateProof };

export interface NewDocument {
  certType: string;
  issuer: string;
  subject: string;
  validFrom: number | bigint;
  validUntil: number | bigint;
  fields: Record<string, FieldValue>;
}

/** A validity end for certificates that never expire (fits the registry's 40-bit times). */
export const NO_EXPIRY = 2 ** 40 - 1;

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(value: FieldValue): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new ValidationError("field", "numbers must be finite");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
}

function requireBytes32(field: string, value: string): string {
  if (!isHexString(value, 32)) throw new ValidationError(field, `${JSON.stringify(value)} is not a 32-byte hex value`);
  return value.toLowerCase();
}

/** The salted hash of one field. */
export function fieldHash(name: string, field: SaltedField): string {
  return hexlify(fieldHashBytes(name, field));
}

function fieldHashBytes(name: string, field: SaltedField): Uint8Array {
  if (name.length === 0) throw new ValidationError("field", "field names must not be empty");
  return keccak(
    abiEncode([
      { kind: "string", value: "govchain.field/1" },
      { kind: "string", value: name },
      { kind: "word", value: getBytes(requireBytes32(`${name}.salt`, field.salt)) },
      { kind: "string", value: canonicalJson(field.value) },
    ]),
  );
}

/** bytes32 codes already checked and encoded (a batch names the same type and department 100,000 times). */
const encodedCodes = new Map<string, Uint8Array>();
function codeWord(kind: "type" | "department", code: string): Uint8Array {
  const key = `${kind}:${code}`;
  let word = encodedCodes.get(key);
  if (word === undefined) {
    word = getBytes(kind === "type" ? encodeCertificateType(code) : encodeDepartmentCode(code));
    if (encodedCodes.size < 1_000) encodedCodes.set(key, word);
  }
  return word;
}

/** A certificate type code as bytes32 (same rules as department codes). */
export function encodeCertificateType(code: string): string {
  if (!DEPARTMENT_CODE_PATTERN.test(code)) {
    throw new ValidationError(
      "certificate type",
      `${JSON.stringify(code)} must be 1-31 characters of A-Z, 0-9 and _, starting with a letter`,
    );
  }
  return encodeBytes32String(code);
}

function requireTime(field: string, value: number | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > NO_EXPIRY)
    throw new ValidationError(field, `${value} is not a unix time`);
  return n;
}

/**
 * Everything {@link documentHash} would reject, without hashing: `createDocument` validates with it
 * (hashing there too would cost a batch one more keccak pass over every field).
 */
function checkDocument(document: CertificateDocument): void {
  for (const [name, field] of Object.entries(document.fields)) {
    if (name.length === 0) throw new ValidationError("field", "field names must not be empty");
    requireBytes32(`${name}.salt`, field.salt);
    canonicalJson(field.value);
  }
  for (const h of document.hiddenFields ?? []) requireBytes32("hiddenFields", h);
  codeWord("type", document.certType);
  codeWord("department", document.issuer);
  requireBytes32("subject", document.subject);
  requireTime("validFrom", document.validFrom);
  requireTime("validUntil", document.validUntil);
}

function compareWords(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** The document hash: what the chain stores. Works on full and partly disclosed documents alike. */
export function documentHash(document: CertificateDocument): string {
  if (document.version !== DOCUMENT_VERSION) {
    throw new ValidationError("document", `unsupported version ${JSON.stringify(document.version)}`);
  }
  // Sorted as bytes: the same order as sorting their lowercase hex (kept as bytes, no hex round trip).
  const hashes = [
    ...Object.entries(document.fields).map(([name, field]) => fieldHashBytes(name, field)),
    ...(document.hiddenFields ?? []).map((h) => getBytes(requireBytes32("hiddenFields", h))),
  ].sort(compareWords);
  return keccakHex(
    abiEncode([
      { kind: "string", value: DOCUMENT_VERSION },
      { kind: "word", value: codeWord("type", document.certType) },
      { kind: "word", value: codeWord("department", document.issuer) },
      { kind: "word", value: getBytes(requireBytes32("subject", document.subject)) },
      { kind: "word", value: uintWord(requireTime("validFrom", document.validFrom)) },
      { kind: "word", value: uintWord(requireTime("validUntil", document.validUntil)) },
      { kind: "words", value: hashes },
    ]),
  );
}

/**
 * Random bytes drawn from the platform's CSPRNG (Web Crypto: Node and browsers alike) 8 KiB at a time: one system call per 256 salts instead of one
 * per salt (a 100,000-document batch draws 300,000 salts). Each byte is handed out once.
 */
const pool = new Uint8Array(8_192);
let poolUsed = pool.length;

/** A random 32-byte salt. */
export function randomSalt(): string {
  if (poolUsed + 32 > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolUsed = 0;
  }
  const salt = hexlify(pool.subarray(poolUsed, poolUsed + 32));
  pool.fill(0, poolUsed, poolUsed + 32);
  poolUsed += 32;
  return salt;
}

/**
 * The holder's commitment: keccak256(abi.encode("govchain.subject/1", id, salt)). The holder keeps
 * `salt` and may show (id, salt) to a verifier; the chain sees only the commitment.
 */
export function commitSubject(id: string, salt: string = randomSalt()): { commitment: string; salt: string } {
  if (id.length === 0) throw new ValidationError("subject", "the subject id must not be empty");
  const commitment = keccakHex(
    abiEncode([
      { kind: "string", value: "govchain.subject/1" },
      { kind: "string", value: id },
      { kind: "word", value: getBytes(requireBytes32("salt", salt)) },
    ]),
  );
  return { commitment, salt };
}

/** Builds a canonical document, salting each field with fresh random bytes. */
export function createDocument(input: NewDocument): CertificateDocument {
  const validFrom = requireTime("validFrom", input.validFrom);
  const validUntil = requireTime("validUntil", input.validUntil);
  if (validUntil <= validFrom) throw new ValidationError("validUntil", "must be after validFrom");
  const fields: Record<string, SaltedField> = {};
  for (const [name, value] of Object.entries(input.fields)) fields[name] = { salt: randomSalt(), value };
  const document: CertificateDocument = {
    version: DOCUMENT_VERSION,
    certType: input.certType,
    issuer: input.issuer,
    subject: requireBytes32("subject", input.subject),
    validFrom,
    validUntil,
    fields,
  };
  checkDocument(document); // codes and fields fail now rather than at issuance
  return document;
}

/** The same document showing only `names`; every other field becomes its hash. The document hash is unchanged. */
export function disclose<T extends CertificateDocument>(document: T, names: readonly string[]): T {
  const fields: Record<string, SaltedField> = {};
  const hidden = [...(document.hiddenFields ?? [])];
  for (const [name, field] of Object.entries(document.fields)) {
    if (names.includes(name)) fields[name] = field;
    else hidden.push(fieldHash(name, field));
  }
  for (const name of names) {
    if (!(name in document.fields)) throw new ValidationError("fields", `the document has no disclosed field ${name}`);
  }
  return { ...document, fields, hiddenFields: hidden.sort() };
}

/** The StandardMerkleTree leaf of a certificate hash (`["bytes32"]` encoding), as the registry checks it. */
export function batchLeaf(certHash: string): string {
  // abi.encode of one bytes32 is the 32 bytes themselves.
  return keccakHex(keccak(getBytes(requireBytes32("certHash", certHash))));
}
