import { parseVendorTime } from '../cef/vendor-time';
import { transport } from '../cef/cef-mapping';
import { ParseError, type ParseContext, type ParsedRecord } from '../parsed-record';
import { parseSyslogPrefix } from '../syslog/syslog-prefix';
import { parseJavaDate } from './java-date-format';
import { leefToEcs } from './leef-mapping';

/**
 * IBM LEEF 1.0 `LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v` and LEEF 2.0, whose sixth
 * header field names the attribute delimiter: one character, or its hex code (`x09`, `0x5E`, `^`).
 * An optional syslog header before `LEEF:` supplies host and time.
 */
export function parseLeef(text: string, context: ParseContext): ParsedRecord {
  const at = text.search(/LEEF:[12]\.0\|/);
  if (at < 0) throw new ParseError('LEEF: no "LEEF:1.0|" or "LEEF:2.0|" header');
  const prefix = at > 0 ? parseSyslogPrefix(text.slice(0, at), context.receivedAt) : { fields: {} };
  const body = text.slice(at + 5);
  const version = body.slice(0, 3);
  const parts = body.split('|');
  // A LEEF 2.0 record whose sixth field is already an attribute has no delimiter field: tab.
  const headerCount = version === '2.0' && !(parts[5] ?? '').includes('=') ? 6 : 5;
  // LEEF 1.0 senders sometimes omit the pipe after EventID when there are no attributes.
  if (parts.length < headerCount) throw new ParseError(`LEEF: header has ${parts.length} of ${headerCount} "|"-separated fields`);
  const header = parts.slice(0, headerCount);
  const rest = parts.slice(headerCount).join('|');
  // PAN-OS writes LEEF 1.0 with "|" between attributes instead of the tab the format prescribes.
  const pipeSeparated = headerCount === 5 && !rest.includes('\t') && /\|[A-Za-z_][\w.-]*=/.test(rest);
  const delimiter = headerCount === 6 ? leefDelimiter(header[5]) : pipeSeparated ? '|' : '\t';
  const warnings: string[] = [];
  const original: Record<string, string> = {
    'leef.version': version,
    vendor: header[1],
    product: header[2],
    version: header[3],
    eventId: header[4],
  };
  for (const [key, value] of splitAttributes(rest, delimiter)) original[key] = value;

  const fields: Record<string, string> = {
    ...prefix.fields,
    'observer.vendor': header[1],
    'observer.product': header[2],
    'observer.version': header[3],
    'event.code': header[4],
    ...leefToEcs(original, header[4]),
  };
  const proto = original['proto'] ?? original['protocol'];
  if (proto) fields['network.transport'] = transport(proto);
  let time = prefix.time;
  const devTime = original['devTime'];
  if (devTime) {
    const format = original['devTimeFormat'];
    const parsed = format ? parseJavaDate(devTime, format) : parseVendorTime(devTime, context.receivedAt);
    if (parsed === undefined) warnings.push(`LEEF: unparseable devTime "${devTime}"${format ? ` (format "${format}")` : ''}`);
    else time = parsed;
  }
  if (time !== undefined) fields['@timestamp'] = new Date(time).toISOString();
  return { format: 'leef', time, fields, original, warnings };
}

/** LEEF 2.0 delimiter field: a literal character, or `xHH` / `0xHH` hex; empty means tab. */
export function leefDelimiter(field: string): string {
  const hex = /^(?:0?[xX])([0-9a-fA-F]{2,4})$/.exec(field);
  if (hex) return String.fromCharCode(parseInt(hex[1], 16));
  return field === '' ? '\t' : field[0];
}

/**
 * Attributes split on the delimiter. Many LEEF 1.0 senders use spaces instead of tabs; when the
 * delimiter never occurs, pairs are found the CEF way (a value runs until the next ` key=`).
 */
function splitAttributes(text: string, delimiter: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const chunks = text.includes(delimiter) || !/\s\S+=/.test(text) ? text.split(delimiter) : splitBeforeKeys(text);
  for (const chunk of chunks) {
    const eq = chunk.indexOf('=');
    if (eq > 0) pairs.push([chunk.slice(0, eq).trim(), chunk.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * `text.split(/\s+(?=[\w.-]+=)/)` in one pass: that expression retries the lookahead from every
 * blank of a run, quadratic on a long run of blanks.
 */
function splitBeforeKeys(text: string): string[] {
  const chunks: string[] = [];
  const blanks = /\s+/g;
  const key = /[\w.-]+=/y;
  let start = 0;
  for (let run = blanks.exec(text); run; run = blanks.exec(text)) {
    key.lastIndex = run.index + run[0].length;
    if (!key.test(text)) continue;
    chunks.push(text.slice(start, run.index));
    start = run.index + run[0].length;
  }
  chunks.push(text.slice(start));
  return chunks;
}
