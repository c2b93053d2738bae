import type { IncomingMessage, ServerResponse } from 'node:http';
import { Catch, Inject, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { requestIdOf } from '../request-id/request-id';
import { problemFor } from './problem-body';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/**
 * Answers every HTTP error as RFC 9457 problem+json (see problemFor). Registered globally by
 * HttpApiModule. Outside HTTP (the bus handlers of a hybrid app) it rethrows, so the transport's
 * delivery policy still sees the original error and its `retriable` flag.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Optional() @Inject(LOGGER) private readonly logger?: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = rawResponse(http.getResponse());
    const requestId = requestIdOf(req);
    const { problem, headers, unexpected } = problemFor(exception, requestId);
    // The path only: a query string may carry a secret (the access log redacts those by name).
    if (unexpected) this.logger?.error({ err: exception, requestId, method: req.method, path: req.url?.split('?')[0] }, 'HTTP request failed');
    // A refusal before the body was read (401, 403, 400) leaves it unread: drain it, or the next
    // request on this keep-alive connection would wait behind it.
    if (!req.readableEnded) {
      req.unpipe();
      req.resume();
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const body = JSON.stringify(problem);
    res.statusCode = problem.status;
    res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}

/** Node's ServerResponse under Express (which extends it) or Fastify (`reply.raw`). */
function rawResponse(response: ServerResponse | { raw: ServerResponse }): ServerResponse {
  return 'raw' in response && response.raw ? response.raw : (response as ServerResponse);
}
