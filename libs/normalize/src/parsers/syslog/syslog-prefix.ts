import { readBsdHeader } from './bsd-header';
import { priFields } from './syslog-pri';
import { parseSyslog5424 } from './syslog5424-parser';

export interface SyslogPrefix {
  fields: Record<string, string>;
  time?: number;
}

/**
 * The syslog header some devices put before `CEF:` or `LEEF:` (RFC 5424 or BSD). Only the
 * transport facts are kept: time, host, facility and severity; the payload describes the event.
 */
export function parseSyslogPrefix(prefix: string, receivedAt: number): SyslogPrefix {
  const keep = ['@timestamp', 'host.name', 'log.syslog.facility.code', 'log.syslog.severity.code', 'log.syslog.priority'];
  if (/^<\d{1,3}>1 /.test(prefix)) {
    try {
      const parsed = parseSyslog5424(prefix.endsWith(' ') ? prefix : prefix + ' ');
      const fields = Object.fromEntries(Object.entries(parsed.fields).filter(([k]) => keep.includes(k)));
      return { fields, time: parsed.time };
    } catch {
      // Not a full RFC 5424 header after all: read it the lenient BSD way below.
    }
  }
  const header = readBsdHeader(prefix.trim(), receivedAt);
  const fields: Record<string, string> = { ...priFields(header.pri) };
  if (header.time !== undefined) fields['@timestamp'] = new Date(header.time).toISOString();
  // A lone word after the timestamp is the hostname; with no timestamp it may be the host too.
  const host = header.hostname ?? (header.timestamp === undefined && /^\S+$/.test(header.message) ? header.message : undefined);
  if (host) fields['host.name'] = host;
  return { fields, time: header.time };
}
