import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';

const dir = mkdtempSync(join(tmpdir(), 'quell-rules-'));
const RULE = `title: Whoami
id: 502b42de-4306-40b4-9596-6f590c81f073
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: '\\whoami.exe'
    condition: selection
level: low
`;

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { read: (p) => readFile(p, 'utf8'), now: () => 0, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function write(path: string, text: string): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

const sysmon = (image: string) =>
  JSON.stringify({ Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'pc1', TimeCreated: { '#attributes': { SystemTime: '2026-01-01T00:00:00Z' } } }, EventData: { Image: image } } });

describe('quell rules check', () => {
  it('loads every .yml under the paths and exits 0 when none is rejected', async () => {
    write('ok/a.yml', RULE);
    write('ok/sub/b.yaml', RULE.replace('502b42de-4306-40b4-9596-6f590c81f073', '502b42de-4306-40b4-9596-6f590c81f074'));
    write('ok/readme.txt', 'not a rule');
    expect(await quell(['rules', 'check', join(dir, 'ok')])).toEqual({ code: 0, out: ['loaded 2, rejected 0'], err: [] });
  });

  it('prints one line per rejected file with its line and reason, and exits 2', async () => {
    write('mixed/a.yml', RULE);
    const bad = write('mixed/bad.yml', RULE.replace('level: low', 'level: huge'));
    const run = await quell(['rules', 'check', join(dir, 'mixed')]);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([`${bad}:10: level "huge" is not one of informational, low, medium, high, critical`, 'loaded 1, rejected 1']);
  });

  it('applies the correlator\'s checks across files: a correlation naming a missing rule, a duplicate id', async () => {
    write('cross/a.yml', RULE);
    const twin = write('cross/b.yml', RULE.replace('title: Whoami', 'title: Whoami again'));
    const dangling = write(
      'cross/c.yml',
      `title: Many whoami\nid: 0b1b9b3e-0000-4000-8000-000000000001\ncorrelation:\n    type: event_count\n    rules:\n        - no-such-rule\n    group-by:\n        - Computer\n    timespan: 5m\n    condition:\n        gte: 3\n`,
    );
    const run = await quell(['rules', 'check', join(dir, 'cross')]);
    expect(run.code).toBe(2);
    expect(run.out).toEqual([
      `${twin}:1: rule id 502b42de-4306-40b4-9596-6f590c81f073 is already defined in ${join(dir, 'cross/a.yml')}:1`,
      `${dangling}:6: correlation 0b1b9b3e-0000-4000-8000-000000000001 references "no-such-rule", which no loaded rule has as id or name`,
      'loaded 1, rejected 2',
    ]);
    const json = await quell(['rules', 'check', '--json', join(dir, 'cross')]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out.join('\n'))).toEqual({
      loaded: 1,
      rejected: 2,
      errors: [expect.objectContaining({ file: twin, line: 1 }), expect.objectContaining({ file: dangling, line: 6, reason: expect.stringContaining('"no-such-rule"') })],
    });
  });

  it('is a usage error without a path or with a missing one', async () => {
    expect((await quell(['rules', 'check'])).code).toBe(1);
    const missing = await quell(['rules', 'check', join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    // A missing file is one line: the command line itself was right, so no usage follows.
    expect(missing.err).toEqual([expect.stringMatching(/^quell: ENOENT: no such file or directory, stat '.*nope'$/)]);
    expect((await quell(['rules', 'frobnicate'])).code).toBe(1);
  });

  it('refuses an option of another subcommand instead of ignoring it', async () => {
    const run = await quell(['rules', 'check', '--filters', join(dir, 'ok'), join(dir, 'ok')]);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('rules check does not take --filters');
    expect((await quell(['rules', 'backtest', '--rule', 'r.yml', '--events', 'e.json', '--from', '-1h', '--to', 'now'])).err.join('\n')).toContain('rules backtest does not take --events');
  });
});

describe('quell rules test', () => {
  it('prints the matching events and "matched K of N events"', async () => {
    const rule = write('t/rule.yml', RULE);
    const events = write('t/events.json', [sysmon('C:\\Windows\\System32\\whoami.exe'), sysmon('C:\\Windows\\System32\\cmd.exe')].join('\n'));
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(2);
    expect(JSON.parse(run.out[0])).toMatchObject({ 'host.name': 'pc1' });
    expect(run.out[1]).toBe('matched 1 of 2 events');
  });

  it('--json prints one document: the counts, the matched events and the filters applied', async () => {
    const rule = write('t/rule-json.yml', RULE);
    const events = write('t/events-json.json', [sysmon('C:\\Windows\\System32\\whoami.exe'), sysmon('C:\\Windows\\System32\\cmd.exe')].join('\n'));
    const run = await quell(['rules', 'test', '--json', '--rule', rule, '--events', events]);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    expect(JSON.parse(run.out[0])).toEqual({ matched: 1, events: 2, matches: [expect.objectContaining({ 'host.name': 'pc1' })], filters: [] });
  });

  it('exits 2 when the rule is rejected', async () => {
    const rule = write('t/bad.yml', RULE.replace('condition: selection', 'condition: selection or'));
    const events = write('t/none.json', '');
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/bad\.yml:9: condition "selection or": unexpected end/);
  });
});

