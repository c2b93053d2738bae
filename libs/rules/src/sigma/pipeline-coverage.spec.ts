import { coverageRow, EXPECTED_FILE, pipelineCoverage, sameRefs } from './pipeline-coverage.test-util';

/**
 * Differential check of the shipped mapping pipelines (issue 11, point 6): each source's sample
 * rules and the SigmaHQ rules written for it run over its fixtures, and must match exactly the
 * records listed by hand in libs/rules/pipelines/tests/expected-matches.yml. A mapping or routing
 * change that stops a rule firing, or makes one fire on a benign record, fails here.
 */
describe('mapping pipelines over their fixtures', () => {
  const coverage = pipelineCoverage();

  it.each(coverage.map((c) => [c.source.id, c] as const))('%s: every rule matches exactly the records listed', (_id, c) => {
    expect(c.strays).toEqual([]); // a fixture written for the source routes to it
    expect(c.records.length).toBeGreaterThan(0);
    const differences = [...c.actual].filter(([key, refs]) => !sameRefs(refs, c.expected.get(key) ?? [])).map(([key, refs]) => ({ rule: key, matched: refs, listed: c.expected.get(key) ?? [] }));
    expect(differences).toEqual([]);
  });

  it('every rule listed in the expectations ran (a renamed file or source is not silently skipped)', () => {
    for (const c of coverage) for (const key of c.expected.keys()) expect(c.actual.has(key) ? key : `${EXPECTED_FILE}: ${key}`).toBe(key);
  });

  it('the headline sources are exercised by SigmaHQ rules, each firing as listed', () => {
    const rows = new Map(coverage.map((c) => [c.source.id, coverageRow(c)]));
    for (const id of ['linux-sshd', 'linux-sudo', 'linux-auth', 'linux-syslog', 'linux-auditd', 'linux-cron', 'linux-vsftpd', 'linux-iptables', 'cef-firewall', 'cef-proxy', 'leef-firewall', 'ecs-linux', 'ecs-web-access', 'aws-cloudtrail', 'azure-activitylogs', 'gcp-audit', 'okta-system', 'kubernetes-audit', 'azure-signinlogs', 'github-audit', 'zeek-dns', 'zeek-http', 'suricata-dns', 'zeek-dns-ecs', 'zeek-http-ecs', 'suricata-dns-ecs']) {
      const row = rows.get(id);
      expect(row?.exercised).toBeGreaterThan(0);
      expect(row?.asExpected).toBe(row?.exercised);
    }
  });
});
