import { importChanges, MAX_IMPORT_ROWS } from './import-changes';
import { ImportFormatError } from './import-types';
import { LIMITS } from './test/limits';
import { readFixture } from './test/read-fixture';

const at = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';

/** CHG0031001 as every ServiceNow export of the fixtures describes it. */
const firewallChange = {
  source: 'servicenow',
  title: 'Firewall rule base upgrade on fw-01',
  ticketRef: 'CHG0031001',
  kind: 'normal',
  status: 'approved',
  owner: 'Dana Ortiz',
  approver: 'servicenow',
  scope: { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
  sourceId: '1c741bd70b2322007518478d83673af3',
  sourceUpdatedAt: at('2026-03-10T15:20:11Z'),
};

describe('importing ServiceNow change_request exports', () => {
  describe('a list CSV export with display values, dates in the user zone', () => {
    const result = importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: readFixture('servicenow-change_request.csv'), timeZone: BERLIN });

    it('maps each row: kind, status (approved only when approval says so), owner, scope, window', () => {
      expect(result.changes[0]).toEqual({
        ...firewallChange,
        row: 1,
        windows: [{ start: at('2026-03-14T00:00:00Z'), end: at('2026-03-14T02:00:00Z'), rrule: null, timeZone: BERLIN, exdates: [] }],
      });
      expect(result.changes.map((c) => [c.ticketRef, c.kind, c.status, c.scope.hosts, c.scope.ips, c.scope.services])).toEqual([
        ['CHG0031001', 'normal', 'approved', ['fw-01'], [], []],
        ['CHG0031002', 'standard', 'approved', [], [], ['Payroll']],
        ['CHG0031003', 'emergency', 'requested', ['db-eu-1-prod.acme.local'], [], []],
        ['CHG0031004', 'normal', 'cancelled', [], ['10.20.0.5'], []],
        ['CHG0031007', 'normal', 'rejected', [], [], ['DNS']],
      ]);
      expect(result.changes.find((c) => c.ticketRef === 'CHG0031003')?.approver).toBeNull();
    });

    it('reports the rows it cannot map, with row, field and reason, and imports the rest', () => {
      expect(result.errors).toEqual([
        { row: 5, ticketRef: 'CHG0031005', field: 'end_date', reason: expect.stringMatching(/is empty: a change needs a planned window/) },
        { row: 6, ticketRef: 'CHG0031006', field: 'type', reason: '"Expedited" is not normal, standard or emergency' },
      ]);
      expect(result.changes).toHaveLength(5);
    });
  });

  it('reads the JSONv2 export (raw UTC values, dv_ display values) into the same change', () => {
    const result = importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: readFixture('servicenow-change_request.jsonv2.json') });
    expect(result.changes).toEqual([
      {
        ...firewallChange,
        row: 1,
        windows: [{ start: at('2026-03-14T00:00:00Z'), end: at('2026-03-14T02:00:00Z'), rrule: null, timeZone: 'UTC', exdates: [] }],
      },
    ]);
    expect(result.errors).toEqual([
      { row: 2, ticketRef: 'CHG0031010', field: 'cmdb_ci', reason: expect.stringMatching(/is a sys_id .* export with display values/) },
    ]);
  });

  it('reads the Table API with sysparm_display_value=all: names for references, raw (UTC) dates', () => {
    const result = importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: readFixture('servicenow-change_request.table-api.json'), timeZone: BERLIN });
    expect(result.errors).toEqual([]);
    expect(result.changes[0]).toMatchObject({ ...firewallChange, windows: [{ start: at('2026-03-14T00:00:00Z'), end: at('2026-03-14T02:00:00Z') }] });
  });

  it('reads a single Table API record and labels as CSV headers', () => {
    const single = JSON.stringify({ result: { number: 'CHG1', short_description: 'x', approval: 'approved', start_date: '2026-01-01 00:00:00', end_date: '2026-01-01 01:00:00', cmdb_ci: 'fw-9' } });
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: single }).changes[0]).toMatchObject({ ticketRef: 'CHG1', status: 'approved', scope: { hosts: ['fw-9'] } });
    const bare = JSON.stringify(JSON.parse(single).result);
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: bare }).changes[0]).toMatchObject({ ticketRef: 'CHG1' });
    const labels = 'Number,Short description,Approval,Planned start date,Planned end date,Configuration item\nCHG2,y,Approved,2026-01-01 00:00:00,2026-01-01 01:00:00,VPN\n';
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: labels }).changes[0]).toMatchObject({ ticketRef: 'CHG2', status: 'approved', scope: { services: ['VPN'] } });
  });

  it('falls back to work_start/work_end when the export has no planned dates', () => {
    const csv = 'number,short_description,approval,work_start,work_end,cmdb_ci\nCHG3,z,approved,2026-01-01 00:00:00,2026-01-01 01:00:00,fw-1\n';
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv }).changes[0].windows[0].start).toBe(at('2026-01-01T00:00:00Z'));
  });

  it('reports every problem of a row, and a window that ends before it starts', () => {
    const csv = 'number,short_description,state,approval,start_date,end_date,cmdb_ci\n,,-9,maybe,2026-01-02 00:00:00,2026-01-01 00:00:00,\n';
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv }).errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'number'], [1, 'short_description'], [1, 'state'], [1, 'approval'], [1, 'end_date'], [1, 'cmdb_ci'],
    ]);
  });

  it('keeps the most recently updated of two rows for one ticket and reports the other', () => {
    const csv = [
      'number,short_description,approval,start_date,end_date,cmdb_ci,sys_updated_on',
      'CHG9,new title,approved,2026-01-01 00:00:00,2026-01-01 01:00:00,fw-1,2026-01-02 00:00:00',
      'chg9,old title,approved,2026-01-01 00:00:00,2026-01-01 01:00:00,fw-1,2026-01-01 00:00:00',
    ].join('\n');
    const result = importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv });
    expect(result.changes.map((c) => c.title)).toEqual(['new title']);
    expect(result.errors).toEqual([{ row: 2, ticketRef: 'chg9', field: 'ticket', reason: expect.stringMatching(/duplicate of row 1/) }]);
  });

  it("applies the calendar's own rules: a window longer than the configured maximum is a row error", () => {
    const csv = 'number,short_description,approval,start_date,end_date,cmdb_ci\nCHG8,long,approved,2026-01-01 00:00:00,2026-01-09 00:00:00,fw-1\n';
    expect(importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: csv })).toEqual({
      changes: [],
      errors: [{ row: 1, ticketRef: 'CHG8', field: 'start_date/end_date', reason: expect.stringMatching(/lasts 192 h, longer than the maximum of 168 h/) }],
    });
  });

  it('refuses an unreadable file or an unknown time zone as a whole, with the reason', () => {
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: '{"records": 5}' })).toThrow(ImportFormatError);
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: '[1]' })).toThrow(/record 1 is not a JSON object/);
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'json', text: '{not json' })).toThrow(/not valid JSON/);
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: 'a,"b\n1,2' })).toThrow(/not a readable CSV file/);
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: 'number\n', timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
    const huge = `number\n${'CHG1\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(() => importChanges({ limits: LIMITS, source: 'servicenow', format: 'csv', text: huge })).toThrow(/20001 rows, more than the 20000 one import takes/);
  });
});