describe('quell rules test on a correlation', () => {
  const CORRELATION = `title: Whoami burst
id: 3d1c2f7e-8a2b-4f5e-9d0c-1b2a3c4d5e6f
correlation:
    type: event_count
    rules:
        - 502b42de-4306-40b4-9596-6f590c81f073
    group-by:
        - Computer
    timespan: 10m
    condition:
        gte: 3
level: high
`;
  const at = (computer: string, image: string, time: string) =>
    JSON.stringify({ Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: computer, TimeCreated: { '#attributes': { SystemTime: time } } }, EventData: { Image: image } } });
  const WHOAMI = 'C:\\Windows\\System32\\whoami.exe';
  // Out of file order on purpose: the correlation sees them in event-time order.
  const EVENTS = [
    at('pc1', WHOAMI, '2026-01-01T00:04:00Z'),
    at('pc1', WHOAMI, '2026-01-01T00:00:00Z'),
    at('pc2', WHOAMI, '2026-01-01T00:01:00Z'),
    at('pc1', 'C:\\Windows\\System32\\cmd.exe', '2026-01-01T00:02:00Z'),
    at('pc1', WHOAMI, '2026-01-01T00:09:00Z'),
    at('pc1', WHOAMI, '2026-01-01T00:30:00Z'),
  ].join('\n');

  it('runs the correlation with the rule it references from the same file, in event-time order', async () => {
    const rule = write('c/burst.yml', `${RULE}---\n${CORRELATION}`);
    const events = write('c/events.json', EVENTS);
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const printed = run.out.slice(0, -2).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(printed.map((e) => [e['host.name'], e['@timestamp']])).toEqual([
      ['pc1', '2026-01-01T00:00:00.000Z'],
      ['pc2', '2026-01-01T00:01:00.000Z'],
      ['pc1', '2026-01-01T00:04:00.000Z'],
      ['pc1', '2026-01-01T00:09:00.000Z'],
      ['pc1', '2026-01-01T00:30:00.000Z'],
    ]);
    // pc1 at 00:00, 00:04, 00:09 is 3 within 10 minutes; 00:30 starts no new episode (1 in its window); pc2 has 1.
    expect(run.out[run.out.length - 2]).toMatch(/^2026-01-01T00:09:00\.000Z {2}Whoami burst \(3d1c2f7e-8a2b-4f5e-9d0c-1b2a3c4d5e6f\) {2}tenant=default .*group=\{"Computer":"pc1"\} {2}value=3 {2}count=3 {2}level=high/);
    expect(run.out[run.out.length - 1]).toBe('matched 5 of 6 events');
  });

  it('--json prints the counts, the events that fed it and one alert per episode', async () => {
    const rule = write('c/burst-json.yml', `${RULE}---\n${CORRELATION}`);
    const events = write('c/events-json.json', EVENTS);
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out.join('\n'));
    expect(report).toMatchObject({ matched: 5, events: 6, alerts: [{ correlationId: '3d1c2f7e-8a2b-4f5e-9d0c-1b2a3c4d5e6f', tenant: 'default', group: { Computer: 'pc1' }, value: 3, count: 3, level: 'high', last: '2026-01-01T00:09:00.000Z' }] });
    expect(report.matches).toHaveLength(5);
  });

  it('finds the referenced rule in --rules-dir, and rejects a correlation whose rule is nowhere', async () => {
    write('rules-dir/whoami.yml', RULE);
    const rule = write('c/alone.yml', CORRELATION);
    const events = write('c/events2.json', EVENTS);
    const found = await quell(['rules', 'test', '--rule', rule, '--events', events, '--rules-dir', join(dir, 'rules-dir')]);
    expect(found.code).toBe(0);
    expect(found.out.filter((l) => l.includes('Whoami burst'))).toHaveLength(1);
    expect(found.out[found.out.length - 1]).toBe('matched 5 of 6 events');

    const missing = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/alone\.yml:\d+: .*502b42de-4306-40b4-9596-6f590c81f073/);
  });
});

/** SigmaHQ's own rules and corpora, read in place from ../shared/corpora (beside the repository). */
const SIGMA = join(__dirname, '../../../../../shared/corpora/sigma');

describe('the Sigma specification ECS-taxonomy rule through the CLI', () => {
  it('matches an ECS DNS event (Filebeat shape) by event.dataset and the dotted ECS field', async () => {
    const rule = join(SIGMA, '../sigma-specification/tests/schema/rules/rule_ecs.yml');
    const dns = (name: string) => JSON.stringify({ '@timestamp': '2026-11-29T07:00:00Z', event: { category: ['network'], dataset: 'dns' }, dns: { question: { name } }, host: { name: 'pc1' } });
    const events = write('ecs/dns.ndjson', [dns('sigmahq'), dns('example.org')].join('\n'));
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(run.err).toEqual([]);
    expect(run.out[run.out.length - 1]).toBe('matched 1 of 2 events');
  });
});

describe('SigmaHQ corpus through the CLI', () => {
  it('rules check loads at least 99% of the 3,754 rules', async () => {
    const run = await quell(['rules', 'check', ...['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((s) => join(SIGMA, s))]);
    const [, loaded, rejected] = /^loaded (\d+), rejected (\d+)$/.exec(run.out[run.out.length - 1]) ?? [];
    expect(Number(loaded) + Number(rejected)).toBe(3754);
    expect(Number(loaded) / 3754).toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
