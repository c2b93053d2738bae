import { ParseError, type ParsedRecord } from '../parsed-record';
import { extractFromMessage } from '../extractors/message-extractors';
import { trimLineEnd } from '../text-edges';
import { parseRfc3339 } from './rfc3339-time';
import { priFields, readPri } from './syslog-pri';
import { readStructuredData, type SdElement } from './structured-data';

const NIL = '-';
const BOM = '\uFEFF';

/**
 * RFC 5424: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, `-` for any
 * absent header field. Structured data goes to `original` as `sd.<SD-ID>.<PARAM>`; the message
 * then passes through the sshd/sudo/firewall extractors.
 */
export function parseSyslog5424(text: string): ParsedRecord {
  // rsyslog's RSYSLOG_SyslogProtocol23Format ends every record with `\n`, which omkafka ships as is.
  const { pri, rest } = readPri(trimLineEnd(text));
  if (!pri) throw new ParseError('RFC 5424: missing or invalid <PRI>');
  const header = /^([1-9]\d{0,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (!header) throw new ParseError('RFC 5424: header must be VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID');
  const [, version, timestamp, hostname, appName, procId, msgId] = header;
  const warnings: string[] = [];
  let elements: SdElement[] = [];
  let message: string;
  try {
    const sd = readStructuredData(rest, header[0].length);
    elements = sd.elements;
    message = rest.slice(sd.end);
    if (message !== '' && !message.startsWith(' ')) throw new ParseError('RFC 5424: expected a space after STRUCTURED-DATA');
    message = message.slice(1);
  } catch (error) {
    if (!(error instanceof ParseError) || rest[header[0].length] !== '[') throw error;
    // Senders put bracketed text where SD belongs (`[UFW BLOCK] IN=…`): keep it all as MSG, with a warning.
    warnings.push(`${error.message}; the rest is kept as MSG`);
    message = rest.slice(header[0].length);
  }
  if (message.startsWith(BOM)) message = message.slice(BOM.length);
  // rsyslog's %msg% of a BSD-received line keeps the space after `tag:`; no extractor wants it.
  message = trimLeadingSpaces(message);

  const fields: Record<string, string> = { ...priFields(pri) };
  const original: Record<string, string> = { version };
  let time: number | undefined;
  if (timestamp !== NIL) {
    time = parseRfc3339(timestamp);
    original['timestamp'] = timestamp;
    if (time === undefined) warnings.push(`RFC 5424: unparseable TIMESTAMP "${timestamp}"`);
    else fields['@timestamp'] = new Date(time).toISOString();
  }
  if (hostname !== NIL) fields['host.name'] = original['hostname'] = hostname;
  if (appName !== NIL) fields['process.name'] = original['app_name'] = appName;
  if (procId !== NIL) {
    original['procid'] = procId;
    if (/^\d+$/.test(procId)) fields['process.pid'] = procId;
  }
  if (msgId !== NIL) fields['event.code'] = original['msgid'] = msgId;
  for (const element of elements) {
    for (const [name, value] of element.params) {
      // A PARAM may repeat (RFC 5424 §7.2.3 `origin ip=… ip=…`): values are comma-joined, as arrays are.
      const key = `sd.${element.id}.${name}`;
      original[key] = original[key] === undefined ? value : `${original[key]},${value}`;
    }
  }
  if (message !== '') fields['message'] = message;
  const extracted = extractFromMessage(message, fields['process.name']);
  Object.assign(fields, extracted.fields);
  Object.assign(original, extracted.original);
  return { format: 'syslog5424', time, fields, original, warnings };
}

function trimLeadingSpaces(text: string): string {
  let start = 0;
  while (text[start] === ' ') start++;
  return start === 0 ? text : text.slice(start);
}
