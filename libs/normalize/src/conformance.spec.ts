import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Event, RawEvent } from '@quell/contracts';
import { buildEvent } from './build-event';
import { detectFormat } from './parsers/detect-format';
import { isRecordFormat, ParseError, type RecordFormat } from './parsers/parsed-record';
import { PARSERS } from './parsers/parser-registry';

/**
 * The conformance corpus: every `fixtures/<dir>/*.jsonl` line is a real record with its origin and
 * the normalized fields it must produce. A fixture without a format is auto-detected first.
 * Optional keys: `receivedAt` (ISO; resolves year-less syslog timestamps, default below),
 * `expectError` (the parser must refuse it), `expectWarning` (it parses, with warnings; without
 * it a warning fails the fixture), `expectEvent` (dotted paths on the normalized Event, e.g.
 * `className`, `observer.vendor`, `process.parentExecutable`), and `null` as an expected value
 * (the field must be absent).
 */
interface Fixture {
  origin: string;
  format: string | null;
  input: string;
  expect?: Record<string, string | null>;
  expectOriginal?: Record<string, string | null>;
  expectEvent?: Record<string, string | number | null>;
  receivedAt?: string;
  /** The parser must refuse the record (a ParseError, i.e. a dead letter). */
  expectError?: boolean;
  /** The record is only partly understood: it parses, with warnings (a `parse_warning` tag). */
  expectWarning?: boolean;
}

const ROOT = join(__dirname, '..', 'fixtures');
const DEFAULT_RECEIVED_AT = Date.parse('2026-11-28T12:00:00Z');

function jsonlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonlFiles(path);
    return name.endsWith('.jsonl') ? [path] : [];
  });
}

function load(path: string): Array<{ name: string; fixture: Fixture }> {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => {
      const fixture = JSON.parse(line) as Fixture;
      if (typeof fixture.origin !== 'string' || !fixture.origin || typeof fixture.input !== 'string') {
        throw new Error(`${path}:${i + 1}: a fixture needs "origin" and "input"`);
      }
      return { name: `line ${i + 1}: ${fixture.input.slice(0, 70)}`, fixture };
    });
}

/** `@timestamp` compares as an instant; a null expectation means the field must be absent. */
function check(actual: Record<string, string>, expected: Record<string, string | null> | undefined): void {
  for (const [key, want] of Object.entries(expected ?? {})) {
    const got = actual[key];
    if (want === null) expect({ [key]: got }).toEqual({ [key]: undefined });
    else if (key === '@timestamp' && !Number.isNaN(Date.parse(want))) {
      expect({ [key]: got === undefined ? got : new Date(Date.parse(got)).toISOString() }).toEqual({ [key]: new Date(Date.parse(want)).toISOString() });
    } else expect({ [key]: got }).toEqual({ [key]: String(want) });
  }
}

/** The value at a dotted path of the Event (`process.hash.sha256`), undefined when absent or null. */
function valueAt(event: Event, path: string): unknown {
  let node: unknown = event;
  for (const key of path.split('.')) node = node === null || typeof node !== 'object' ? undefined : (node as Record<string, unknown>)[key];
  return node ?? undefined;
}

function checkEvent(text: string, parsed: ReturnType<NonNullable<(typeof PARSERS)[RecordFormat]>>, expected: Fixture['expectEvent']): void {
  if (!expected) return;
  const raw: RawEvent = {
    id: 'fixture', tenant: 't', receivedAt: DEFAULT_RECEIVED_AT, source: { type: 'fixture', name: 'fixture', host: null },
    format: parsed.format, contentType: 'text/plain', payload: Buffer.from(text), attributes: {},
  };
  const event = buildEvent(parsed, raw, DEFAULT_RECEIVED_AT, text);
  for (const [path, want] of Object.entries(expected)) expect({ [path]: valueAt(event, path) }).toEqual({ [path]: want ?? undefined });
}

const byDir = new Map<string, Array<{ name: string; fixture: Fixture }>>();
for (const file of jsonlFiles(ROOT)) {
  const dir = relative(ROOT, file).split(/[\\/]/)[0];
  byDir.set(dir, [...(byDir.get(dir) ?? []), ...load(file)]);
}
const total = [...byDir.values()].reduce((n, list) => n + list.length, 0);

describe(`conformance corpus (${total} fixtures)`, () => {
  it('has fixtures', () => expect(total).toBeGreaterThan(0));

  for (const [dir, fixtures] of [...byDir.entries()].sort()) {
    describe(`${dir} (${fixtures.length} fixtures)`, () => {
      it.each(fixtures)('$name', ({ fixture }) => {
        let format: RecordFormat | undefined;
        if (fixture.format === null || fixture.format === undefined) {
          format = detectFormat(fixture.input);
          expect({ detected: format }).not.toEqual({ detected: undefined });
        } else {
          expect(isRecordFormat(fixture.format)).toBe(true);
          format = fixture.format as RecordFormat;
        }
        const parser = PARSERS[format as RecordFormat];
        expect({ format, parser: parser !== undefined }).toEqual({ format, parser: true });
        const receivedAt = fixture.receivedAt ? Date.parse(fixture.receivedAt) : DEFAULT_RECEIVED_AT;
        const parse = () => (parser as NonNullable<typeof parser>)(fixture.input, { receivedAt });
        if (fixture.expectError) {
          expect(parse).toThrow(ParseError);
          return;
        }
        const parsed = parse();
        expect({ warnings: parsed.warnings.length > 0 }).toEqual({ warnings: fixture.expectWarning === true });
        check(parsed.fields, fixture.expect);
        check(parsed.original, fixture.expectOriginal);
        checkEvent(fixture.input, parsed, fixture.expectEvent);
      });
    });
  }
});
