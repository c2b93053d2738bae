import { ParseError } from '../parsed-record';
import { parseSyslog5424 } from './syslog5424-parser';

describe('parseSyslog5424', () => {
  it('reads RFC 5424 §6.5 example 1 (no SD, BOM before MSG, NILVALUE PROCID)', () => {
    const r = parseSyslog5424("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
    expect(r.fields).toEqual({
      '@timestamp': '2003-10-11T22:14:15.003Z',
      'host.name': 'mymachine.example.com',
      'process.name': 'su',
      'event.code': 'ID47',
      'log.syslog.facility.code': '4',
      'log.syslog.severity.code': '2',
      'log.syslog.priority': '34',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(r.time).toBe(Date.parse('2003-10-11T22:14:15.003Z'));
  });

  it('reads example 2: microseconds with an offset, numeric PROCID, no MSGID', () => {
    const r = parseSyslog5424("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
    expect(r.fields['@timestamp']).toBe('2003-08-24T12:14:15.000Z');
    expect(r.fields['process.pid']).toBe('8710');
    expect(r.fields['event.code']).toBeUndefined();
    expect(r.fields['message']).toBe("%% It's time to make the do-nuts.");
  });

  it('keeps several SD elements in original as sd.<id>.<param>, without a message', () => {
    const r = parseSyslog5424(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    );
    expect(r.original).toMatchObject({
      'sd.exampleSDID@32473.iut': '3',
      'sd.exampleSDID@32473.eventSource': 'Application',
      'sd.exampleSDID@32473.eventID': '1011',
      'sd.examplePriority@32473.class': 'high',
    });
    expect(r.fields['message']).toBeUndefined();
  });

  it('unescapes \\], \\" and \\\\ in SD values and keeps other backslashes', () => {
    const r = parseSyslog5424('<13>1 - - - - - [x@1 a="br\\]ack" b="q\\"uote" c="back\\\\slash" d="C:\\temp"] msg');
    expect(r.original).toMatchObject({ 'sd.x@1.a': 'br]ack', 'sd.x@1.b': 'q"uote', 'sd.x@1.c': 'back\\slash', 'sd.x@1.d': 'C:\\temp' });
    expect(r.fields['@timestamp']).toBeUndefined();
    expect(r.fields['host.name']).toBeUndefined();
    expect(r.fields['message']).toBe('msg');
  });

  it('keeps a non-numeric PROCID only in original', () => {
    const r = parseSyslog5424('<13>1 2024-01-01T00:00:00Z h app worker-3 - - hi');
    expect(r.fields['process.pid']).toBeUndefined();
    expect(r.original['procid']).toBe('worker-3');
  });

  it('warns on a bad timestamp and rejects a broken header or SD', () => {
    expect(parseSyslog5424('<13>1 yesterday h a - - - x').warnings[0]).toMatch(/TIMESTAMP/);
    expect(() => parseSyslog5424('<13>1 2024-01-01T00:00:00Z h')).toThrow(ParseError);
    expect(() => parseSyslog5424('<13>1 - h a - - X m')).toThrow(ParseError);
    expect(() => parseSyslog5424('<13>1 - h a - - -\n<13>1 - h a - - -')).toThrow(ParseError);
  });

  it('keeps bracketed text that is not valid SD as the message, with a warning', () => {
    const r = parseSyslog5424('<0>1 2024-01-15T10:30:00Z localhost kernel 0 - [UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=192.168.1.1 PROTO=TCP');
    expect(r.warnings[0]).toMatch(/kept as MSG/);
    expect(r.fields).toMatchObject({ message: '[UFW BLOCK] IN=eth0 OUT= SRC=10.0.0.1 DST=192.168.1.1 PROTO=TCP', 'event.action': 'UFW BLOCK', 'source.ip': '10.0.0.1' });
    expect(() => parseSyslog5424('no pri')).toThrow(ParseError);
  });

  it('runs the extractors on the message', () => {
    const r = parseSyslog5424('<38>1 2024-05-01T10:00:00+02:00 web-1 sshd 4242 - - Failed password for root from 203.0.113.9 port 51234 ssh2');
    expect(r.fields).toMatchObject({ 'event.category': 'authentication', 'event.outcome': 'failure', 'user.name': 'root', 'source.ip': '203.0.113.9', 'source.port': '51234' });
  });
});
