import { NormalizeError } from '../normalize-error';

/** The formats Quell reads. `json` covers ECS-shaped and arbitrary JSON; `windows` the event-log JSON shapes. */
export const RECORD_FORMATS = ['json', 'ocsf', 'windows', 'syslog5424', 'syslog3164', 'cef', 'leef', 'kv'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export function isRecordFormat(value: string): value is RecordFormat {
  return (RECORD_FORMATS as readonly string[]).includes(value);
}

/**
 * What every parser returns: ECS-named fields for the normalized view, the record's own fields
 * under their own names, and what went wrong without stopping the parse.
 */
export interface ParsedRecord {
  format: RecordFormat;
  /** The record's own time (epoch ms), when it has one. */
  time?: number;
  /**
   * ECS dotted names with string values: `@timestamp`, `event.category`, `event.action`,
   * `event.outcome`, `event.severity`, `host.name`, `host.ip`, `user.name`, `user.domain`,
   * `source.ip`, `source.port`, `destination.ip`, `destination.port`, `process.pid`,
   * `process.name`, `process.executable`, `process.command_line`, `process.parent.name`,
   * `process.parent.command_line`, `service.name`, `message`, `tags` (comma-joined),
   * `observer.vendor`, `observer.product`, `network.transport`, …
   */
  fields: Record<string, string>;
  /**
   * The record's own fields, flattened, under their own names (for Windows events the EventData
   * names Sigma rules use: `CommandLine`, `Image`, `TargetUserName`, plus `EventID`, `Channel`,
   * `Provider_Name`, `Computer`), kept in the Event's `original` map.
   */
  original: Record<string, string>;
  /** ATT&CK technique ids the record itself names. */
  techniques?: string[];
  /** Problems that did not stop the parse; the event is emitted with a `parse_warning` tag. */
  warnings: string[];
}

export interface ParseContext {
  /** When Quell received the record: resolves RFC 3164 timestamps that carry no year. */
  receivedAt: number;
  /** Per-source declarative mapping for arbitrary JSON: source field → ECS field. */
  fieldMapping?: Record<string, string>;
  /** The text as a JSON object, when whoever received it parsed it already (JSON parsers only). */
  json?: Record<string, unknown>;
}

export type Parser = (text: string, context: ParseContext) => ParsedRecord;

/** The record is not in the format the parser reads; it goes to the dead-letter topic with this reason. */
export class ParseError extends NormalizeError {}
