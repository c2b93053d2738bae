import { parseSyslog3164 } from './syslog3164-parser';

const at = (iso: string) => ({ receivedAt: Date.parse(iso) });

describe('parseSyslog3164', () => {
  it('reads RFC 3164 §5.4 example 1 with the year of the receive time', () => {
    const r = parseSyslog3164("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", at('2026-10-12T00:00:00Z'));
    expect(r.fields).toMatchObject({
      '@timestamp': '2026-10-11T22:14:15.000Z',
      'host.name': 'mymachine',
      'process.name': 'su',
      'log.syslog.facility.code': '4',
      'log.syslog.severity.code': '2',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('takes the previous year for a December line received in January, never a future date', () => {
    expect(parseSyslog3164('<13>Dec 31 23:59:59 h x: y', at('2027-01-01T00:00:10Z')).fields['@timestamp']).toBe('2026-12-31T23:59:59.000Z');
    expect(parseSyslog3164('<13>Nov 30 10:00:00 h x: y', at('2026-11-28T00:00:00Z')).fields['@timestamp']).toBe('2025-11-30T10:00:00.000Z');
    // Within two days ahead is clock skew or a time zone, so it stays in this year.
    expect(parseSyslog3164('<13>Nov 29 10:00:00 h x: y', at('2026-11-28T20:00:00Z')).fields['@timestamp']).toBe('2026-11-29T10:00:00.000Z');
    expect(parseSyslog3164('<13>Jan  1 00:00:05 h x: y', at('2026-12-31T23:59:00Z')).fields['@timestamp']).toBe('2027-01-01T00:00:05.000Z');
  });

  it('resolves Feb 29 to the nearest leap year', () => {
    expect(parseSyslog3164('<13>Feb 29 12:00:00 h x: y', at('2029-03-01T00:00:00Z')).fields['@timestamp']).toBe('2028-02-29T12:00:00.000Z');
    const r = parseSyslog3164('<13>Feb 30 12:00:00 h x: y', at('2029-03-01T00:00:00Z'));
    expect(r.time).toBeUndefined();
    expect(r.warnings[0]).toMatch(/invalid timestamp/);
    expect(parseSyslog3164('<13>Feb 29 12:00:00 h x: y', at('2028-03-01T00:00:00Z')).fields['@timestamp']).toBe('2028-02-29T12:00:00.000Z');
  });

  it('reads a line without PRI, and a bare message (example 2)', () => {
    const r = parseSyslog3164('Feb  5 17:32:18 web-1 cron[123]: job done', at('2026-03-01T00:00:00Z'));
    expect(r.fields).toMatchObject({ 'host.name': 'web-1', 'process.name': 'cron', 'process.pid': '123', message: 'job done' });
    expect(r.fields['log.syslog.priority']).toBeUndefined();
    expect(parseSyslog3164('Use the BFG!', at('2026-03-01T00:00:00Z')).fields).toEqual({ message: 'Use the BFG!' });
  });

  it('reads a hostname-less line and a line without a tag (example 3)', () => {
    expect(parseSyslog3164('<13>Feb  5 17:32:18 sshd[7]: hello', at('2026-03-01T00:00:00Z')).fields).toMatchObject({ 'process.name': 'sshd', 'process.pid': '7', message: 'hello' });
    const r = parseSyslog3164('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!', at('2026-03-01T00:00:00Z'));
    expect(r.fields['host.name']).toBe('10.0.0.99');
    expect(r.fields['process.name']).toBeUndefined();
    expect(r.fields['message']).toBe('Use the BFG!');
  });

  it('reads ISO timestamps (rsyslog RFC3339 template)', () => {
    const r = parseSyslog3164('2026-05-10T11:37:47.123456+02:00 db-2 postgres[900]: ready', at('2026-05-10T10:00:00Z'));
    expect(r.fields).toMatchObject({ '@timestamp': '2026-05-10T09:37:47.123Z', 'host.name': 'db-2', 'process.name': 'postgres', 'process.pid': '900', message: 'ready' });
  });

  it('reads the Cisco ASA forms: a year in the timestamp, a colon after the time or the hostname', () => {
    const r = parseSyslog3164('<166>Jun 27 2018 12:17:46 asa-fw : %ASA-3-106023: Deny tcp src outside:1.2.3.4/1', at('2026-11-28T00:00:00Z'));
    expect(r.fields).toMatchObject({ '@timestamp': '2018-06-27T12:17:46.000Z', 'host.name': 'asa-fw', message: '%ASA-3-106023: Deny tcp src outside:1.2.3.4/1' });
    const noHost = parseSyslog3164('<134>Nov 28 2007 17:20:48: %ASA-6-302013: Built outbound TCP connection 1', at('2026-11-28T00:00:00Z'));
    expect(noHost.fields).toMatchObject({ '@timestamp': '2007-11-28T17:20:48.000Z', message: '%ASA-6-302013: Built outbound TCP connection 1' });
    expect(noHost.fields['host.name']).toBeUndefined();
  });

  it('warns when PRI is followed by no timestamp', () => {
    expect(parseSyslog3164('<13>garbage here', at('2026-01-01T00:00:00Z')).warnings).toHaveLength(1);
  });
});
