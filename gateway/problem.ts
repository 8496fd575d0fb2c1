/**
 * Errors as RFC 9457 problem details (`application/problem+json`: type, title, status, detail), and the one rule
 * that decides what a failure means for a caller. The rule is fail safe: only an answer the chain gave can be a
 * 404 or a failed check; anything that kept the question from being answered (node or database unreachable, an
 * index of another chain, an unexpected failure) is a 503 "cannot verify now" with the reason.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { IndexChainMismatchError, IndexUnavailableError } from "../indexer/errors.js";
import { GovChainError, ValidationError } from "../sdk/errors/base.js";
import { ContractRevertError, NotFoundError } from "../sdk/errors/contract.js";

export const PROBLEM_TYPE = "application/problem+json";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

/** A problem a route raises on purpose (a real not-found, a bad `at`). */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly slug: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

const typeOf = (slug: string) => `urn:govchain:problem:${slug}`;

export const notFound = (detail: string) => new ProblemError(404, "not found", detail, "not-found");
export const badRequest = (detail: string) => new ProblemError(400, "invalid request", detail, "invalid-request");
export const cannotVerify = (detail: string, extensions: Record<string, unknown> = {}) =>
  new ProblemError(503, "cannot verify now", detail, "cannot-verify-now", extensions);

/** How long a client should wait before asking again after a 503 (seconds). */
const RETRY_AFTER_SECONDS = 5;

/** The problem an error stands for (see the file comment for the rule). */
export function problemOf(error: unknown): Problem {
  const make = (status: number, title: string, slug: string, detail: string, extra: Record<string, unknown> = {}) => ({
    type: typeOf(slug),
    title,
    status,
    detail,
    ...extra,
  });
  if (error instanceof ProblemError) return make(error.status, error.title, error.slug, error.detail, error.extensions);
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (e?.validation !== undefined) return make(400, "invalid request", "invalid-request", e.message ?? "invalid");
  if (e?.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return make(413, "request too large", "too-large", e.message ?? "the request body is larger than allowed");
  }
  if (e?.statusCode === 429) {
    return make(429, "too many requests", "rate-limited", e.message ?? "rate limit exceeded");
  }
  // The chain answered: the thing does not exist.
  if (error instanceof NotFoundError) return make(404, "not found", "not-found", error.shortMessage);
  // Input the SDK refused before asking, or the contract refused as an argument: the caller's to fix.
  if (error instanceof ValidationError || (error instanceof ContractRevertError && !(error instanceof NotFoundError))) {
    return make(400, "invalid request", "invalid-request", (error as GovChainError).shortMessage);
  }
  // Fastify's own client errors (unsupported media type, malformed JSON, ...).
  if (
    typeof e?.statusCode === "number" &&
    e.statusCode >= 400 &&
    e.statusCode < 500 &&
    !(error instanceof GovChainError)
  ) {
    return make(e.statusCode, "invalid request", "invalid-request", e.message ?? "invalid request");
  }
  // Everything else kept the question from being answered: never a verdict.
  const reason =
    error instanceof IndexUnavailableError
      ? `the index database is unreachable: ${error.shortMessage}`
      : error instanceof IndexChainMismatchError
        ? `the index does not match the node: ${error.shortMessage}`
        : error instanceof GovChainError
          ? error.shortMessage
          : `${(error as Error)?.message ?? String(error)}`;
  return make(503, "cannot verify now", "cannot-verify-now", reason);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 503) reply.header("retry-after", String(RETRY_AFTER_SECONDS));
  return reply.code(problem.status).type(PROBLEM_TYPE).send(problem);
}

/** Every error and every unknown route becomes problem+json. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = problemOf(error);
    if (problem.status >= 500) request.log.warn({ err: error }, problem.detail);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: typeOf("not-found"),
      title: "not found",
      status: 404,
      detail: `no route ${request.method} ${request.url.split("?")[0]}`,
    }),
  );
}
