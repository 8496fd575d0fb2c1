import { showBytes32 } from "../format.js";
import type { ErrorCatalogue } from "./types.js";

const STATUS_NAMES = ["not issued", "active", "suspended", "revoked", "expired", "superseded", "not yet valid"];
const status = (value: unknown) => STATUS_NAMES[Number(value)] ?? `in status ${String(value)}`;

export const certificateErrors: ErrorCatalogue = {
  CertificateRegistryInvalidType: ["invalidArgument", () => "the certificate type code is empty"],
  CertificateRegistryUnknownType: [
    "notFound",
    (a) => `no certificate type is registered as ${showBytes32(a.certType)}`,
  ],
  CertificateRegistryTypeExists: [
    "conflict",
    (a) => `certificate type ${showBytes32(a.certType)} is already registered`,
  ],
  CertificateRegistryUnknownDepartment: [
    "notFound",
    (a) => `no department is registered as ${showBytes32(a.department)}`,
  ],
  CertificateRegistryZeroHash: ["invalidArgument", () => "the certificate hash (or batch root) is zero"],
  CertificateRegistryAlreadyIssued: [
    "conflict",
    (a) => `${showBytes32(a.certType)} ${a.certHash} was already issued (a certificate or batch root is issued once)`,
  ],
  CertificateRegistryRevokedForever: [
    "invalidState",
    (a) => `${showBytes32(a.certType)} ${a.certHash} was revoked: revocation is final, it cannot be issued again`,
  ],
  CertificateRegistryValidityEnded: [
    "invalidArgument",
    (a) => `the validity window ended at ${a.validUntil}, before the issuance at ${a.timestamp}`,
  ],
  CertificateRegistryManagedType: [
    "unauthorized",
    (a) =>
      `certificates of type ${showBytes32(a.certType)} are managed by a contract: no officer can issue, renew, suspend, reinstate or revoke them`,
  ],
  CertificateRegistryUnmanagedType: [
    "invalidArgument",
    (a) => `type ${showBytes32(a.certType)} is issued by officers: no contract can be authorised for it`,
  ],
  CertificateRegistryInvalidValidity: [
    "invalidArgument",
    (a) =>
      `the validity window ${a.validFrom}-${a.validUntil} is empty or out of range (validUntil must be after validFrom)`,
  ],
  CertificateRegistryValidityTooLong: [
    "invalidArgument",
    (a) => `the validity window ${a.validFrom}-${a.validUntil} is longer than the type's maximum of ${a.maxValidity} s`,
  ],
  CertificateRegistryUnknownCertificate: [
    "notFound",
    (a) => `no certificate ${showBytes32(a.certType)} ${a.certHash} was issued`,
  ],
  CertificateRegistryUnknownBatch: [
    "notFound",
    (a) => `no batch of ${showBytes32(a.certType)} was issued under root ${a.root}`,
  ],
  CertificateRegistryEmptyBatch: ["invalidArgument", () => "a batch needs at least one certificate"],
  CertificateRegistryInvalidProof: [
    "invalidArgument",
    (a) => `the proof does not place certificate ${a.certHash} in batch ${a.root}`,
  ],
  CertificateRegistryInvalidStatus: [
    "invalidState",
    (a) => `${showBytes32(a.certType)} ${a.certHash} is ${status(a.status)}, which does not allow this action`,
  ],
  CertificateRegistryNotSuspendable: [
    "invalidState",
    (a) => `certificates of type ${showBytes32(a.certType)} cannot be suspended`,
  ],
  CertificateRegistryNotRenewable: [
    "invalidState",
    (a) => `certificates of type ${showBytes32(a.certType)} cannot be renewed`,
  ],
  CertificateRegistryUnauthorizedIssuer: [
    "unauthorized",
    (a) => `${a.account} is not a contract authorised for the managed type ${showBytes32(a.certType)}`,
  ],
  CertificateRegistryZeroAddress: ["invalidArgument", () => "the zero address is not allowed"],
  CertificateRegistryExpiredSignature: ["invalidState", (a) => `the signed request expired at ${a.deadline}`],
  CertificateRegistryInvalidSigner: [
    "unauthorized",
    (a) => `the request names signer ${a.signer} but was signed by ${a.recovered}`,
  ],
  // OpenZeppelin errors the registry can raise on the signature path
  InvalidAccountNonce: [
    "conflict",
    (a) => `nonce already used or out of order for ${a.account} (next nonce is ${a.currentNonce})`,
  ],
  ECDSAInvalidSignature: ["invalidArgument", () => "the signature is invalid"],
  ECDSAInvalidSignatureLength: ["invalidArgument", (a) => `the signature has invalid length ${a.length}`],
  ECDSAInvalidSignatureS: ["invalidArgument", () => "the signature's s value is malleable"],
};
