import { ParseError } from '../parsed-record';
import { leefDelimiter, parseLeef } from './leef-parser';

const ctx = { receivedAt: Date.parse('2026-11-28T10:00:00Z') };

describe('parseLeef', () => {
  it('reads LEEF 1.0 with tabs', () => {
    const r = parseLeef('LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black', ctx);
    expect(r.fields).toMatchObject({
      'observer.vendor': 'Microsoft',
      'observer.product': 'MSExchange',
      'event.code': '15345',
      'source.ip': '192.0.2.0',
      'destination.ip': '172.50.123.1',
      'source.port': '81',
      'destination.port': '21',
      'user.name': 'joe.black',
      'event.severity': '5',
    });
    expect(r.original['cat']).toBe('anomaly');
  });

  it('reads LEEF 2.0 with a hex or literal delimiter and devTimeFormat', () => {
    const hex = parseLeef('LEEF:2.0|Lancope|StealthWatch|1.0|41|x09|src=10.0.1.8\tdst=10.0.0.5\tproto=6\tdevTime=2026-11-28 09:00:00.000\tdevTimeFormat=yyyy-MM-dd HH:mm:ss.SSS', ctx);
    expect(hex.fields).toMatchObject({ 'source.ip': '10.0.1.8', 'network.transport': 'tcp', '@timestamp': '2026-11-28T09:00:00.000Z' });
    const caret = parseLeef('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5^devTime=May 24 2016 16:12:34^cat=network', ctx);
    expect(caret.fields).toMatchObject({ 'destination.ip': '10.0.0.5', '@timestamp': '2016-05-24T16:12:34.000Z', 'event.category': 'network' });
  });

  it('parses hex delimiters', () => {
    expect(leefDelimiter('x09')).toBe('\t');
    expect(leefDelimiter('0x5E')).toBe('^');
    expect(leefDelimiter('|')).toBe('|');
    expect(leefDelimiter('')).toBe('\t');
  });

  it('falls back to space-separated pairs when a LEEF 1.0 sender uses spaces', () => {
    const r = parseLeef('<13>Jan 18 11:07:53 host1 LEEF:1.0|V|P|1|E1|src=192.0.2.1 dst=192.0.2.2 usrName=a b', ctx);
    expect(r.fields).toMatchObject({ 'host.name': 'host1', 'source.ip': '192.0.2.1', 'user.name': 'a b' });
  });

  it('warns when devTime does not fit devTimeFormat, rejects non-LEEF', () => {
    expect(parseLeef('LEEF:1.0|V|P|1|E|devTime=bad\tdevTimeFormat=yyyy', ctx).warnings).toHaveLength(1);
    expect(() => parseLeef('LEEF:1.0|V|P', ctx)).toThrow(ParseError);
    expect(() => parseLeef('CEF:0|', ctx)).toThrow(ParseError);
  });
});
