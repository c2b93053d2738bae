import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@quell/platform-observability';
import { pinoHttp } from 'pino-http';
import { requestIdOf } from '../request-id/request-id';
import { redactedHeaders, redactedUrl } from './sensitive-names';

export interface AccessLogOptions {
  /** The service's pino logger: access lines share its destination, level, redaction and log context. */
  logger: Logger;
  /** The tenant a request was authenticated as, once known (read when the response is finished). */
  tenantOf?: (req: IncomingMessage) => string | undefined;
  /** Paths whose successful answers are logged at debug: probes and scrapes every few seconds. */
  quietPaths?: RegExp;
}

/** Kubernetes probes, the Prometheus scrape and the OpenAPI document. */
export const DEFAULT_QUIET_PATHS = /^\/(health\/(live|ready)|metrics|openapi\.json)\/?(\?|$)/;

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; originalUrl?: string };

/**
 * One line per request, written when the response is finished (or the client went away): method,
 * route template, status, duration, request id, tenant when known, and the request's headers and
 * URL with every secret replaced by name. 5xx answers are logged at error level.
 */
export function accessLogMiddleware(options: AccessLogOptions) {
  const quietPaths = options.quietPaths ?? DEFAULT_QUIET_PATHS;
  const tenantOf = options.tenantOf ?? (() => undefined);
  const accessLine = (req: RoutedRequest, res: ServerResponse, durationMs: number) => ({
    requestId: requestIdOf(req),
    method: req.method,
    route: routeOf(req),
    url: redactedUrl(req.originalUrl ?? req.url ?? ''),
    status: res.statusCode,
    durationMs,
    tenant: tenantOf(req),
    ...(res.writableEnded ? {} : { aborted: true }),
    requestBytes: Number(req.headers['content-length'] ?? 0) || undefined,
    responseBytes: Number(res.getHeader('content-length') ?? 0) || undefined,
    headers: redactedHeaders(req.headers),
  });
  return pinoHttp<RoutedRequest, ServerResponse>({
    logger: options.logger,
    // The request-id middleware runs first; this only covers an app that left it out.
    genReqId: (req) => requestIdOf(req) ?? 'none',
    // No per-request child binding of the id: the log context already carries it, and a binding
    // would write the key twice on each line.
    quietResLogger: true,
    wrapSerializers: false,
    serializers: { req: (req: RoutedRequest) => ({ method: req.method, url: redactedUrl(req.url ?? '') }) },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      return res.statusCode < 400 && quietPaths.test(req.url ?? '') ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, fields: { responseTime: number }) => accessLine(req, res, fields.responseTime),
    customErrorObject: (req, res, error, fields: { responseTime: number }) => ({
      ...accessLine(req, res, fields.responseTime),
      // pino-http invents an error for a plain 5xx answer; only a real one is worth its stack.
      ...(error.message.startsWith('failed with status code') ? {} : { err: error }),
    }),
    customSuccessMessage: () => 'http request',
    customErrorMessage: () => 'http request failed',
  });
}

/** The route template Express matched (`/v1/rules/:id`), so lines of one route group together. */
function routeOf(req: RoutedRequest): string | undefined {
  const path = req.route?.path;
  return typeof path === 'string' ? path : undefined;
}
