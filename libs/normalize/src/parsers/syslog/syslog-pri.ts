/** `<PRI>` = facility * 8 + severity (RFC 5424 §6.2.1, RFC 3164 §4.1.1); at most three digits, 0–191. */
export interface SyslogPri {
  facility: number;
  severity: number;
}

const PRI = /^<(\d{1,3})>/;

/** Reads a leading `<PRI>`; returns undefined when absent or out of range, with the text that follows. */
export function readPri(text: string): { pri?: SyslogPri; rest: string } {
  const match = PRI.exec(text);
  if (!match) return { rest: text };
  const value = Number(match[1]);
  if (value > 191) return { rest: text };
  return { pri: { facility: Math.floor(value / 8), severity: value % 8 }, rest: text.slice(match[0].length) };
}

export function priFields(pri: SyslogPri | undefined): Record<string, string> {
  if (!pri) return {};
  return {
    'log.syslog.facility.code': String(pri.facility),
    'log.syslog.severity.code': String(pri.severity),
    'log.syslog.priority': String(pri.facility * 8 + pri.severity),
  };
}
