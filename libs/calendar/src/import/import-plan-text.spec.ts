import type { Change } from '@quell/contracts';
import { importChanges } from './import-changes';
import { planImport } from './import-plan';
import { countImportPlan, formatImportPlan } from './import-plan-text';
import { LIMITS } from './test/limits';

const csv = [
  'number,short_description,approval,start_date,end_date,cmdb_ci',
  'CHG1,Firewall upgrade,approved,2026-03-14 00:00:00,2026-03-14 02:00:00,fw-01',
  'CHG2,Switch swap,requested,2026-03-15 00:00:00,2026-03-15 01:00:00,sw-02',
  'CHG3,,approved,2026-03-16 00:00:00,2026-03-16 01:00:00,VPN',
].join('\n');

describe('formatImportPlan', () => {
  it('shows creates, updates with old and new values, and row errors', () => {
    const result = importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv });
    const existing = {
      id: 'c-2', tenant: 'acme', ticketRef: 'CHG2', title: 'Switch swap', kind: 'normal', status: 'requested', owner: null, approver: null,
      approvals: [], version: 1, scope: { hosts: ['sw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
      windows: [{ start: Date.parse('2026-03-15T00:00:00Z'), end: Date.parse('2026-03-15T01:00:00Z'), rrule: null, timeZone: 'UTC', exdates: [] }],
    } satisfies Change;
    const plan = planImport('acme', [existing], result);
    expect(countImportPlan(plan)).toEqual({ create: 1, update: 1, unchanged: 0, errors: 1 });
    expect(formatImportPlan(plan)).toEqual([
      '1 to create, 1 to update, 0 unchanged, 1 not importable',
      '+ CHG1 (row 1): Firewall upgrade [normal, approved] 2026-03-14T00:00Z–2026-03-14T02:00Z',
      '~ CHG2 (row 2) → change c-2',
      '    scope: hosts sw-01 → hosts sw-02',
      '! row 3 CHG3: short_description is empty: a change needs a title',
    ]);
  });
});
