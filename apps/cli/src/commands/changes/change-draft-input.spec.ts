import { DraftInputError, draftFrom } from './change-draft-input';

describe('the body quell changes add sends', () => {
  it('reads a JSON file and lets flags replace its fields and scope lists', () => {
    const file = JSON.stringify({ title: 'From file', ticketRef: 'CHG1', scope: { hosts: ['a'], services: ['vpn'] }, windows: [{ start: 0, end: 1 }] });
    expect(draftFrom(file, { title: 'From flag', host: ['b', 'c'] })).toEqual({
      title: 'From flag',
      ticketRef: 'CHG1',
      scope: { hosts: ['b', 'c'], services: ['vpn'] },
      windows: [{ start: 0, end: 1 }],
    });
  });

  it('builds one window from flags: a time without an offset in --time-zone, RRULE and EXDATEs', () => {
    const draft = draftFrom(undefined, {
      title: 't',
      host: ['fw-01'],
      start: '2026-03-29 01:30',
      duration: '90',
      'time-zone': 'Europe/Berlin',
      rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU',
      exdate: ['2026-04-05T01:30:00+02:00'],
    });
    expect(draft.windows).toEqual([
      { start: Date.parse('2026-03-29T01:30:00+01:00'), durationMinutes: 90, timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=SU', exdates: [Date.parse('2026-04-05T01:30:00+02:00')] },
    ]);
  });

  it.each([
    [{ end: '2026-03-02 03:00' }, 'a window from flags needs --start, and --end or --duration'],
    [{ start: '2026-03-02 01:00', end: '2026-03-02 03:00', duration: '60' }, 'give exactly one of --end and --duration'],
    [{ start: '2026-03-02 01:00', duration: '1.5' }, '--duration must be whole minutes, not "1.5"'],
    [{ start: 'tomorrow', duration: '60' }, /^--start: "tomorrow" is not a date-time/],
    [{ start: '2026-03-02 01:00', duration: '60', 'time-zone': 'Mars/Olympus' }, '--time-zone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/Berlin)'],
  ])('refuses window flags %j', (flags, message) => {
    expect(() => draftFrom(undefined, flags)).toThrow(DraftInputError);
    expect(() => draftFrom(undefined, flags)).toThrow(message);
  });

  it('refuses a file that is not one object, or a YAML alias bomb, with the reason', () => {
    expect(() => draftFrom('[1, 2]', {})).toThrow('the change file must hold one object');
    // Each anchor refers ten times to the one before: 10^12 nodes once expanded (billion laughs).
    const anchors = 'abcdefghijklm';
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...[...anchors.slice(1)].map((n, i) => `${n}: &${n} [${Array(10).fill(`*${anchors[i]}`).join(', ')}]`)].join('\n');
    expect(() => draftFrom(bomb, {})).toThrow(/^the change file cannot be read: line \d+: .*aliases/);
  });
});
