import { BSD_TIMESTAMP, resolveBsdTimestamp } from './bsd-timestamp';
import { parseRfc3339 } from './rfc3339-time';
import { readPri, type SyslogPri } from './syslog-pri';

export interface BsdHeader {
  pri?: SyslogPri;
  timestamp?: string;
  time?: number;
  hostname?: string;
  tag?: string;
  pid?: string;
  message: string;
  warnings: string[];
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?(?= |$)/;
/** TAG (RFC 3164 §4.1.3, with the usual `[pid]` and the characters daemons actually use) then `:`. */
const TAG = /^([\w\-./@()]{1,64}?)(?:\[([^\]\s]{1,32})\])?: ?/;

/** Reads `<PRI>TIMESTAMP HOSTNAME TAG[PID]: ` leniently; every part is optional. */
export function readBsdHeader(text: string, receivedAt: number): BsdHeader {
  const warnings: string[] = [];
  const { pri, rest: afterPri } = readPri(text);
  let rest = afterPri;
  const header: BsdHeader = { pri, message: '', warnings };
  const bsd = BSD_TIMESTAMP.exec(rest);
  const iso = bsd ? null : ISO_TIMESTAMP.exec(rest);
  if (bsd) {
    header.timestamp = bsd[0];
    header.time = resolveBsdTimestamp(bsd, receivedAt);
    if (header.time === undefined) warnings.push(`RFC 3164: invalid timestamp "${bsd[0]}"`);
    rest = rest.slice(bsd[0].length).replace(/^ +/, '');
  } else if (iso) {
    header.timestamp = iso[0];
    header.time = parseRfc3339(iso[0]);
    if (header.time === undefined) warnings.push(`RFC 3164: invalid timestamp "${iso[0]}"`);
    rest = rest.slice(iso[0].length).replace(/^ +/, '');
  } else if (pri) {
    warnings.push('RFC 3164: no timestamp after <PRI>');
  }
  // With a timestamp, the next word is the HOSTNAME unless it is already the TAG (`su:` or `cron[12]:`).
  if (header.timestamp !== undefined) {
    const word = /^(\S+)(?: |$)/.exec(rest);
    if (word && !word[1].endsWith(':')) {
      header.hostname = word[1];
      rest = rest.slice(word[0].length);
      // Cisco ASA: `asa-fw : %ASA-3-106023: …`, a lone colon after the hostname.
      if (rest.startsWith(': ')) rest = rest.slice(2);
    }
  }
  const tag = TAG.exec(rest);
  if (tag) {
    header.tag = tag[1];
    if (tag[2] !== undefined) header.pid = tag[2];
    rest = rest.slice(tag[0].length);
  }
  // Cisco `Oct 10 2019 10:21:36 localhost: %ASA-6-302021: …`: the word before the colon is the
  // host, since a %FACILITY-SEVERITY-MNEMONIC message never follows a program tag.
  if (header.tag !== undefined && header.hostname === undefined && header.pid === undefined && /^%[A-Z0-9_]+-\d-/.test(rest)) {
    header.hostname = header.tag;
    header.tag = undefined;
  }
  header.message = rest;
  return header;
}
