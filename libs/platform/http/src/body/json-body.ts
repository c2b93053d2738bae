import type { IncomingMessage } from 'node:http';
import { BodyError } from './body-error';
import { readBody } from './body-reader';

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json$/;

/**
 * The request body parsed as JSON (gzip/deflate inflated, at most `maxBytes` once inflated):
 * undefined when the request has none, 415 for another media type, 400 for text that is not JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const empty = req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined);
  if (empty && mediaType === '') return undefined;
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new BodyError(415, `Content-Type "${mediaType || '(none)'}" is not supported: send application/json`);
  }
  const body = await readBody(req, maxBytes);
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
}
