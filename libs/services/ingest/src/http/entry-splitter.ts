import { jsonNestingDepth, JsonTooDeepError, jsonValueDepth, MAX_JSON_DEPTH, parseJsonWithinDepth } from '@quell/input-limits';
import { rememberParsedJson, type RecordFormat } from '@quell/normalize';
import { isDeclaredFormat, recordFormatFor, DECLARABLE_FORMATS } from '../wire-formats';
import { BodyError } from '@quell/platform-http';

/** One entry of a request: ready to wrap in a RawEvent, or refused with the reason. */
export type Entry = { payload: Buffer; format: RecordFormat; contentType: string } | { reason: string };

export interface SplitOptions {
  contentType: string;
  /** The `format` query parameter; required for text/plain. */
  format: string | undefined;
  maxEventBytes: number;
  /** More entries than this refuse the whole body with a 413, before any entry is parsed. */
  maxEvents: number;
}

/**
 * Cuts a body into entries: one JSON object, a JSON array of objects, NDJSON (one object per line),
 * or text lines in a declared format. A bad entry (not an object, too large, nested deeper than
 * MAX_JSON_DEPTH) is refused alone; a body that cannot be cut at all (bad JSON, unknown format) is
 * refused whole with a 400.
 */
export function splitEntries(body: Buffer, options: SplitOptions): Entry[] {
  const mediaType = options.contentType.split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType === '') return jsonBody(body, options);
  if (mediaType === 'application/x-ndjson' || mediaType === 'application/jsonl') {
    return counted(lines(body), options).map((line) => {
      const size = Buffer.byteLength(line);
      return size > options.maxEventBytes ? tooLarge(size, options) : jsonEntry(line);
    });
  }
  if (mediaType === 'text/plain') return textBody(body, options);
  throw new BodyError(415, `Content-Type "${mediaType}" is not supported (application/json, application/x-ndjson, text/plain)`);
}

const TOO_DEEP = new JsonTooDeepError(MAX_JSON_DEPTH).message;

/** The items of a body, or a 413 when there are more than a request may hold. */
function counted<T>(items: T[], options: SplitOptions): T[] {
  if (items.length > options.maxEvents) throw new BodyError(413, `at most ${options.maxEvents} events per request, got ${items.length}`);
  return items;
}

function jsonBody(body: Buffer, options: SplitOptions): Entry[] {
  const { maxEventBytes } = options;
  let value: unknown;
  try {
    // V8 parses without recursion, so a deep body is safe here; what recurses is JSON.stringify
    // below (and the normalizer later), hence the depth check per entry before it.
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON: ${(error as Error).message}`);
  }
  return counted(Array.isArray(value) ? value : [value], options).map((item) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return { reason: 'an event must be a JSON object' };
    if (jsonValueDepth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { reason: TOO_DEEP };
    const payload = Buffer.from(JSON.stringify(item));
    if (payload.length > maxEventBytes) return { reason: `event is ${payload.length} bytes, the limit is ${maxEventBytes}` };
    return parsedEntry(payload, item as Record<string, unknown>);
  });
}

function jsonEntry(line: string): Entry {
  let item: unknown;
  try {
    item = parseJsonWithinDepth(line, MAX_JSON_DEPTH);
  } catch (error) {
    if (error instanceof JsonTooDeepError) return { reason: error.message };
    return { reason: `line is not valid JSON: ${(error as Error).message}` };
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { reason: 'an event must be a JSON object' };
  return parsedEntry(Buffer.from(line), item as Record<string, unknown>);
}

/** A JSON entry whose parse the normalizer takes over when it runs in this process (see rememberParsedJson). */
function parsedEntry(payload: Buffer, item: Record<string, unknown>): Entry {
  rememberParsedJson(payload, item);
  return { payload, format: 'json', contentType: 'application/json' };
}

function textBody(body: Buffer, options: SplitOptions): Entry[] {
  const declared = options.format;
  if (!declared) throw new BodyError(400, `text/plain needs a format query parameter, e.g. /v1/events?format=syslog (${DECLARABLE_FORMATS.join(', ')})`);
  if (!isDeclaredFormat(declared)) throw new BodyError(400, `unknown format "${declared}" (${DECLARABLE_FORMATS.join(', ')})`);
  const jsonLines = JSON_FORMATS.has(declared);
  return counted(lines(body), options).map((line) => {
    const payload = Buffer.from(line);
    if (payload.length > options.maxEventBytes) return tooLarge(payload.length, options);
    if (jsonLines && jsonNestingDepth(line, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { reason: TOO_DEEP };
    return { payload, format: recordFormatFor(declared, line), contentType: 'text/plain' };
  });
}

/** Declared formats whose lines are JSON documents, held to the same nesting limit as JSON bodies. */
const JSON_FORMATS: ReadonlySet<string> = new Set(['json', 'ocsf', 'windows']);

function tooLarge(size: number, options: SplitOptions): Entry {
  return { reason: `event is ${size} bytes, the limit is ${options.maxEventBytes}` };
}

function lines(body: Buffer): string[] {
  return body
    .toString('utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0);
}
