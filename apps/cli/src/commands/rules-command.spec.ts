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
    write('ok/sub/b.yaml', RULE);
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

  it('is a usage error without a path or with a missing one', async () => {
    expect((await quell(['rules', 'check'])).code).toBe(1);
    expect((await quell(['rules', 'check', join(dir, 'nope')])).code).toBe(1);
    expect((await quell(['rules', 'frobnicate'])).code).toBe(1);
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

  it('exits 2 when the rule is rejected', async () => {
    const rule = write('t/bad.yml', RULE.replace('condition: selection', 'condition: selection or'));
    const events = write('t/none.json', '');
    const run = await quell(['rules', 'test', '--rule', rule, '--events', events]);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/bad\.yml:9: condition "selection or": unexpected end/);
  });
});

/** SigmaHQ's own rules and corpora, read in place from ../shared/corpora (beside the repository). */
const SIGMA = join(__dirname, '../../../../../shared/corpora/sigma');

describe('SigmaHQ corpus through the CLI', () => {
  it('rules check loads at least 99% of the 3,754 rules', async () => {
    const run = await quell(['rules', 'check', ...['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((s) => join(SIGMA, s))]);
    const [, loaded, rejected] = /^loaded (\d+), rejected (\d+)$/.exec(run.out[run.out.length - 1]) ?? [];
    expect(Number(loaded) + Number(rejected)).toBe(3754);
    expect(Number(loaded) / 3754).toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
