import { ParseError } from '../parsed-record';
import { createKvParser, parseKv } from './kv-parser';
import { isWhitespaceCode } from './kv-splitter';

const ctx = { receivedAt: Date.parse('2026-11-28T10:00:00Z') };

describe('parseKv', () => {
  it('reads Fortinet-style traffic logs with quoted values and date/time/tz', () => {
    const r = parseKv(
      'date=2019-05-10 time=11:37:47 logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" tz="-0700" srcip=10.8.0.1 srcport=49334 dstip=8.8.8.8 dstport=53 proto=17 action="accept" policyname="all out" devname="FGT 60E"',
      ctx,
    );
    expect(r.fields).toMatchObject({
      '@timestamp': '2019-05-10T18:37:47.000Z',
      'source.ip': '10.8.0.1',
      'source.port': '49334',
      'destination.ip': '8.8.8.8',
      'destination.port': '53',
      'network.transport': 'udp',
      'event.action': 'accept',
      'event.outcome': 'success',
      'event.category': 'network',
      'event.code': '0000000013',
      'rule.name': 'all out',
      'host.name': 'FGT 60E',
    });
  });

  it('honours custom separators and escaped quotes', () => {
    const parse = createKvParser({ pairSeparator: ';', valueSeparator: ':' });
    expect(parse('user:alice; src:192.0.2.1;msg:"a; b"', ctx).original).toEqual({ user: 'alice', src: '192.0.2.1', msg: 'a; b' });
    expect(parseKv('msg="say \\"hi\\"" k=v', ctx).original['msg']).toBe('say "hi"');
  });

  it('reads a bare <PRI> before the pairs and applies a per-source mapping', () => {
    const r = parseKv('<189>devname=fw1 srcip=10.0.0.1 xuser=carol', { ...ctx, fieldMapping: { xuser: 'user.name' } });
    expect(r.fields).toMatchObject({ 'log.syslog.facility.code': '23', 'log.syslog.severity.code': '5', 'host.name': 'fw1', 'user.name': 'carol' });
    expect(r.original['devname']).toBe('fw1');
  });

  it('warns about stray words and rejects text without pairs', () => {
    expect(parseKv('a=1 stray b=2', ctx).warnings).toHaveLength(1);
    expect(() => parseKv('no pairs here', ctx)).toThrow(ParseError);
  });
});

describe('isWhitespaceCode', () => {
  it('is exactly the regular expression class \\s, over every UTF-16 code unit', () => {
    const differing: number[] = [];
    for (let code = 0; code <= 0xffff; code++) if (isWhitespaceCode(code) !== /\s/.test(String.fromCharCode(code))) differing.push(code);
    expect(differing).toEqual([]);
  });
});
