import type { FastifyInstance } from "fastify";

import { certificateStatusHistory } from "../../sdk/certificates/status-history.js";
import { parseAt } from "../at.js";
import type { GatewayContext } from "../context.js";
import { plain } from "../json.js";
import { notFound } from "../problem.js";
import { AT_QUERY, CODE, ERRORS, HASH, SDK_RESULT } from "../schemas.js";

interface Params {
  certType: string;
  certHash: string;
}

/** A singly issued certificate's status now or at a moment, with its record and its status history (reasons). */
export function certificateRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get<{ Params: Params; Querystring: { at?: string } }>(
    "/certificates/:certType/:certHash/status",
    {
      schema: {
        tags: ["certificates"],
        summary: "A certificate's status now, or at a moment",
        description:
          "The status the registry gives (exact across suspensions at `at`), the record, and every status change " +
          "with its reason. 404 when no such certificate was ever issued.",
        params: { type: "object", required: ["certType", "certHash"], properties: { certType: CODE, certHash: HASH } },
        querystring: AT_QUERY,
        response: { 200: SDK_RESULT("{ certType, certHash, status, at, record, history }"), ...ERRORS },
      },
    },
    async (request) => {
      const { certType, certHash } = request.params;
      const { certificates } = context.gov;
      const at = await parseAt(context, request.query.at);
      const id = { certType, certHash };
      const record = await certificates.record(id);
      if (record.status === "notIssued")
        throw notFound(
          `no ${certType} ${certHash} was issued singly on this registry (a batch leaf needs its document: POST /verify)`,
        );
      const status = at === undefined ? record.status : await certificates.status(id, { at: at.time });
      const history = await certificateStatusHistory(certificates, id, context.manifest.deploymentBlock);
      return plain({ certType, certHash, status, at: at ?? null, record, history });
    },
  );
}
