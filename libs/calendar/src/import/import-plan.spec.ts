import type { Change } from '@quell/contracts';
import { importChanges } from './import-changes';
import { changeFromImport, changeUpdatedByImport } from './import-apply';
import { planImport } from './import-plan';
import { LIMITS } from './test/limits';
import { readFixture } from './test/read-fixture';

const TENANT = 'acme';
const csv = readFixture('servicenow-change_request.csv');
const imported = () => importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv, timeZone: 'Europe/Berlin' });

const NOW = Date.parse('2026-03-13T12:00:00Z');

function applyPlan(current: Change[]): Change[] {
  const plan = planImport(TENANT, current, imported());
  const next = current.map((c) => {
    const update = plan.update.find((u) => u.changeId === c.id);
    return update ? changeUpdatedByImport(c, update, NOW) : c;
  });
  return [...next, ...plan.create.map((c, i) => changeFromImport(c, `chg-${i}`, TENANT, NOW))];
}

describe('planImport', () => {
  it('plans a create for every new ticket and keeps the row errors', () => {
    const plan = planImport(TENANT, [], imported());
    expect(plan.create.map((c) => c.ticketRef)).toEqual(['CHG0031001', 'CHG0031002', 'CHG0031003', 'CHG0031004', 'CHG0031007']);
    expect(plan.update).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.errors.map((e) => [e.row, e.field])).toEqual([[5, 'end_date'], [6, 'type']]);
    expect(plan.create[0].fields).toEqual({
      title: 'Firewall rule base upgrade on fw-01', ticketRef: 'CHG0031001', kind: 'normal', status: 'approved', owner: 'Dana Ortiz',
      approver: 'servicenow', scope: { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
      windows: [{ start: Date.parse('2026-03-14T00:00:00Z'), end: Date.parse('2026-03-14T02:00:00Z'), rrule: null, timeZone: 'Europe/Berlin', exdates: [] }],
    });
  });

  it('finds a re-import of the same file all unchanged', () => {
    const calendar = applyPlan([]);
    const again = planImport(TENANT, calendar, imported());
    expect(again.create).toEqual([]);
    expect(again.update).toEqual([]);
    expect(again.unchanged.map((u) => u.ticketRef)).toEqual(['CHG0031001', 'CHG0031002', 'CHG0031003', 'CHG0031004', 'CHG0031007']);
  });

  it('records the approval or rejection the ITSM reports once, as the status becomes it', () => {
    const calendar = applyPlan([]);
    const firewall = calendar.find((c) => c.ticketRef === 'CHG0031001') as Change;
    expect(firewall).toMatchObject({ tenant: TENANT, status: 'approved', approver: 'servicenow', version: 1 });
    expect(firewall.approvals).toEqual([{ by: 'servicenow', at: NOW, decision: 'approved', comment: 'imported from ticket CHG0031001' }]);
    expect(calendar.find((c) => c.ticketRef === 'CHG0031007')?.approvals.map((a) => a.decision)).toEqual(['rejected']);
    expect(calendar.find((c) => c.ticketRef === 'CHG0031003')?.approvals).toEqual([]);
    const reopened = calendar.map((c) => (c.id === firewall.id ? { ...c, status: 'requested', approver: null } : c));
    const after = applyPlan(reopened).find((c) => c.id === firewall.id) as Change;
    expect(after.version).toBe(2);
    expect(after.approvals.map((a) => a.decision)).toEqual(['approved', 'approved']);
    expect(applyPlan(after ? [after] : []).find((c) => c.id === firewall.id)?.approvals).toHaveLength(2);
  });

  it('plans an update with only the fields that differ, old and new', () => {
    const calendar = applyPlan([]);
    const edited = calendar.map((c) =>
      c.ticketRef === 'CHG0031003'
        ? { ...c, status: 'approved', approver: 'someone', windows: [{ ...c.windows[0], end: c.windows[0].end + 3_600_000 }] }
        : c,
    );
    const plan = planImport(TENANT, edited, imported());
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0].ticketRef).toBe('CHG0031003');
    expect(plan.update[0].changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['status', 'approved', 'requested'],
      ['approver', 'someone', null],
      ['windows', edited.find((c) => c.ticketRef === 'CHG0031003')?.windows, calendar.find((c) => c.ticketRef === 'CHG0031003')?.windows],
    ]);
  });

  it("keeps Quell's own scope tags and filters, and ignores order and case in scope lists", () => {
    const calendar = applyPlan([]).map((c) =>
      c.ticketRef === 'CHG0031001' ? { ...c, scope: { ...c.scope, hosts: ['FW-01'], tags: ['dmz'], eventClasses: ['config_change'] } } : c,
    );
    const plan = planImport(TENANT, calendar, imported());
    expect(plan.unchanged.map((u) => u.ticketRef)).toContain('CHG0031001');
    const moved = calendar.map((c) => (c.ticketRef === 'CHG0031001' ? { ...c, scope: { ...c.scope, hosts: ['fw-02'] } } : c));
    const update = planImport(TENANT, moved, imported()).update[0];
    expect(update.fields.scope).toEqual({ hosts: ['fw-01'], ips: [], services: [], tags: ['dmz'], eventClasses: ['config_change'], actions: [], rules: [] });
  });

  it('matches tickets case-insensitively, within the tenant only, and reports a ticket on two changes', () => {
    const calendar = applyPlan([]);
    const first = calendar.find((c) => c.ticketRef === 'CHG0031001') as Change;
    const lower = calendar.map((c) => (c.id === first.id ? { ...c, ticketRef: ' chg0031001 ' } : c));
    expect(planImport(TENANT, lower, imported()).unchanged.map((u) => u.ticketRef)).toContain('CHG0031001');
    expect(planImport('other-tenant', calendar, imported()).create).toHaveLength(5);
    const twice = [...calendar, { ...first, id: 'dup' }];
    const plan = planImport(TENANT, twice, imported());
    expect(plan.errors).toContainEqual({ row: 1, ticketRef: 'CHG0031001', field: 'ticket', reason: expect.stringMatching(/more than one change \(chg-0, dup\)/) });
    expect([...plan.create, ...plan.update, ...plan.unchanged].map((p) => p.ticketRef)).not.toContain('CHG0031001');
  });
});
