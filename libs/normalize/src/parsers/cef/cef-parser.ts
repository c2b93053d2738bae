import { ParseError, type ParseContext, type ParsedRecord } from '../parsed-record';
import { parseSyslogPrefix } from '../syslog/syslog-prefix';
import { parseCefExtension } from './cef-extension';
import { isConfigChange } from '../config-change';
import { CEF_FULL_NAMES, CEF_TO_ECS, cefDirection, cefFileHash, cefOutcome, cefSeverity, transport } from './cef-mapping';
import { parseVendorTime } from './vendor-time';

const HEADER_NAMES = ['cef.version', 'deviceVendor', 'deviceProduct', 'deviceVersion', 'deviceEventClassId', 'name', 'severity'];

/**
 * ArcSight CEF: `CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension`, with
 * `\|` and `\\` escaped in the header, optionally after a syslog header. Extension keys are kept
 * under their own names in `original`; `csN`/`cnN`/… values are also kept under their `csNLabel`.
 */
export function parseCef(text: string, context: ParseContext): ParsedRecord {
  const at = text.search(/CEF:\d/);
  if (at < 0) throw new ParseError('CEF: no "CEF:<version>|" header');
  const warnings: string[] = [];
  const prefix = at > 0 ? parseSyslogPrefix(text.slice(0, at), context.receivedAt) : { fields: {} };
  const { header, extension } = splitHeader(text.slice(at + 4));
  const original: Record<string, string> = {};
  HEADER_NAMES.forEach((name, i) => (original[name] = header[i]));
  const ext: Record<string, string> = {};
  for (const [key, value] of parseCefExtension(extension)) {
    original[key] = value;
    ext[CEF_FULL_NAMES[key] ?? key] = value;
  }
  for (const [key, value] of Object.entries(original)) {
    const label = original[`${key}Label`];
    if (label && !key.endsWith('Label')) original[label] = value;
  }

  const fields: Record<string, string> = {
    ...prefix.fields,
    'observer.vendor': header[1],
    'observer.product': header[2],
    'observer.version': header[3],
    'event.code': header[4],
  };
  if (header[5]) fields['message'] = header[5];
  const severity = cefSeverity(header[6]);
  if (severity !== undefined) fields['event.severity'] = severity;
  for (const [key, ecs] of Object.entries(CEF_TO_ECS)) if (ext[key]) fields[ecs] = ext[key];
  const user = ext['suser'] ?? ext['duser'];
  if (user) fields['user.name'] = user;
  if (ext['dvchost'] && !fields['host.name']) fields['host.name'] = ext['dvchost'];
  if (ext['proto']) fields['network.transport'] = transport(ext['proto']);
  const direction = ext['deviceDirection'] === undefined ? undefined : cefDirection(ext['deviceDirection']);
  if (direction) fields['network.direction'] = direction;
  const hash = ext['fileHash'] === undefined ? undefined : cefFileHash(ext['fileHash']);
  if (hash) fields[hash[0]] = hash[1];
  if (isConfigChange({ keys: Object.keys(ext), labels: [header[5], ext['cat']] })) fields['event.category'] = 'configuration';
  if (ext['outcome']) {
    const outcome = cefOutcome(ext['outcome']);
    if (outcome) fields['event.outcome'] = outcome;
  }
  let time = prefix.time;
  const deviceTime = ext['rt'] ?? ext['end'] ?? ext['start'];
  if (deviceTime) {
    const parsed = parseVendorTime(deviceTime, context.receivedAt);
    if (parsed === undefined) warnings.push(`CEF: unparseable time "${deviceTime}"`);
    else time = parsed;
  }
  if (time !== undefined) fields['@timestamp'] = new Date(time).toISOString();
  return { format: 'cef', time, fields, original, warnings };
}

/** Splits `0|a|b|…|7 fields|extension` on unescaped pipes; the extension may contain bare pipes. */
function splitHeader(text: string): { header: string[]; extension: string } {
  const header: string[] = [];
  let current = '';
  let i = 0;
  for (; i < text.length && header.length < 7; i++) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '|' || text[i + 1] === '\\')) {
      current += text[++i];
    } else if (c === '|') {
      header.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  // Some senders end the header at Severity without the trailing pipe when there is no extension.
  if (header.length === 6 && i >= text.length && current !== '') header.push(current);
  if (header.length < 7) throw new ParseError(`CEF: header has ${header.length} of 7 "|"-separated fields`);
  return { header, extension: text.slice(i) };
}
