import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonWatchlist } from './parse-json';
import { parseStixObjects } from './parse-stix';
import { parseStixPattern } from './stix-pattern';
import { testEvent } from './event.test-util';
import { WatchlistIndex } from './watchlist-index';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const now = () => Date.parse('2026-11-29T00:00:00Z');

describe('parseStixPattern on the STIX 2.1 specification examples', () => {
  const patterns = fixture('stix21-spec-patterns.txt').split('\n').filter(Boolean);

  it('reads the disjunctions of comparisons and rejects every other shape with a reason', () => {
    const accepted = patterns.map((p, i) => [i + 1, parseStixPattern(p).ok] as const).filter(([, ok]) => ok).map(([line]) => line);
    // 1: one hash; 14: url OR url; 16: registry OR registry; 19: one USB serial; 21: ISSUBSET.
    expect(accepted).toEqual([1, 14, 16, 19, 21]);
    const reasons = patterns.map((p) => parseStixPattern(p)).filter((r) => !r.ok).map((r) => (r.ok ? '' : r.reason));
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^operator MATCHES is not supported/),
        expect.stringMatching(/^AND inside an observation is not supported/),
        expect.stringMatching(/^AND between observations is not supported/),
        expect.stringMatching(/^FOLLOWEDBY between observations is not supported/),
        expect.stringMatching(/^operator > is not supported/),
      ]),
    );
    expect(reasons.filter((r) => r.startsWith('pattern syntax'))).toEqual([]);
  });

  it('gives the comparisons with their object paths and values', () => {
    expect(parseStixPattern(patterns[0])).toEqual({
      ok: true,
      comparisons: [{ text: "file:hashes.'SHA-256'", objectType: 'file', path: ['hashes', 'SHA-256'], operator: '=', values: ['aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f'] }],
    });
    expect(parseStixPattern("[user-account:user_id IN ('a', 'b\\'c')]")).toEqual({
      ok: true,
      comparisons: [{ text: 'user-account:user_id', objectType: 'user-account', path: ['user_id'], operator: 'IN', values: ['a', "b'c"] }],
    });
  });

  it('rejects qualifiers, NOT and broken syntax', () => {
    expect(parseStixPattern("[ipv4-addr:value = '192.0.2.1'] REPEATS 5 TIMES")).toEqual({ ok: false, reason: 'qualifier REPEATS is not supported' });
    expect(parseStixPattern("[ipv4-addr:value NOT = '192.0.2.1']")).toEqual({ ok: false, reason: expect.stringContaining('operator NOT') });
    expect(parseStixPattern("[ipv4-addr:value = '192.0.2.1'")).toEqual({ ok: false, reason: expect.stringContaining('pattern syntax') });
    expect(parseStixPattern("[ipv4-addr:value = '192.0.2.1]")).toEqual({ ok: false, reason: 'pattern syntax: unterminated string literal' });
    expect(parseStixPattern("[file:hashes:sha256 = 'ef53']")).toEqual({ ok: false, reason: expect.stringContaining('not a STIX 2.1 object path') });
  });
});

