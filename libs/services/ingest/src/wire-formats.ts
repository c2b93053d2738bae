import { isRecordFormat, type RecordFormat } from '@quell/normalize';

/** Formats a caller may declare for text records; `syslog` picks RFC 5424 or 3164 per message. */
export const DECLARABLE_FORMATS = ['syslog', 'syslog5424', 'syslog3164', 'cef', 'leef', 'kv', 'json', 'ocsf', 'windows'] as const;
export type DeclaredFormat = (typeof DECLARABLE_FORMATS)[number];

export function isDeclaredFormat(value: string): value is DeclaredFormat {
  return (DECLARABLE_FORMATS as readonly string[]).includes(value);
}

// RFC 5424 §6: `<PRI>VERSION SP`, the version being a non-zero digit; anything else is BSD (3164) style.
const RFC5424_START = /^\s*<\d{1,3}>[1-9]\d{0,2} /;

/** The RawEvent `format` for one record of a declared format: syslog is resolved per message. */
export function recordFormatFor(declared: DeclaredFormat, text: string): RecordFormat {
  if (declared === 'syslog') return RFC5424_START.test(text) ? 'syslog5424' : 'syslog3164';
  if (!isRecordFormat(declared)) throw new Error(`no record format for ${declared}`);
  return declared;
}
