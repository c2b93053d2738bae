import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

/** The media type of every Quell error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * One invalid field of a request: where it is (`body`, `query`, `param`, …), its path and what is
 * wrong; an API may add members of its own (a rule file's `line`).
 */
export interface InvalidField {
  location: string;
  path: string;
  message: string;
  [member: string]: unknown;
}

/**
 * An RFC 9457 problem: `type` identifies the kind of problem (`about:blank` when the status says it
 * all), `title` is the status text, `detail` this occurrence. Other members are extensions that
 * clients may rely on (`errors`, `reason`).
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: InvalidField[];
  [extension: string]: unknown;
}

export interface ProblemOptions {
  /** A problem type URI; `urn:quell:problem:<name>` for Quell's own kinds. Default `about:blank`. */
  type?: string;
  /** Default: the status text (`Not Found`). */
  title?: string;
  errors?: InvalidField[];
  /** Extension members, e.g. `{ reason: 'pipeline_saturated' }`. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the refusal (`WWW-Authenticate`, `Retry-After`). */
  headers?: Record<string, string>;
}

/** An HTTP refusal that the problem filter answers as the problem it carries. */
export class ProblemException extends HttpException {
  readonly problem: ProblemDetails;
  readonly headers: Record<string, string>;

  constructor(problem: ProblemDetails, headers: Record<string, string> = {}) {
    super(problem, problem.status);
    this.problem = problem;
    this.headers = headers;
  }
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** A refusal with this status and detail: `throw problem(404, 'no rule "x"')`. */
export function problem(status: number, detail: string, options: ProblemOptions = {}): ProblemException {
  const body: ProblemDetails = {
    type: options.type ?? 'about:blank',
    title: options.title ?? statusTitle(status),
    status,
    detail,
    ...(options.errors ? { errors: options.errors } : {}),
    ...options.extensions,
  };
  return new ProblemException(body, options.headers);
}
