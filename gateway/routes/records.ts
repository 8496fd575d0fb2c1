/** Histories, timelines, pending work and audit trails: the SDK's readers, through the index when there is one. */
import type { FastifyInstance } from "fastify";

import { auditToCsv, auditToJson } from "../../sdk/exchange/audit.js";
import { datasetId } from "../../sdk/exchange/hashing.js";
import type { GatewayContext } from "../context.js";
import { plain } from "../json.js";
import { badRequest, notFound } from "../problem.js";
import { CODE, ERRORS, HASH, SDK_RESULT } from "../schemas.js";

const UNIT = { type: "string", minLength: 1, maxLength: 64, description: "the unit number (不动产单元号)" } as const;

export function propertyRoutes(app: FastifyInstance, context: GatewayContext): void {
  const register = () => {
    if (context.gov.property === undefined) throw notFound("this deployment has no property register");
    return context.gov.property;
  };
  const unitParams = { type: "object", required: ["unitNumber"], properties: { unitNumber: UNIT } } as const;

  app.get<{ Params: { unitNumber: string }; Querystring: { case?: string } }>(
    "/property/units/:unitNumber/blockers",
    {
      schema: {
        tags: ["property"],
        summary: "Why a unit cannot be transferred now",
        description: "The SDK's transferCheck: live freezes (in effect or waiting), mortgages, the case's approval.",
        params: unitParams,
        querystring: {
          type: "object",
          properties: { case: { type: "string", pattern: "^\\d{1,20}$", description: "a transfer case id" } },
        },
        response: { 200: SDK_RESULT("{ unitNumber, transferable, blockers }"), ...ERRORS },
      },
    },
    async (request) => {
      const { unitNumber } = request.params;
      const check = await register().transferCheck(unitNumber, BigInt(request.query.case ?? "0"));
      if (check.blockers.some((b) => b.reason === "unknownUnit"))
        throw notFound(`unit ${unitNumber} is not registered`);
      return plain({ unitNumber, ...check });
    },
  );

  app.get<{ Params: { unitNumber: string } }>(
    "/property/units/:unitNumber/history",
    {
      schema: {
        tags: ["property"],
        summary: "A unit's whole history",
        description: "Registration, every title version, encumbrances with releases, transfer and mortgage cases.",
        params: unitParams,
        response: { 200: SDK_RESULT("UnitHistory"), ...ERRORS },
      },
    },
    async (request) => {
      const { unitNumber } = request.params;
      const property = register();
      if (!(await property.exists(unitNumber))) throw notFound(`unit ${unitNumber} is not registered`);
      return plain(await property.history(unitNumber));
    },
  );
}

export function workflowRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get<{ Params: { caseId: string } }>(
    "/cases/:caseId/timeline",
    {
      schema: {
        tags: ["workflow"],
        summary: "A case's timeline",
        description: "Every step of the case (opened, signatures, stages, decisions), oldest first, with block times.",
        params: {
          type: "object",
          required: ["caseId"],
          properties: { caseId: { type: "string", pattern: "^\\d{1,20}$" } },
        },
        response: { 200: SDK_RESULT("{ caseId, status, timeline: CaseTimelineEntry[] }"), ...ERRORS },
      },
    },
    async (request) => {
      const caseId = BigInt(request.params.caseId);
      const { workflow } = context.gov;
      const status = await workflow.status(caseId);
      if (status === "none") throw notFound(`there is no case ${caseId}`);
      return plain({ caseId, status, timeline: await workflow.timeline(caseId, { withTimestamps: true }) });
    },
  );

  app.get<{ Params: { code: string } }>(
    "/departments/:code/pending",
    {
      schema: {
        tags: ["workflow"],
        summary: "A department's pending work",
        description: "The open or returned cases whose current stage still needs the department's approval.",
        params: { type: "object", required: ["code"], properties: { code: CODE } },
        response: { 200: SDK_RESULT("{ department, pending: PendingCase[] }"), ...ERRORS },
      },
    },
    async (request) => {
      const { code } = request.params;
      await context.gov.access.department(code); // a NotFoundError (404) for an unknown department
      return plain({ department: code, pending: await context.gov.workflow.pendingWork(code) });
    },
  );
}

/** A dataset named by its id, or by its label `OWNER/name` (the id is the label's hash). */
function resolveDataset(value: string): string {
  if (new RegExp(HASH.pattern).test(value)) return value.toLowerCase();
  if (/^[A-Z][A-Z0-9_]{0,30}\/.+$/.test(value)) return datasetId(value);
  throw badRequest(`${JSON.stringify(value)} is neither a dataset id (32 bytes, hex) nor a label OWNER/name`);
}

export function exchangeRoutes(app: FastifyInstance, context: GatewayContext): void {
  app.get<{ Params: { dataset: string }; Querystring: { format?: "json" | "csv" } }>(
    "/datasets/:dataset/audit",
    {
      schema: {
        tags: ["exchange"],
        summary: "A dataset's audit trail (JSON or CSV)",
        description:
          "Every access to the dataset: grantee, purpose, grant, keyed query and response hashes, submitter, time. " +
          "CSV (the SDK's auditToCsv) with `Accept: text/csv` or `?format=csv`; JSON (auditToJson) otherwise. " +
          "The dataset is its id or its label `OWNER/name` (URL-encoded).",
        params: {
          type: "object",
          required: ["dataset"],
          properties: { dataset: { type: "string", minLength: 1, maxLength: 200 } },
        },
        querystring: { type: "object", properties: { format: { type: "string", enum: ["json", "csv"] } } },
        response: { 200: SDK_RESULT("{ dataset, entries: AuditEntry[] } (or text/csv)"), ...ERRORS },
      },
    },
    async (request, reply) => {
      const dataset = resolveDataset(request.params.dataset);
      const { exchange } = context.gov;
      const found = await exchange.dataset(dataset);
      if (found.owner === "") throw notFound(`there is no dataset ${dataset}`);
      const entries = await exchange.auditTrail({ dataset });
      const csv =
        request.query.format === "csv" ||
        (request.query.format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ""));
      if (csv) return reply.type("text/csv; charset=utf-8").send(auditToCsv(entries));
      return { dataset, entries: JSON.parse(auditToJson(entries)) as unknown };
    },
  );
}
