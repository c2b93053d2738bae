import type { ParseContext, ParsedRecord } from '../parsed-record';
import { extractFromMessage } from '../extractors/message-extractors';
import { readBsdHeader } from './bsd-header';
import { trimLineEnd } from '../text-edges';
import { priFields } from './syslog-pri';

/**
 * RFC 3164 / BSD syslog as devices really send it: `<PRI>` optional, `Mmm dd hh:mm:ss` (year
 * resolved against the receive time) or an RFC 3339 timestamp, hostname optional, a TAG with or
 * without `[pid]`. Anything unrecognised stays in the message, as RFC 3164 §4.3.3 prescribes for
 * relays, so this parser never rejects a line; it warns instead.
 */
export function parseSyslog3164(text: string, context: ParseContext): ParsedRecord {
  const header = readBsdHeader(trimLineEnd(text), context.receivedAt);
  const fields: Record<string, string> = { ...priFields(header.pri) };
  const original: Record<string, string> = {};
  if (header.timestamp !== undefined) original['timestamp'] = header.timestamp;
  if (header.time !== undefined) fields['@timestamp'] = new Date(header.time).toISOString();
  if (header.hostname !== undefined) fields['host.name'] = original['hostname'] = header.hostname;
  if (header.tag !== undefined) fields['process.name'] = original['tag'] = header.tag;
  if (header.pid !== undefined) {
    original['pid'] = header.pid;
    if (/^\d+$/.test(header.pid)) fields['process.pid'] = header.pid;
  }
  if (header.message !== '') fields['message'] = header.message;
  const extracted = extractFromMessage(header.message, header.tag);
  Object.assign(fields, extracted.fields);
  Object.assign(original, extracted.original);
  return { format: 'syslog3164', time: header.time, fields, original, warnings: header.warnings };
}
