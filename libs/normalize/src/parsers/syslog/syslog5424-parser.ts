import { ParseError, type ParsedRecord } from '../parsed-record';
import { extractFromMessage } from '../extractors/message-extractors';
import { parseRfc3339 } from './rfc3339-time';
import { priFields, readPri } from './syslog-pri';
import { readStructuredData } from './structured-data';

const NIL = '-';
const BOM = '\uFEFF';

/**
 * RFC 5424: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]`, `-` for any
 * absent header field. Structured data goes to `original` as `sd.<SD-ID>.<PARAM>`; the message
 * then passes through the sshd/sudo/firewall extractors.
 */
export function parseSyslog5424(text: string): ParsedRecord {
  const { pri, rest } = readPri(text);
  if (!pri) throw new ParseError('RFC 5424: missing or invalid <PRI>');
  const header = /^(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(rest);
  if (!header) throw new ParseError('RFC 5424: header must be VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID');
  const [, version, timestamp, hostname, appName, procId, msgId] = header;
  const { elements, end } = readStructuredData(rest, header[0].length);
  let message = rest.slice(end);
  if (message !== '' && !message.startsWith(' ')) throw new ParseError('RFC 5424: expected a space after STRUCTURED-DATA');
  message = message.slice(1);
  if (message.startsWith(BOM)) message = message.slice(BOM.length);

  const warnings: string[] = [];
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
    for (const [name, value] of element.params) original[`sd.${element.id}.${name}`] = value;
  }
  if (message !== '') fields['message'] = message;
  const extracted = extractFromMessage(message, fields['process.name']);
  Object.assign(fields, extracted.fields);
  Object.assign(original, extracted.original);
  return { format: 'syslog5424', time, fields, original, warnings };
}
