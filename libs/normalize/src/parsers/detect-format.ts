import type { RecordFormat } from './parsed-record';

/** A syslog header that may precede a CEF or LEEF payload: RFC 5424, BSD, or just `<PRI>`/host. */
const SYSLOG_PREFIX = /^(?:<\d{1,3}>)?(?:[1-9]\d{0,2} \S+ \S+ \S+ \S+ \S+ (?:-|\[.*\]) ?|[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d+)?:? |\d{4}-\d{2}-\d{2}T\S+ )?(?:\S+ ){0,3}$/;
const SYSLOG_START = /^(?:<\d{1,3}>|[A-Z][a-z]{2} {1,2}\d{1,2} |\d{4}-\d{2}-\d{2}T)/;
const RFC5424 = /^<\d{1,3}>[1-9]\d{0,2} /;
const BSD = /^(?:<\d{1,3}>|[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S* \S+ \S)/;
const KEY_VALUES = /^[\w.@-]+=(?:"[^"]*"|'[^']*'|\S*)\s+[\w.@-]+=/;

/**
 * Guesses a record's format from its first bytes, for sources that do not declare one.
 * JSON objects are `json` here; the JSON parsers tell ECS, OCSF and Windows shapes apart.
 * CEF and LEEF win over syslog when their header follows a syslog header.
 */
export function detectFormat(text: string): RecordFormat | undefined {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'json';
  const embedded = /(?:^|\s)(CEF:\d+\||LEEF:[12]\.0\|)/.exec(start.slice(0, 512));
  if (embedded) {
    const prefix = start.slice(0, embedded.index + embedded[0].length - embedded[1].length);
    // A longer prefix (relays stacking headers) still counts when it starts like syslog and the
    // payload has a complete header, so a message that merely mentions "CEF:0|" stays syslog.
    const complete = /^(?:CEF:\d+(?:\|(?:[^|\\]|\\.)*){7}|LEEF:[12]\.0(?:\|[^|]*){5})/.test(start.slice(prefix.length));
    if (SYSLOG_PREFIX.test(prefix) || (SYSLOG_START.test(prefix) && complete)) return embedded[1].startsWith('CEF') ? 'cef' : 'leef';
  }
  // Fortinet and others send `<PRI>key=value …` with no syslog header at all.
  if (KEY_VALUES.test(start.replace(/^<\d{1,3}>/, ''))) return 'kv';
  if (RFC5424.test(start)) return 'syslog5424';
  if (BSD.test(start)) return 'syslog3164';
  return undefined;
}
