import { changeDraftSchema, parseChangeDraft, type ChangeLimits } from './change-input';
import { draftWarnings } from './draft-warnings';

const limits: ChangeLimits = { maxWindowMs: 24 * 3_600_000 };

const valid = {
  title: 'Firewall maintenance',
  ticketRef: 'CHG0031',
  kind: 'normal',
  status: 'approved',
  owner: 'netops',
  scope: { hosts: ['fw-*'], ips: ['10.0.0.0/8', '2001:db8::1'] },
  windows: [{ start: '2026-03-15T02:30:00+01:00', end: '2026-03-15T04:00:00+01:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=SU', exdates: ['2026-03-22T02:30:00+01:00'] }],
};

function problemsOf(input: unknown): string[] {
  const result = parseChangeDraft(input, limits);
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

const withWindow = (window: object) => ({ ...valid, windows: [{ ...valid.windows[0], ...window }] });

describe('parseChangeDraft', () => {
  it('accepts a valid change and fills defaults', () => {
    const result = parseChangeDraft(valid, limits);
    expect(result).toEqual({
      ok: true,
      draft: {
        title: 'Firewall maintenance', ticketRef: 'CHG0031', kind: 'normal', status: 'approved', owner: 'netops',
        scope: { hosts: ['fw-*'], ips: ['10.0.0.0/8', '2001:db8::1'], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
        windows: [{
          start: Date.parse('2026-03-15T01:30:00Z'), end: Date.parse('2026-03-15T03:00:00Z'), rrule: 'FREQ=WEEKLY;BYDAY=SU',
          timeZone: 'Europe/Berlin', exdates: [Date.parse('2026-03-22T01:30:00Z')],
        }],
      },
    });
  });

  it('takes a duration instead of an end', () => {
    const result = parseChangeDraft(withWindow({ end: undefined, durationMinutes: 90 }), limits);
    expect(result.ok && result.draft.windows[0].end - result.draft.windows[0].start).toBe(90 * 60_000);
  });

  it('rejects an end before the start', () => {
    expect(problemsOf(withWindow({ end: '2026-03-15T01:00:00+01:00' }))).toEqual([
      'windows.0: end (2026-03-15T00:00:00.000Z) is not after start (2026-03-15T01:30:00.000Z)',
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(problemsOf(withWindow({ timeZone: 'Europe/Atlantis' }))).toEqual([
      'windows.0: unknown time zone "Europe/Atlantis" (use an IANA name such as Europe/Berlin)',
    ]);
  });

  it('rejects an invalid RRULE with the reason', () => {
    expect(problemsOf(withWindow({ rrule: 'FREQ=FORTNIGHTLY' }))).toEqual(['windows.0: invalid rrule "FREQ=FORTNIGHTLY": Invalid FREQ value: FORTNIGHTLY']);
    expect(problemsOf(withWindow({ rrule: 'BYDAY=SU' }))).toEqual(['windows.0: invalid rrule "BYDAY=SU": FREQ is required']);
    expect(problemsOf(withWindow({ rrule: 'FREQ=MINUTELY' }))).toEqual(['windows.0: invalid rrule "FREQ=MINUTELY": a change window may recur at most hourly']);
    expect(problemsOf(withWindow({ rrule: 'FREQ=DAILY\nDTSTART:20260101T000000Z' }))[0]).toMatch(/must be one RRULE value/);
    expect(problemsOf(withWindow({ rrule: 'FREQ=HOURLY;BYMINUTE=0,30' }))).toEqual([
      'windows.0: invalid rrule "FREQ=HOURLY;BYMINUTE=0,30": BYMINUTE and BYSECOND take one value (a window starts at one time)',
    ]);
    expect(problemsOf(withWindow({ rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }))[0]).toMatch(/^windows\.0: invalid rrule "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30": /);
  });

  it('rejects an empty scope', () => {
    expect(problemsOf({ ...valid, scope: { rules: ['r1'] } })).toEqual([
      'scope: scope names no host, IP, service or asset tag (an empty scope would cover every asset)',
    ]);
  });

  it('rejects a window longer than the configured maximum', () => {
    expect(problemsOf(withWindow({ end: '2026-03-17T04:00:00+01:00', rrule: null }))).toEqual([
      'windows.0: window lasts 49.5 h, longer than the maximum of 24 h',
    ]);
  });

  it('names a bad IP, a bare wall time and a missing window', () => {
    expect(problemsOf({ ...valid, scope: { ips: ['10.0.0.300'] } })).toEqual(['scope.ips.0: must be an IP address or CIDR range, e.g. 10.0.0.0/8']);
    expect(problemsOf(withWindow({ start: '2026-03-15T02:30:00' }))[0]).toMatch(/^windows\.0\.start: /);
    expect(problemsOf({ ...valid, windows: [] })).toEqual(['windows: a change needs at least one window']);
  });
});

describe('draftWarnings', () => {
  it('warns of a weekly 02:30 Europe/Berlin window that has no occurrence on 29 March 2026', () => {
    const result = parseChangeDraft(valid, limits);
    if (!result.ok) throw new Error('the valid draft did not parse');
    expect(draftWarnings(result.draft, Date.parse('2026-03-01T00:00Z'), Date.parse('2026-12-31T00:00Z'))).toEqual([
      { path: 'windows.0', message: 'no occurrence on 2026-03-29: the start time does not exist there in Europe/Berlin (clocks spring forward; RFC 5545 skips such occurrences)' },
    ]);
  });

  it('warns of an exdate that removes nothing: not an occurrence start (02:30 written as UTC), or on a window that does not recur', () => {
    const warningsOf = (window: object) => {
      const result = parseChangeDraft(withWindow(window), limits);
      if (!result.ok) throw new Error('the draft did not parse');
      return draftWarnings(result.draft, Date.parse('2026-04-01T00:00Z'), Date.parse('2026-12-31T00:00Z'));
    };
    expect(warningsOf({ exdates: ['2026-04-12T02:30:00Z'] })).toEqual([
      { path: 'windows.0.exdates.0', message: "2026-04-12T02:30:00.000Z is no occurrence's start, so it excludes nothing (an exdate is the exact start of the occurrence it removes)" },
    ]);
    expect(warningsOf({ exdates: ['2026-04-12T02:30:00+02:00'] })).toEqual([]);
    expect(warningsOf({ rrule: null, exdates: ['2026-03-15T02:30:00+01:00'] })).toEqual([
      { path: 'windows.0.exdates.0', message: '2026-03-15T01:30:00.000Z excludes nothing: exdates apply to a recurring window (rrule) only' },
    ]);
  });
});

describe('unknown fields', () => {
  it('are refused by the API parser at their own path, and dropped by the lenient schema imports use', () => {
    expect(problemsOf({ ...valid, bogus: 1, scope: { ...valid.scope, hostz: [] } })).toEqual(['scope.hostz: unknown field', 'bogus: unknown field']);
    expect(problemsOf({ ...valid, id: 'c-1', version: 3 })).toEqual(['id: is set by the server and cannot be written; leave it out', 'version: is set by the server and cannot be written; leave it out']);
    const lenient = changeDraftSchema(limits).safeParse({ ...valid, row: 4, source: 'servicenow', scope: { ...valid.scope, cmdb_ci: 'fw' } });
    expect(lenient.success && lenient.data.title).toBe('Firewall maintenance');
  });
});

describe('what the recurrence library would silently ignore', () => {
  it('refuses a malformed RRULE part instead of recurring without it', () => {
    expect(problemsOf(withWindow({ rrule: 'FREQ=WEEKLY;COUNT=1O' }))).toEqual(['windows.0: invalid rrule "FREQ=WEEKLY;COUNT=1O": COUNT=1O is not a valid COUNT value']);
    expect(problemsOf(withWindow({ rrule: 'FREQ=DAILY;BYHOUR=99' }))).toEqual(['windows.0: invalid rrule "FREQ=DAILY;BYHOUR=99": BYHOUR=99 is not a valid BYHOUR value']);
    expect(problemsOf(withWindow({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-0' }))[0]).toMatch(/BYMONTHDAY=-0 is not a valid BYMONTHDAY value/);
    expect(problemsOf(withWindow({ rrule: 'FREQ=WEEKLY;BYDAY=SU;BYDAY=MO' }))[0]).toMatch(/BYDAY is given twice/);
    expect(problemsOf(withWindow({ rrule: 'FREQ=YEARLY;BYMONHT=3' }))[0]).toMatch(/unknown part "BYMONHT"/);
  });

  it('still takes the RFC 5545 parts, an RRULE: prefix and a trailing semicolon', () => {
    for (const rrule of ['RRULE:FREQ=MONTHLY;BYDAY=-1SU;INTERVAL=2;UNTIL=20271231T000000Z', 'FREQ=YEARLY;BYMONTH=3,10;BYDAY=1SU,+2SA;WKST=MO;', 'FREQ=DAILY;COUNT=10;BYHOUR=2']) {
      expect(problemsOf(withWindow({ rrule }))).toEqual([]);
    }
  });
});

describe('instants', () => {
  it('refuses a date-time that does not exist instead of rolling it over or failing later', () => {
    const format = 'must be epoch milliseconds or ISO 8601 with Z or an offset, e.g. 2026-03-15T02:30:00+01:00';
    expect(problemsOf(withWindow({ start: '2026-13-01T01:00:00Z', end: '2026-13-01T03:00:00Z' }))).toEqual([`windows.0.start: ${format}`, `windows.0.end: ${format}`]);
    expect(problemsOf(withWindow({ start: '2026-02-30T01:00:00Z' }))).toEqual([`windows.0.start: ${format}`]);
    expect(problemsOf(withWindow({ start: 'yesterday' }))).toEqual([`windows.0.start: ${format}`]);
    expect(problemsOf(withWindow({ exdates: ['2026-03-22T24:30:00+01:00'] }))).toEqual([`windows.0.exdates.0: ${format}`]);
    expect(problemsOf(withWindow({ start: 9e15 }))).toEqual([`windows.0.start: ${format}`]);
  });
});
