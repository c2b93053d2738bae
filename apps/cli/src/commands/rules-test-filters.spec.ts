import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';

/** SigmaHQ rules and regression events, and the Sigma specification's own filter examples, read in place. */
const CORPORA = join(__dirname, '../../../../../shared/corpora');
const SIGMA = join(CORPORA, 'sigma');
const NETEXEC = 'rules/windows/file/file_event/file_event_win_hktl_netexec_file_indicators';
const NETEXEC_RULE = join(SIGMA, `${NETEXEC}.yml`);
const NETEXEC_EVENTS = join(SIGMA, 'regression', NETEXEC, 'efc21479-9e83-41da-8cf1-122e06ba8db3.json');
const NETEXEC_ID = 'efc21479-9e83-41da-8cf1-122e06ba8db3';
const RAR_RULE = join(SIGMA, 'rules/windows/process_creation/proc_creation_win_rar_compress_data.yml');
const SPEC_FILTER = join(CORPORA, 'sigma-specification/tests/schema/filter/filter_1.yml');

const dir = mkdtempSync(join(tmpdir(), 'quell-rules-filters-'));

function write(path: string, text: string): string {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { read: (p) => readFile(p, 'utf8'), now: () => 0, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function filter(options: { id: string; rules: string[]; category?: string; selection: string[] }): string {
  return [
    `title: Filter ${options.id}`,
    `id: ${options.id}`,
    'logsource:',
    '    product: windows',
    `    category: ${options.category ?? 'file_event'}`,
    'filter:',
    '    rules:',
    ...options.rules.map((r) => `        - ${r}`),
    '    selection:',
    ...options.selection.map((line) => `        ${line}`),
    '    condition: selection',
    '',
  ].join('\n');
}

const PS1 = '2f9a1c3e-0b7d-4e5f-8a6b-1c2d3e4f5a60';
const VEEAM = '7d4e2b1a-3c5f-4a6b-9e8d-0f1a2b3c4d5e';
const ps1Filter = () => write('netexec/ps1.yml', filter({ id: PS1, rules: [NETEXEC_ID], selection: ["TargetFilename|endswith: '.ps1'"] }));
const veeamDir = () => {
  write('netexec-more/veeam.yaml', filter({ id: VEEAM, rules: ['efc21479-9e83-41da-8cf1-122e06ba8db3'], selection: ["TargetFilename|contains: '\\veeam_dump_module\\'"] }));
  return join(dir, 'netexec-more');
};
/** The file name each printed event created (Sysmon's TargetFilename, kept in the event's original fields). */
const targetsOf = (lines: string[]) => lines.filter((l) => l.startsWith('{')).map((l) => /"TargetFilename":"([^"]+)"/.exec(l)?.[1].split('\\\\').pop());

describe('quell rules test --filters, over the SigmaHQ NetExec regression events', () => {
  it('matches all seven events without filters, as the regression data says', async () => {
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS]);
    expect(run.out[run.out.length - 1]).toBe('matched 7 of 7 events');
  });

  it('applies the filters naming the rule, from files and directories, and says how many events each excluded', async () => {
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', ps1Filter(), '--filters', veeamDir()]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(targetsOf(run.out).sort()).toEqual(['Exec_Command_Silent.vbs', 'procdump.exe']);
    // The two veeam scripts are .ps1 too: an event both filters match counts for each. Filters
    // are listed in the catalog's order, by file name.
    expect(run.out.slice(-3)).toEqual([
      `filter ${VEEAM} (${join(dir, 'netexec-more/veeam.yaml')}:1) excluded 2 events`,
      `filter ${PS1} (${join(dir, 'netexec/ps1.yml')}:1) excluded 5 events`,
      'matched 2 of 7 events',
    ]);
  });

  it('leaves events of another log source to the rule: a process_creation filter naming it excludes nothing', async () => {
    const other = write('other/proc.yml', filter({ id: '0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9', rules: [NETEXEC_ID], category: 'process_creation', selection: ["User|contains: 'xodih'"] }));
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', other]);
    expect(run.code).toBe(0);
    expect(run.out.slice(-2)).toEqual([`filter 0a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9 (${other}:1) excluded 0 events`, 'matched 7 of 7 events']);
  });

  it('rejects a filter naming a rule the rule file does not hold, with file, line and reason, and still applies the others', async () => {
    const stray = write('stray/stray.yml', filter({ id: '11111111-2222-4333-8444-555555555555', rules: [NETEXEC_ID, 'no-such-rule'], selection: ["TargetFilename|endswith: '.exe'"] }));
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', stray, '--filters', ps1Filter()]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`${stray}:9: filter 11111111-2222-4333-8444-555555555555 references "no-such-rule", which no loaded rule has as id or name`]);
    expect(run.out.slice(-2)).toEqual([`filter ${PS1} (${join(dir, 'netexec/ps1.yml')}:1) excluded 5 events`, 'matched 2 of 7 events']);
  });

  it('rejects a rule given as a filter file', async () => {
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', RAR_RULE]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`${RAR_RULE}:1: a detection rule, not a filter document (--filters takes filter files only); file left out`]);
    expect(run.out[run.out.length - 1]).toBe('matched 7 of 7 events');
  });

  it('is a usage error when a filter path does not exist, or when several paths follow one --filters', async () => {
    expect((await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', join(dir, 'nope')])).code).toBe(1);
    const run = await quell(['rules', 'test', '--rule', NETEXEC_RULE, '--events', NETEXEC_EVENTS, '--filters', ps1Filter(), veeamDir()]);
    expect(run.code).toBe(1);
    expect(run.err[0]).toBe(`quell: --filters takes one path at a time (--filters a --filters b); "${veeamDir()}" is extra`);
  });
});

describe('quell rules test --filters with the Sigma specification’s own filter example', () => {
  const rarEvent = (user: string) =>
    JSON.stringify({
      Event: {
        System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon' } }, EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'pc1', TimeCreated: { '#attributes': { SystemTime: '2026-01-01T00:00:00Z' } } },
        EventData: { Image: 'C:\\Program Files\\WinRAR\\rar.exe', CommandLine: 'rar.exe a out.rar C:\\secrets', User: user },
      },
    });
  const events = () => write('rar/events.json', [rarEvent('CORP\\alice'), rarEvent('adm_bob')].join('\n'));

  it('rejects the example as written: it also names a rule ("Login on jump host") that is not loaded', async () => {
    const run = await quell(['rules', 'test', '--rule', RAR_RULE, '--events', events(), '--filters', SPEC_FILTER]);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`${SPEC_FILTER}:9: filter Filter Administrator account references "df0841c0-9846-4e9f-ad8a-7df91571771b", which no loaded rule has as id or name`]);
    expect(run.out[run.out.length - 1]).toBe('matched 2 of 2 events');
  });

  it('leaves the adm_ account out once the example names only the rar rule', async () => {
    const own = write('rar/filter.yml', readFileSync(SPEC_FILTER, 'utf8').replace(/\n\s+- df0841c0[^\n]*/, ''));
    const run = await quell(['rules', 'test', '--rule', RAR_RULE, '--events', events(), '--filters', own]);
    expect(run.err).toEqual([]);
    expect(run.out.slice(-2)).toEqual([`filter "Filter Administrator account" (${own}:1) excluded 1 event`, 'matched 1 of 2 events']);
    expect(JSON.parse(run.out[0])).toMatchObject({ 'user.name': 'alice' });
  });
});
