import type { IncomingMessage } from 'node:http';
import { problem } from '@quell/platform-http';
import { z } from 'zod';

/**
 * A rule file name the API may write: one path segment ending in .yml, from a small alphabet, so
 * no `..`, no separator and no hidden or temp file can be named, however the URL was encoded.
 */
export const ruleFileNameSchema = z
  .string()
  .max(128, 'at most 128 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.yml$/, 'a file name of letters, digits, "-", "_" and single dots, ending in .yml (no directories)');

/** A Sigma rule id (UUID) or name. */
export const ruleRefSchema = z
  .string()
  .min(1)
  .max(256)
  .refine((ref) => ![...ref].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), 'no control characters');

export const validateQuerySchema = z.object({ file: ruleFileNameSchema.optional() }).strict();

const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']);

/**
 * The request body as YAML text: a YAML or plain-text content type (or none), at most `maxBytes`
 * (413 above, checked while reading, not only from Content-Length), valid UTF-8, not empty.
 */
export async function readYamlBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && !YAML_TYPES.has(type)) {
    req.resume();
    throw problem(415, `send the rule file as application/yaml (or text/plain), not ${type}`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw problem(413, `body is ${declared} bytes, the limit is ${maxBytes}`);
  }
  const body = await collect(req, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw problem(400, 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw problem(400, 'the body is empty: send the YAML text of a rule file');
  return text;
}

/**
 * Reads the body up to `maxBytes`. Past the limit it answers at once and drains the rest without
 * keeping it: destroying the request would close the socket the 413 must go out on.
 */
function collect(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(problem(413, `body exceeds ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!refused) reject(problem(400, `body could not be read: ${error.message}`));
    });
  });
}
