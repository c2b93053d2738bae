import type { IncomingMessage } from 'node:http';
import { drain, problem, readBody } from '@quell/platform-http';
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
 * The request body as YAML text: a YAML or plain-text content type (or none), read by the kit's
 * body reader (gzip/deflate, at most `maxBytes` once inflated: 413 above, 415 for another
 * encoding), valid UTF-8, not empty.
 */
export async function readYamlBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== '' && !YAML_TYPES.has(type)) {
    drain(req);
    throw problem(415, `send the rule file as application/yaml (or text/plain), not ${type}`);
  }
  const body = await readBody(req, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw problem(400, 'the body is not valid UTF-8');
  }
  if (text.trim() === '') throw problem(400, 'the body is empty: send the YAML text of a rule file');
  return text;
}
