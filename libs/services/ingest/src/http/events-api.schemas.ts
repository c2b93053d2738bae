import { z } from 'zod';
import type { ApiBodyOptions } from '@quell/platform-http';
import { DECLARABLE_FORMATS } from '../wire-formats';

/** A query parameter given once, as text (`?source=a&source=b` or `?source[x]=` is a 400). */
const once = (name: string) => z.string({ error: `query parameter ${name} must be given once, as text` }).optional();

/**
 * The events route's query, validated by its pipe and documented from the same schema. An unknown
 * parameter is a 400 (as on the other routes): a misspelt `format` or `source` would otherwise be dropped.
 */
export const ingestQuerySchema = z.strictObject({
  tenant: once('tenant').describe("The tenant the caller expects its key to belong to: 403 when it is another (the key alone decides the tenant)."),
  source: once('source').describe('Source name put on the events (its first 200 characters; default `http`).'),
  format: z
    .enum(DECLARABLE_FORMATS, {
      error: (issue) =>
        typeof issue.input === 'string' ? `unknown format "${issue.input}" (${DECLARABLE_FORMATS.join(', ')})` : 'query parameter format must be given once, as text',
    })
    .optional()
    .describe('Format of text/plain lines (required for text/plain); `syslog` picks RFC 5424 or 3164 per line.'),
});

export type IngestQuery = z.output<typeof ingestQuerySchema>;

const entryResultSchema = z.discriminatedUnion('status', [
  z.object({ index: z.number().int(), status: z.literal('accepted'), id: z.string().describe('The event id; the same on a retry with the same Idempotency-Key.') }),
  z.object({ index: z.number().int(), status: z.literal('rejected'), reason: z.string() }),
]);

export const ingestAnswerSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(entryResultSchema).describe('One result per entry of the body, in order.'),
});

export type EntryResult = z.output<typeof entryResultSchema>;

const jsonEvent = { type: 'object', description: 'One event: any JSON object (ECS, OCSF, Winlogbeat, …).' };

/** What the events route reads from the request stream itself (gzip or deflate, within INGEST_MAX_BODY_BYTES once inflated). */
export const ingestBody: ApiBodyOptions = {
  description:
    'Events as one JSON object, a JSON array of objects, NDJSON, or text lines in the `format` of the query; optionally `Content-Encoding: gzip` or `deflate`. A bad entry is rejected alone (see `results`); a body that cannot be cut into entries is refused whole.',
  content: {
    'application/json': { schema: { oneOf: [jsonEvent, { type: 'array', items: jsonEvent }] } },
    'application/x-ndjson': { schema: { type: 'string', description: 'One JSON object per line.' }, example: '{"message":"a"}\n{"message":"b"}\n' },
    'application/jsonl': { schema: { type: 'string', description: 'One JSON object per line.' } },
    'text/plain': { schema: { type: 'string', description: 'One record per line, in the format named by `?format=`.' }, example: '<34>1 2026-12-02T10:00:00Z web-1 sshd 42 - - Failed password for root\n' },
  },
};
