import { ValidationError } from "../errors/base.js";
import { documentHash, type CertificateDocument, type IssuedCertificate } from "./document.js";
import { buildBatchTree } from "./merkle.js";

/**
 * A Merkle batch ready to send: every document hashed once, the tree built, each document
 * wrapped with its final proof. The root and proofs depend only on the documents, never on the
 * chain, so the files written before sending already hold what a holder needs once the batch's
 * transaction is confirmed.
 */
export interface PreparedBatch {
  certType: string;
  issuer: string;
  validFrom: number;
  validUntil: number;
  root: string;
  /** Each document with its proof (certHash, root, merkleProof), in input order. */
  certificates: IssuedCertificate[];
}

/**
 * Hashes, checks and builds the Merkle batch of `documents` (one type, issuer and validity
 * window; no document twice). Costs about seven keccak hashes per document (four for a
 * three-field document's hash, three in the tree).
 */
export function prepareBatch(documents: readonly CertificateDocument[]): PreparedBatch {
  if (documents.length === 0) throw new ValidationError("documents", "a batch needs at least one document");
  const [first] = documents;
  for (const d of documents) {
    if (d.certType !== first.certType || d.issuer !== first.issuer) {
      throw new ValidationError("documents", "every document of a batch must have the same type and issuer");
    }
    if (d.validFrom !== first.validFrom || d.validUntil !== first.validUntil) {
      throw new ValidationError("documents", "every document of a batch must have the same validity window");
    }
  }
  const hashes = documents.map(documentHash);
  if (new Set(hashes).size !== hashes.length) {
    throw new ValidationError("documents", "the batch holds the same document twice");
  }
  const tree = buildBatchTree(hashes);
  const root = tree.root;
  return {
    certType: first.certType,
    issuer: first.issuer,
    validFrom: Number(first.validFrom),
    validUntil: Number(first.validUntil),
    root,
    certificates: documents.map((d, i) => ({ ...d, proof: { certHash: hashes[i], root, merkleProof: tree.proof(i) } })),
  };
}
