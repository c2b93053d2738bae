import { hostOfUrl, normalizeDomain, normalizeIndicator, normalizeIp } from './normalize-indicator';

describe('normalizeIp', () => {
  it('canonicalizes addresses and networks', () => {
    expect(normalizeIp(' 198.51.100.7 ')).toBe('198.51.100.7');
    expect(normalizeIp('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(normalizeIp('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(normalizeIp('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(normalizeIp('10.1.2.3/32')).toBe('10.1.2.3');
    expect(normalizeIp('2001:db8:dead:beef:1::/64')).toBe('2001:db8:dead:beef::/64');
  });

  it('refuses what is not a dotted quad or IPv6', () => {
    for (const bad of ['10', '0x0a000001', '10.0.0', '300.1.1.1', '10.0.0.0/33', 'evil.example', '']) expect(normalizeIp(bad)).toBeUndefined();
  });
});

describe('normalizeDomain and hostOfUrl', () => {
  it('lower-cases, drops the root dot and converts IDNs to punycode', () => {
    expect(normalizeDomain('Evil.Example.')).toBe('evil.example');
    expect(normalizeDomain('bücher.example')).toBe('xn--bcher-kva.example');
    expect(normalizeDomain('a..b')).toBeUndefined();
    expect(normalizeDomain('http://x')).toBeUndefined();
    expect(normalizeDomain('foo.*.example')).toBeUndefined();
  });

  it('takes the host of absolute URLs only', () => {
    expect(hostOfUrl('http://x4z9arb.cn/4712/')).toBe('x4z9arb.cn');
    expect(hostOfUrl('https://[2001:db8::1]:8443/a')).toBe('2001:db8::1');
    expect(hostOfUrl('/just/a/path')).toBeUndefined();
  });
});

describe('normalizeIndicator', () => {
  it('maps type words onto kinds', () => {
    expect(normalizeIndicator('ipv4-addr', '198.51.100.1')).toEqual({ ok: true, kind: 'ip', value: '198.51.100.1' });
    expect(normalizeIndicator('cidr', '198.51.100.0/24')).toEqual({ ok: true, kind: 'ip', value: '198.51.100.0/24' });
    expect(normalizeIndicator('domain', '*.Evil.Example')).toEqual({ ok: true, kind: 'domain', value: '*.evil.example' });
    expect(normalizeIndicator('domain', 'evil.example', { subdomains: true })).toEqual({ ok: true, kind: 'domain', value: '*.evil.example' });
    expect(normalizeIndicator('url', 'http://Evil.Example/x')).toEqual({ ok: true, kind: 'domain', value: 'evil.example' });
    expect(normalizeIndicator('url', 'http://198.51.100.9/x')).toEqual({ ok: true, kind: 'ip', value: '198.51.100.9' });
    expect(normalizeIndicator('SHA256', 'EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C')).toEqual({
      ok: true,
      kind: 'hash',
      value: 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c',
    });
    expect(normalizeIndicator('user', 'CORP\\Admin')).toEqual({ ok: true, kind: 'user', value: 'corp\\admin' });
  });

  it('gives the reason for a bad entry', () => {
    expect(normalizeIndicator('md5', 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c')).toEqual({ ok: false, reason: expect.stringContaining('md5 hash has 32 hex digits') });
    expect(normalizeIndicator('hash', 'xyz')).toEqual({ ok: false, reason: expect.stringContaining('not a hexadecimal hash') });
    expect(normalizeIndicator('ip', '999.1.1.1')).toEqual({ ok: false, reason: expect.stringContaining('not an IP address') });
    expect(normalizeIndicator('domain', '198.51.100.1')).toEqual({ ok: false, reason: expect.stringContaining('is an IP address') });
    expect(normalizeIndicator('email', 'a@b.c')).toEqual({ ok: false, reason: 'unknown indicator type "email"' });
    expect(normalizeIndicator('ip', '  ')).toEqual({ ok: false, reason: 'empty value' });
  });
});
