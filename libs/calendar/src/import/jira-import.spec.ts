import { changeFromImport } from './import-apply';
import { importChanges } from './import-changes';
import { planImport } from './import-plan';
import { LIMITS } from './test/limits';
import { readFixture } from './test/read-fixture';

const at = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';

describe('importing Jira Service Management change issues', () => {
  describe('the CSV export', () => {
    const result = importChanges({ limits: LIMITS, source: 'jira', format: 'csv', text: readFixture('jira-changes.csv'), timeZone: BERLIN });

    it('maps change issues, reading every repeated "Affected services" column and sorting hosts from services', () => {
      expect(result.changes[0]).toEqual({
        row: 1,
        source: 'jira',
        title: 'Firewall rule base upgrade on fw-01',
        ticketRef: 'ITSM-42',
        kind: 'normal',
        status: 'approved',
        owner: 'Dana Ortiz',
        approver: 'jira',
        scope: { hosts: ['fw-01'], ips: [], services: ['VPN'], tags: [], eventClasses: [], actions: [], rules: [] },
        windows: [{ start: at('2026-03-14T00:00:00Z'), end: at('2026-03-14T02:00:00Z'), rrule: null, timeZone: BERLIN, exdates: [] }],
        sourceId: '10042',
        sourceUpdatedAt: at('2026-03-10T16:20:00Z'),
      });
      expect(result.changes.map((c) => [c.ticketRef, c.kind, c.status, c.scope.hosts, c.scope.services])).toEqual([
        ['ITSM-42', 'normal', 'approved', ['fw-01'], ['VPN']],
        ['ITSM-43', 'standard', 'requested', [], ['Jira']],
        ['ITSM-44', 'emergency', 'rejected', ['mx-01.acme.local'], ['Email']],
      ]);
    });

    it('reports an issue that is not a change and a window that ends before it starts', () => {
      expect(result.errors).toEqual([
        { row: 4, ticketRef: 'ITSM-45', field: 'Issue Type', reason: '"Service Request" is not a change issue' },
        { row: 4, ticketRef: 'ITSM-45', field: 'Custom field (Change start date)', reason: expect.stringMatching(/is empty/) },
        { row: 4, ticketRef: 'ITSM-45', field: 'Custom field (Change completion date)', reason: expect.stringMatching(/is empty/) },
        { row: 4, ticketRef: 'ITSM-45', field: 'Custom field (Affected services)', reason: expect.stringMatching(/names no affected service or host/) },
        { row: 5, ticketRef: 'ITSM-46', field: 'Custom field (Change completion date)', reason: expect.stringMatching(/ends \(19\/Mar\/26 1:00 AM\) before or when it starts/) },
      ]);
    });

    it('lets a custom workflow say which statuses mean approved', () => {
      const custom = importChanges({ limits: LIMITS, source: 'jira', format: 'csv', text: readFixture('jira-changes.csv'), timeZone: BERLIN, jiraStatusMap: { Planning: 'approved' } });
      expect(custom.changes.find((c) => c.ticketRef === 'ITSM-43')?.status).toBe('approved');
    });
  });

  describe('the REST search result with expand=names', () => {
    const result = importChanges({ limits: LIMITS, source: 'jira', format: 'json', text: readFixture('jira-search.json') });

    it('resolves custom fields by name and takes the approver from the approvals field', () => {
      expect(result.changes).toEqual([
        expect.objectContaining({
          ticketRef: 'ITSM-42',
          kind: 'normal',
          status: 'approved',
          owner: 'Dana Ortiz',
          approver: 'Morgan Blake',
          scope: expect.objectContaining({ hosts: ['fw-01'], services: ['VPN'] }),
          windows: [{ start: at('2026-03-14T00:00:00Z'), end: at('2026-03-14T02:00:00Z'), rrule: null, timeZone: 'UTC', exdates: [] }],
          sourceUpdatedAt: at('2026-03-10T16:20:00Z'),
        }),
      ]);
    });

    it('reports a service named only by id', () => {
      expect(result.errors).toEqual([
        { row: 2, ticketRef: 'ITSM-47', field: 'Custom field (Affected services)', reason: expect.stringMatching(/only by id:b9a6c1f2/) },
      ]);
    });
  });

  it('reads a webhook body {"issue": …} with custom field names supplied by configuration', () => {
    const search = JSON.parse(readFixture('jira-search.json'));
    const webhook = JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: search.issues[0] });
    const result = importChanges({ limits: LIMITS, source: 'jira', format: 'json', text: webhook, jiraFieldNames: search.names });
    expect(result.errors).toEqual([]);
    expect(result.changes[0]).toMatchObject({ ticketRef: 'ITSM-42', status: 'approved', scope: { hosts: ['fw-01'] } });
  });

  it('refuses a REST body whose custom fields cannot be named', () => {
    const search = JSON.parse(readFixture('jira-search.json'));
    const webhook = JSON.stringify({ issue: search.issues[0] });
    expect(() => importChanges({ limits: LIMITS, source: 'jira', format: 'json', text: webhook })).toThrow(/search with expand=names, or configure the field names/);
  });

  it('finds a re-import of the same Jira file all unchanged', () => {
    const read = () => importChanges({ limits: LIMITS, source: 'jira', format: 'csv', text: readFixture('jira-changes.csv'), timeZone: BERLIN });
    const created = planImport('acme', [], read()).create.map((c, i) => changeFromImport(c, `c${i}`, 'acme', 0));
    const again = planImport('acme', created, read());
    expect([again.create.length, again.update.length, again.unchanged.length]).toEqual([0, 0, 3]);
  });

  it('lets a declined approval win over an approving status, and an approval make an open change approved', () => {
    const issue = (status: string, finalDecision: string) => ({
      key: 'ITSM-1',
      fields: {
        summary: 's', status: { name: status }, customfield_1: '2026-01-01T00:00:00Z', customfield_2: '2026-01-01T01:00:00Z', customfield_3: ['fw-1'],
        customfield_4: [{ finalDecision, approvers: [] }],
      },
    });
    const names = { customfield_1: 'Change start date', customfield_2: 'Change completion date', customfield_3: 'Affected services', customfield_4: 'Approvals' };
    const read = (status: string, decision: string) =>
      importChanges({ limits: LIMITS, source: 'jira', format: 'json', text: JSON.stringify({ issues: [issue(status, decision)], names }) }).changes[0].status;
    expect(read('Awaiting implementation', 'declined')).toBe('rejected');
    expect(read('Awaiting approval', 'approved')).toBe('approved');
    expect(read('Awaiting approval', 'pending')).toBe('requested');
  });
});
