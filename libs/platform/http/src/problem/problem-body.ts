import { HttpException } from '@nestjs/common';
import { ProblemException, statusTitle, type ProblemDetails } from './problem-details';

/** What the filter answers for a thrown value, and whether it is a server failure to log. */
export interface ProblemAnswer {
  problem: ProblemDetails;
  headers: Record<string, string>;
  /** A failure no handler chose to answer (a bug, an outage): logged with the request id. */
  unexpected: boolean;
}

/** Fields of Nest's own error bodies (`{ statusCode, error, message }`) that become title and detail. */
const NEST_FIELDS = new Set(['statusCode', 'error', 'message']);

/**
 * The problem for anything a handler, guard, pipe or the router threw. A ProblemException is answered
 * as it is (a 503 with Retry-After was written for the client). Other HTTP exceptions below 500 keep
 * their status and message. Everything else is a 500 that says only that the server failed: what went
 * wrong stays in the log, never in the body.
 */
export function problemFor(exception: unknown, requestId: string | undefined): ProblemAnswer {
  const withId = (problem: ProblemDetails): ProblemDetails => (problem.status >= 500 && requestId ? { ...problem, requestId } : problem);
  if (exception instanceof ProblemException) return { problem: withId(exception.problem), headers: exception.headers, unexpected: false };
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const fields = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const title = typeof fields['error'] === 'string' ? fields['error'] : statusTitle(status);
    const extensions = Object.fromEntries(Object.entries(fields).filter(([key]) => !NEST_FIELDS.has(key)));
    return { problem: { type: 'about:blank', title, status, detail: withoutQuery(messageOf(response) ?? title), ...extensions }, headers: {}, unexpected: false };
  }
  const clientStatus = exposedClientErrorStatus(exception);
  if (clientStatus !== undefined) {
    const message = (exception as { message?: unknown }).message;
    const detail = typeof message === 'string' ? message : statusTitle(clientStatus);
    return { problem: { type: 'about:blank', title: statusTitle(clientStatus), status: clientStatus, detail }, headers: {}, unexpected: false };
  }
  const status = exception instanceof HttpException ? exception.getStatus() : 500;
  const detail = requestId ? `the server failed to answer this request; quote request id ${requestId} to the operators` : 'the server failed to answer this request';
  return { problem: withId({ type: 'about:blank', title: statusTitle(status), status, detail }), headers: {}, unexpected: true };
}

/** The router's "Cannot GET /path?query" without its query, which may carry a secret the caller mistyped. */
function withoutQuery(detail: string): string {
  return /^Cannot [A-Z]+ /.test(detail) ? detail.replace(/\?\S*$/, '') : detail;
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return undefined;
}

/**
 * The status of a client error raised outside Nest's exceptions: body parsers and the like
 * (http-errors) mark theirs with `status` and `expose: true`. Anything else is a server failure.
 */
function exposedClientErrorStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, expose } = exception as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}
