/**
 * Verification: the SDK's `CertificatesClient.verify` / `verifyMany` decide (one verification rule for the SDK,
 * the CLI, the page and the gateway). The single route adds what a person needs to read the answer, as the page
 * does: the reason of a suspension or revocation and the renewal chain.
 */
import type { FastifyInstance } from "fastify";

import type { CertificateRecord, VerificationResult } from "../../sdk/certificates/client.js";
import type { CertificateDocument } from "../../sdk/certificates/document.js";
import { certificateStatusHistory, type CertificateStatusChange } from "../../sdk/certificates/status-history.js";
import { parseAt } from "../at.js";
import type { GatewayContext } from "../context.js";
import { plain } from "../json.js";
import { AT_QUERY, DOCUMENT, ERRORS, SDK_RESULT, TOO_LARGE } from "../schemas.js";

export interface VerifyLimits {
  /** The most documents one batch may carry. */
  maxBatch: number;
  /** The batch route's body limit in bytes (the others use the server's). */
  batchBodyLimit: number;
}

/** The latest change into the current status (its reason), and the renewals that followed, as the page shows. */
export async function explain(
  context: GatewayContext,
  document: CertificateDocument,
  result: VerificationResult,
): Promise<{ statusChange?: CertificateStatusChange; renewals: CertificateRecord[] }> {
  const { certificates } = context.gov;
  const record = result.record;
  const renewals: CertificateRecord[] = [];
  if (record === undefined || record.status === "notIssued") return { renewals };
  let statusChange: CertificateStatusChange | undefined;
  if (record.status === "suspended" || record.status === "revoked" || record.status === "superseded") {
    const ref =
      document.proof?.root !== undefined
        ? { ...document, proof: document.proof }
        : { certType: document.certType, certHash: result.certHash };
    const history = await certificateStatusHistory(certificates, ref, context.manifest.deploymentBlock);
    statusChange = history.filter((c) => c.change === record.status).at(-1);
  }
  // A renewal names its successor: follow them forward (a handful at most in practice).
  let next = record.supersededBy;
  while (next !== undefined && renewals.length < 20) {
    const successor = await certificates.record({ certType: document.certType, certHash: next });
    renewals.push(successor);
    next = successor.supersededBy;
  }
  return { statusChange, renewals };
}

export function verifyRoutes(app: FastifyInstance, context: GatewayContext, limits: VerifyLimits): void {
  app.post<{ Body: CertificateDocument; Querystring: { at?: string } }>(
    "/verify",
    {
      schema: {
        tags: ["certificates"],
        summary: "Verify a certificate document",
        description:
          "Each check of the SDK's verification (integrity, issued, status, issuer, type, validity window), " +
          "the reason of a suspension or revocation, and the renewal chain. A tampered or unknown document is a " +
          "200 with failed checks; 503 when the chain cannot be asked (never a false verdict).",
        body: DOCUMENT,
        querystring: AT_QUERY,
        response: { 200: SDK_RESULT("VerificationResult + statusChange + renewals"), ...TOO_LARGE, ...ERRORS },
      },
    },
    async (request) => {
      const document = request.body;
      const at = await parseAt(context, request.query.at);
      const result = await context.gov.certificates.verify(document, at === undefined ? {} : { at: at.time });
      return plain({ ...result, ...(await explain(context, document, result)) });
    },
  );

  app.post<{ Body: { documents: CertificateDocument[] } }>(
    "/verify/batch",
    {
      bodyLimit: limits.batchBodyLimit,
      schema: {
        tags: ["certificates"],
        summary: "Verify many certificate documents",
        description:
          "The SDK's chunked verifyMany: the same checks and reasons as /verify for each document, in input " +
          "order, read at one block.",
        body: {
          type: "object",
          required: ["documents"],
          properties: { documents: { type: "array", minItems: 1, maxItems: limits.maxBatch, items: DOCUMENT } },
        },
        response: { 200: SDK_RESULT("{ results: VerificationResult[] }"), ...TOO_LARGE, ...ERRORS },
      },
    },
    async (request) => ({ results: plain(await context.gov.certificates.verifyMany(request.body.documents)) }),
  );
}
