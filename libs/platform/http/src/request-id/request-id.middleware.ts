import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithLogContext } from '@quell/platform-observability';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';

/**
 * Gives every request its id (the client's X-Request-Id when acceptable, else a new one), echoes it
 * in the response's X-Request-Id, and runs the rest of the request inside a log context carrying it,
 * so every line logged while handling the request (errors, the bus, the access line) names it.
 */
export function requestIdMiddleware() {
  return (req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void => {
    const requestId = requestIdFor(req.headers[REQUEST_ID_HEADER]);
    req.id = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runWithLogContext({ requestId }, next);
  };
}
