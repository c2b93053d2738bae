import { parseCsvWatchlist } from './parse-csv';

describe('parseCsvWatchlist', () => {
  it('reads a table with type, value and optional columns, reporting each bad row by line', () => {
    const text = [
      'type,value,description,severity,source',
      'ip,198.51.100.7,C2 server,critical,feed-a',
      'cidr,203.0.113.0/24,,,',
      'domain,*.evil.example,Phishing kit,,',
      'md5,not-a-hash,,,',
      'sha1,2FD4E1C67A2D28FCED849EE1BB76E7391B93EB12,,low,',
      'user,Mallory,,urgent,',
      'ip,198.51.100.7,duplicate,low,',
    ].join('\n');
    const list = parseCsvWatchlist('bad_stuff', text);
    expect(list.indicators).toEqual([
      { kind: 'ip', value: '198.51.100.7', description: 'C2 server', severity: 'critical', source: 'feed-a' },
      { kind: 'ip', value: '203.0.113.0/24' },
      { kind: 'domain', value: '*.evil.example', description: 'Phishing kit' },
      { kind: 'hash', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12', severity: 'low' },
    ]);
    expect(list.errors).toEqual([
      { line: 5, reason: '"not-a-hash" is not a hexadecimal hash' },
      { line: 7, reason: expect.stringContaining('unknown severity "urgent"') },
    ]);
  });

  it('reads a one-column list whose header names the kind', () => {
    const list = parseCsvWatchlist('admin_users', 'user\nAlice\nCORP\\bob\n\n');
    expect(list.indicators.map((i) => i.value)).toEqual(['alice', 'corp\\bob']);
    expect(list.errors).toEqual([]);
  });

  it('takes the kind from a "# type:" line, a list severity and comments', () => {
    const list = parseCsvWatchlist('tor_exits', '# type: ip\n# severity: medium\n# from the daily export\n192.0.2.10\n192.0.2.11\nnot-an-ip\n');
    expect(list.severity).toBe('medium');
    expect(list.indicators.map((i) => i.value)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(list.errors).toEqual([{ line: 6, reason: '"not-an-ip" is not an IP address or CIDR network' }]);
  });

  it('takes the kind from the caller for a headerless list', () => {
    const list = parseCsvWatchlist('hashes', 'cead3f77f6cda6ec00f57d76c9a6879f\n', { type: 'hash' });
    expect(list.indicators).toEqual([{ kind: 'hash', value: 'cead3f77f6cda6ec00f57d76c9a6879f' }]);
  });

  it('says so when a list does not declare its kind', () => {
    const list = parseCsvWatchlist('mystery', 'alice\nbob\n');
    expect(list.indicators).toEqual([]);
    expect(list.errors).toEqual([{ line: 1, reason: expect.stringContaining('does not say what its values are') }]);
  });

  it('keeps the good rows around a malformed one', () => {
    const list = parseCsvWatchlist('quotes', 'type,value\nip,192.0.2.1\nip,"192.0.2.2\nip,192.0.2.3\n');
    expect(list.indicators.map((i) => i.value)).toContain('192.0.2.1');
    expect(list.errors.length).toBeGreaterThan(0);
    expect(list.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('reads the subdomains flag', () => {
    const list = parseCsvWatchlist('d', 'type,value,subdomains\ndomain,evil.example,yes\ndomain,exact.example,no\ndomain,x.example,maybe\n');
    expect(list.indicators.map((i) => i.value)).toEqual(['*.evil.example', 'exact.example']);
    expect(list.errors).toEqual([{ line: 4, reason: 'subdomains must be true or false, not "maybe"' }]);
  });
});