describe('STIX bundles', () => {
  it('reads the OASIS C2 address example', () => {
    const list = parseJsonWatchlist('c2', fixture('oasis-indicator-for-c2-ip-address.json'), { now });
    expect(list.indicators).toEqual([
      { kind: 'ip', value: '10.0.0.0', description: 'IP Address for known C2 channel', stixId: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d', validFrom: Date.parse('2014-05-08T09:00:00Z') },
    ]);
    expect(list.errors).toEqual([]);
  });

  it('reads the specification Indicator example (file hash)', () => {
    const list = parseJsonWatchlist('poison_ivy', fixture('stix21-spec-indicator.json'), { now });
    expect(list.indicators).toEqual([
      {
        kind: 'hash',
        value: '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877',
        description: 'Poison Ivy Malware',
        source: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
        stixId: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
        validFrom: Date.parse('2016-01-01T00:00:00Z'),
      },
    ]);
  });

  it('reads each supported shape, skips revoked and expired ones, rejects the rest by object', () => {
    const list = parseJsonWatchlist('feed', fixture('mixed-bundle.json'), { now });
    expect(list.indicators.map((i) => `${i.kind}:${i.value}`)).toEqual([
      'ip:198.51.100.0/24',
      'ip:2001:db8::1',
      'domain:login-example.test',
      'domain:payroll-example.test',
      'domain:cdn.bad-example.test',
      'hash:cead3f77f6cda6ec00f57d76c9a6879f',
      'hash:2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
      'user:svc-backup',
      'user:mallory',
      'ip:192.0.2.3',
      'domain:mail.bad-example.test',
    ]);
    expect(list.skipped).toEqual({ revoked: 1, expired: 1 });
    expect(list.errors).toEqual([
      { index: 10, reason: 'indicator--00000000-0000-4000-8000-00000000000a: pattern_type yara is not supported (only stix)' },
      { index: 11, reason: expect.stringMatching(/^indicator--00000000-0000-4000-8000-00000000000b: AND inside an observation/) },
      { index: 12, reason: expect.stringMatching(/^indicator--00000000-0000-4000-8000-00000000000c: FOLLOWEDBY/) },
      { index: 13, reason: expect.stringMatching(/^indicator--00000000-0000-4000-8000-00000000000d: email-addr:value is not supported/) },
    ]);
  });

  it('judges valid_until against the injected clock', () => {
    const later = parseJsonWatchlist('feed', fixture('mixed-bundle.json'), { now: () => Date.parse('2027-06-01T00:00:00Z') });
    expect(later.skipped).toEqual({ revoked: 1, expired: 2 });
    expect(later.indicators.some((i) => i.value === '192.0.2.3')).toBe(false);
  });

  it('matches an event only within the indicator validity, judged by the event time (valid_from included, valid_until excluded)', () => {
    const bundle = {
      type: 'bundle',
      objects: [
        { type: 'indicator', id: 'indicator--1', pattern: "[ipv4-addr:value = '192.0.2.50']", pattern_type: 'stix', valid_from: '2026-12-01T00:00:00Z', valid_until: '2026-12-10T00:00:00Z' },
        { type: 'indicator', id: 'indicator--2', pattern: "[ipv4-addr:value = '192.0.2.51']", pattern_type: 'stix', valid_from: 'soon' },
      ],
    };
    const list = parseStixObjects('feed', bundle, { now });
    expect(list.errors).toEqual([{ index: 1, reason: 'indicator--2: valid_from "soon" is not a timestamp' }]);
    const index = new WatchlistIndex([list]);
    const at = (time: string) => index.matchEvent(testEvent({ src: { ip: '192.0.2.50', port: 4444 }, time: Date.parse(time) })).map((h) => h.indicator);
    expect(at('2026-11-30T23:59:59.999Z')).toEqual([]);
    expect(at('2026-12-01T00:00:00Z')).toEqual(['192.0.2.50']);
    expect(at('2026-12-09T23:59:59.999Z')).toEqual(['192.0.2.50']);
    expect(at('2026-12-10T00:00:00Z')).toEqual([]);
  });

  it('maps network-traffic refs to addresses or domains and rejects unsupported hash algorithms', () => {
    const objects = [
      { type: 'indicator', id: 'indicator--1', pattern: "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", pattern_type: 'stix' },
      { type: 'indicator', id: 'indicator--2', pattern: "[network-traffic:dst_ref.value = 'c2.example']", pattern_type: 'stix' },
      { type: 'indicator', id: 'indicator--3', pattern: "[file:hashes.'SHA-512' = 'aa']", pattern_type: 'stix' },
      { type: 'indicator', id: 'indicator--4', pattern: "[domain-name:value ISSUBSET 'x.example']", pattern_type: 'stix' },
    ];
    const list = parseStixObjects('x', objects, { now });
    expect(list.indicators.map((i) => i.value)).toEqual(['2001:db8:dead:beef::/64', 'c2.example']);
    expect(list.errors.map((e) => e.reason)).toEqual([
      'indicator--3: hash algorithm SHA-512 is not supported (MD5, SHA-1, SHA-256)',
      "indicator--4: ISSUBSET applies to addresses, not to domain-name:value",
    ]);
  });
});
