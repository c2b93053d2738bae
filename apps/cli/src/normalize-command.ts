import type { RawEvent } from '@quell/contracts';
import { detectFormat, normalizeRecord, stableId, type RecordFormat } from '@quell/normalize';
import { toEcsJson } from './ecs-json';
import { splitJsonValues, splitLines, type InputRecord } from './record-splitter';

/** What `--format` accepts: every record format, plus `syslog` (RFC 5424 or 3164 per line). */
export const CLI_FORMATS = ['json', 'ocsf', 'windows', 'syslog', 'syslog5424', 'syslog3164', 'cef', 'leef', 'kv'] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

export interface NormalizeOptions {
  format?: CliFormat;
  source: string;
  tenant: string;
  /** Fixed clock for reproducible output in tests. */
  now: number;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const JSON_FORMATS: readonly (CliFormat | undefined)[] = ['json', 'ocsf', 'windows'];
const RFC5424_START = /^\s*<\d{1,3}>[1-9]\d{0,2} /;

/** Normalizes every record of `text`; returns the exit code (0 all parsed, 2 some rejected). */
export function normalizeText(text: string, options: NormalizeOptions, output: Output): number {
  let rejected = 0;
  for (const record of recordsOf(text, options.format)) {
    if (record.rejected !== undefined) {
      rejected++;
      output.err(`line ${record.line}: ${record.rejected}`);
      continue;
    }
    try {
      const event = normalizeRecord(rawEventOf(record, options), options.now);
      output.out(JSON.stringify(toEcsJson(event)));
    } catch (error) {
      rejected++;
      output.err(`line ${record.line}: ${(error as Error).message}`);
    }
  }
  return rejected === 0 ? 0 : 2;
}

function recordsOf(text: string, format: CliFormat | undefined): InputRecord[] {
  // Without --format, JSON input is recognised by its first character, as the normalizer does.
  const jsonStream = format === undefined ? /^\s*[[{]/.test(text) : JSON_FORMATS.includes(format);
  return jsonStream ? splitJsonValues(text) : splitLines(text);
}

function rawEventOf(record: InputRecord, options: NormalizeOptions): RawEvent {
  return {
    id: stableId(options.now, `${options.source}:${record.line}:${record.text.length}`),
    tenant: options.tenant,
    receivedAt: options.now,
    source: { type: 'file', name: options.source, host: null },
    format: formatOf(record.text, options.format) ?? null,
    contentType: 'text/plain',
    payload: Buffer.from(record.text),
    attributes: { line: String(record.line) },
  };
}

function formatOf(text: string, format: CliFormat | undefined): RecordFormat | undefined {
  if (format === 'syslog') return RFC5424_START.test(text) ? 'syslog5424' : 'syslog3164';
  return format ?? detectFormat(text);
}
