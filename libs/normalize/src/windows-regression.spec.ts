import type { RawEvent } from '@quell/contracts';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { normalizeRecord } from './normalize-record';
import { parseJson } from './parsers/json-parser';
import { jsonFiles, jsonValues, unzipOnly } from './parsers/windows/corpus-reader.test-util';

/**
 * The SigmaHQ regression logs and the OTRF recording, read in place from ../shared/corpora (beside
 * the repository, here and in CI): every Windows event in them must normalize without a ParseError.
 */
const CORPORA = join(__dirname, '../../../../shared/corpora');
const REGRESSION = join(CORPORA, 'sigma/regression');
const OTRF_ZIP = join(CORPORA, 'otrf/psh_lsass_memory_dump_comsvcs.zip');

function raw(text: string, format: string | null): RawEvent {
  return {
    id: 'regression',
    tenant: 't',
    receivedAt: Date.parse('2026-11-28T12:00:00Z'),
    source: { type: 'file', name: 'corpus', host: null },
    format,
    contentType: 'application/json',
    payload: Buffer.from(text),
    attributes: {},
  };
}

describe('SigmaHQ regression logs (evtx_dump JSON)', () => {
  const files = jsonFiles(REGRESSION).sort();
  const events = files.flatMap((file) => jsonValues(readFileSync(file, 'utf8')).map((text, i) => ({ file: relative(REGRESSION, file), i, text })));

  it('has the 101 files and 129 events of the corpus', () => {
    expect(files).toHaveLength(101);
    expect(events).toHaveLength(129);
  });

  // Half the events go through format detection (RawEvent.format null), half are declared 'json'.
  it.each(events.map((e, n) => [`${e.file} #${e.i}`, { ...e, n }] as const))('%s normalizes as windows', (_name, { text, n }) => {
    const event = normalizeRecord(raw(text, n % 2 === 0 ? null : 'json'), Date.now());
    const parsed = parseJson(text, { receivedAt: 0 });
    expect(parsed.format).toBe('windows');
    expect(parsed.warnings).toEqual([]);
    expect(event.parseWarnings).toEqual([]);
    for (const key of ['EventID', 'Channel', 'Provider_Name', 'Computer']) expect(event.original[key]).toBeTruthy();
    expect(event.time).toBe(Date.parse(parsed.fields['@timestamp']));
    expect(event.host?.name).toBe(event.original['Computer']?.toLowerCase()); // the Event's host name is lower-cased
  });

  it('classes: Sysmon process, file and registry events and the Security scheduled task', () => {
    const classes = new Map<string, number>();
    for (const { text } of events) {
      const name = normalizeRecord(raw(text, null), 0).className;
      classes.set(name, (classes.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(classes)).toEqual({ process: 83, file: 26, config_change: 18, threat: 1, system: 1 });
  });
});

describe('OTRF psh_lsass_memory_dump_comsvcs (NXLog JSON lines)', () => {
  const { name, data } = unzipOnly(readFileSync(OTRF_ZIP));
  const lines = data.toString('utf8').split('\n').filter((l) => l.trim() !== '');

  it('holds 184 events', () => {
    expect(name).toMatch(/\.json$/);
    expect(lines).toHaveLength(184);
  });

  it('every line normalizes as windows with its host, event id and time', () => {
    for (const line of lines) {
      const parsed = parseJson(line, { receivedAt: 0 });
      expect(parsed.format).toBe('windows');
      const event = normalizeRecord(raw(line, null), 0);
      expect(event.parseWarnings).toEqual([]);
      expect(event.host?.name).toBe('workstation5');
      expect(event.original['EventID']).toMatch(/^\d+$/);
    }
  });

  it('finds the comsvcs.dll MiniDump command line and the LSASS access', () => {
    const events = lines.map((line) => normalizeRecord(raw(line, null), 0));
    const creation = events.find((e) => e.original['EventID'] === '1');
    expect(creation?.className).toBe('process');
    expect(creation?.process?.commandLine).toMatch(/comsvcs\.dll.*MiniDump/i);
    const access = events.filter((e) => e.original['EventID'] === '10' && /lsass\.exe$/i.test(e.original['TargetImage'] ?? ''));
    expect(access.length).toBeGreaterThan(0);
    const cleared = events.find((e) => e.original['EventID'] === '1102');
    expect(cleared).toMatchObject({ className: 'system', action: 'audit-log-cleared' });
  });
});
