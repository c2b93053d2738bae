import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id arrives in and is echoed back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Longest request id taken from a client; a longer one is replaced, not cut (a cut id would match nothing upstream). */
export const MAX_REQUEST_ID_LENGTH = 128;

// Letters, digits and the punctuation of common id formats (UUID, ULID, W3C trace ids, base64url,
// `service:host/123`): nothing that would break a log line, a header or a problem body.
const ACCEPTED_ID = new RegExp(`^[A-Za-z0-9._~:/+=@-]{1,${MAX_REQUEST_ID_LENGTH}}$`);

/** Whether a client's X-Request-Id is kept as the request's id. */
export function isAcceptableRequestId(value: string): boolean {
  return ACCEPTED_ID.test(value);
}

/**
 * The id of a request: the client's `X-Request-Id` when it is one acceptable value, else a new
 * UUID. A header given twice or holding spaces, control characters or 129+ characters is replaced
 * rather than refused, so a misbehaving proxy never costs the request itself.
 */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && isAcceptableRequestId(header) ? header : randomUUID();
}

/** The id given to a request by the kit's request-id middleware (also pino-http's `req.id`), if any. */
export function requestIdOf(req: IncomingMessage): string | undefined {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}
