import { testEvent } from './event.test-util';
import { Watchlist, emptySkipped } from './indicator';
import { parseCsvWatchlist } from './parse-csv';
import { placeholdersOf } from './placeholders';
import { WatchlistIndex } from './watchlist-index';

const list = (name: string, csv: string, severity?: Watchlist['severity']): Watchlist => ({ ...parseCsvWatchlist(name, csv), ...(severity ? { severity } : {}) });

describe('WatchlistIndex lookups', () => {
  const index = new WatchlistIndex([
    list('c2', 'type,value,description\nip,198.51.100.7,C2 box\ncidr,198.51.100.0/24,C2 range\ncidr,10.0.0.0/8,\nip,2001:db8::/32,v6 range\n'),
    list('phish', 'type,value\ndomain,evil.example\ndomain,*.bad.example\n'),
    list('hashes', 'type,value,severity\nsha256,EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C,critical\nmd5,cead3f77f6cda6ec00f57d76c9a6879f,\n'),
    list('admin_users', 'user\nAlice\ncorp\\svc-sql\n', 'medium'),
  ]);

  it('finds an address in every network that holds it, most specific first', () => {
    expect(index.lookupIp('198.51.100.7').map((e) => e.indicator.value)).toEqual(['198.51.100.7', '198.51.100.0/24']);
    expect(index.lookupIp('10.200.3.4').map((e) => e.indicator.value)).toEqual(['10.0.0.0/8']);
    expect(index.lookupIp('::ffff:10.0.0.1').map((e) => e.indicator.value)).toEqual(['10.0.0.0/8']);
    expect(index.lookupIp('2001:db8:1::5').map((e) => e.indicator.value)).toEqual(['2001:db8::/32']);
    expect(index.lookupIp('198.51.101.7')).toEqual([]);
    expect(index.lookupIp('not an ip')).toEqual([]);
  });

  it('matches exact domains exactly and *.domain on the domain and every subdomain', () => {
    expect(index.lookupDomain('EVIL.example.').map((e) => e.indicator.value)).toEqual(['evil.example']);
    expect(index.lookupDomain('www.evil.example')).toEqual([]);
    expect(index.lookupDomain('bad.example').map((e) => e.indicator.value)).toEqual(['*.bad.example']);
    expect(index.lookupDomain('a.b.bad.example').map((e) => e.indicator.value)).toEqual(['*.bad.example']);
    expect(index.lookupDomain('notbad.example')).toEqual([]);
  });

  it('compares hashes and user names without case', () => {
    expect(index.lookupHash('ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c')).toHaveLength(1);
    expect(index.lookupUser('ALICE')[0]).toMatchObject({ list: 'admin_users', severity: 'medium' });
  });

  it('holds many networks without scanning them: 50,000 /24s and a lookup still finds the one', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `cidr,${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`).join('\n');
    const large = new WatchlistIndex([list('big', `type,value\n${big}\n`)]);
    expect(large.size).toBe(50_000);
    expect(large.lookupIp('10.194.80.9').map((e) => e.indicator.value)).toEqual(['10.194.80.0/24']);
  });

  describe('matchEvent', () => {
    it('checks addresses, user, DNS names, URLs and Sysmon hashes, one hit per list, indicator and field', () => {
      const event = testEvent({
        host: { name: 'ws1', ip: '10.1.1.1' },
        user: { name: 'CORP\\Alice', domain: 'CORP' },
        src: { ip: '10.1.1.1', port: 50000 },
        dst: { ip: '198.51.100.7', port: 443 },
        original: {
          QueryName: 'cdn.bad.example',
          'url.full': 'https://evil.example/login',
          Hashes: 'SHA1=0000000000000000000000000000000000000000,MD5=CEAD3F77F6CDA6EC00F57D76C9A6879F,SHA256=EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C,IMPHASH=00000000000000000000000000000000',
          TargetUserName: 'alice',
        },
      });
      const hits = index.matchEvent(event).map((h) => `${h.list}|${h.indicator}|${h.field}|${h.value}`);
      expect(hits.sort()).toEqual(
        [
          'c2|10.0.0.0/8|src.ip|10.1.1.1',
          'c2|198.51.100.7|dst.ip|198.51.100.7',
          'c2|198.51.100.0/24|dst.ip|198.51.100.7',
          'admin_users|alice|user.name|alice',
          'phish|*.bad.example|QueryName|cdn.bad.example',
          'phish|evil.example|url.full|evil.example',
          'hashes|cead3f77f6cda6ec00f57d76c9a6879f|Hashes|cead3f77f6cda6ec00f57d76c9a6879f',
          'hashes|ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c|Hashes|ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c',
        ].sort(),
      );
      const sha = index.matchEvent(event).find((h) => h.kind === 'hash' && h.severity);
      expect(sha?.severity).toBe('critical');
      expect(index.matchEvent(event).find((h) => h.indicator === '198.51.100.7')?.description).toBe('C2 box');
    });

    it('reads ECS and OCSF DNS names and the addresses a Sysmon DNS query resolved to', () => {
      expect(index.matchEvent(testEvent({ original: { 'dns.question.name': 'EVIL.EXAMPLE' } }))).toMatchObject([{ list: 'phish', field: 'dns.question.name' }]);
      expect(index.matchEvent(testEvent({ original: { 'query.hostname': 'x.bad.example' } }))).toMatchObject([{ list: 'phish', field: 'query.hostname' }]);
      expect(index.matchEvent(testEvent({ original: { QueryResults: 'type:  5 cdn.example;::ffff:198.51.100.9;' } }))).toMatchObject([{ list: 'c2', indicator: '198.51.100.0/24', field: 'QueryResults', value: '198.51.100.9' }]);
    });

    it('finds nothing in a clean event', () => {
      expect(index.matchEvent(testEvent({ src: { ip: '192.0.2.1', port: 1 }, user: { name: 'carol', domain: null }, original: { QueryName: 'example.org' } }))).toEqual([]);
    });
  });

  it('feeds Sigma expand placeholders by list name', () => {
    const placeholders = placeholdersOf(index);
    expect(placeholders['admin_users']).toEqual(['alice', 'corp\\svc-sql']);
    expect(placeholders['phish']).toEqual(['evil.example', 'bad.example', '*.bad.example']);
  });

  it('summarizes its lists', () => {
    expect(index.lists.find((l) => l.name === 'admin_users')).toEqual({ name: 'admin_users', severity: 'medium', indicators: 2, errors: 0 });
    expect(new WatchlistIndex([{ name: 'e', indicators: [], errors: [], skipped: emptySkipped() }]).size).toBe(0);
  });
});
