import type { Event, RawEvent } from '@quell/contracts';
import { buildEvent } from './build-event';
import { takeParsedJson } from './parsed-payloads';
import { detectFormat } from './parsers/detect-format';
import { isRecordFormat, ParseError, type ParseContext } from './parsers/parsed-record';
import { PARSERS } from './parsers/parser-registry';

export interface NormalizeOptions {
  fieldMapping?: ParseContext['fieldMapping'];
}

/**
 * RawEvent → normalized Event: the declared format (RawEvent.format) or the detected one, its
 * parser, then the ECS-named fields onto the Event. Throws ParseError (permanent: the record goes
 * to the dead-letter topic with the reason) when no parser can read it.
 */
export function normalizeRecord(raw: RawEvent, now: number, options: NormalizeOptions = {}): Event {
  const text = raw.payload.toString('utf8');
  // Parsed already by ingest when it handed this very Buffer over in this process (see parsed-payloads).
  const json = takeParsedJson(raw.payload);
  const declared = raw.format ?? undefined;
  if (declared !== undefined && !isRecordFormat(declared)) throw new ParseError(`unknown format "${declared}"`);
  const format = declared ?? detectFormat(text);
  if (!format) throw new ParseError('format not recognized (declare it, e.g. the quell.format header)');
  const parser = PARSERS[format];
  if (!parser) throw new ParseError(`format "${format}" is not supported yet`);
  const parsed = parser(text, { receivedAt: raw.receivedAt, fieldMapping: options.fieldMapping, json });
  return buildEvent(parsed, raw, now, text);
}
