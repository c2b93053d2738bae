import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { BodyError } from './body-error';

/** The Content-Encodings a request body may arrive in; anything else is a 415. */
export const ACCEPTED_CONTENT_ENCODINGS = ['gzip', 'x-gzip', 'deflate', 'identity'] as const;

/**
 * Reads a request body, inflating gzip/deflate on the fly. `maxBytes` bounds the inflated size, so a
 * small compressed body that expands into gigabytes (a gzip bomb) is cut off at the limit: 413 above
 * it (from Content-Length before reading when declared), 415 for another encoding, 400 for a stream
 * that cannot be read or inflated. What a refused client still sends is drained, never kept.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    drain(req);
    throw new BodyError(413, `body is ${declared} bytes, the limit is ${maxBytes}`);
  }
  const stream = decoded(req);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        drain(req);
        // Destroying the request itself would close the socket before the 413 is written.
        if (stream !== req) stream.destroy();
        throw new BodyError(413, `body exceeds ${maxBytes} bytes${stream === req ? '' : ' once inflated'}`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    drain(req);
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, `body could not be read: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks);
}

/**
 * Discards what the client still sends after a refusal (over the limit, a corrupt gzip stream). The
 * body must stop feeding the inflater first: piped into a destroyed stream it would pause again, and
 * a body left unread stalls the next request on the same keep-alive connection.
 */
export function drain(req: IncomingMessage): void {
  req.unpipe();
  req.resume();
}

function decoded(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'gzip' || encoding === 'x-gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  if (encoding === 'identity') return req;
  drain(req);
  throw new BodyError(415, `Content-Encoding "${encoding}" is not supported (gzip, deflate or none)`);
}
