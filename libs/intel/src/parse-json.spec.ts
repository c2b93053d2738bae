import { parseJsonWatchlist } from './parse-json';

const now = () => 0;

describe('parseJsonWatchlist', () => {
  it('reads an array of {type, value, …} and reports bad entries by index', () => {
    const list = parseJsonWatchlist(
      'mixed',
      JSON.stringify([
        { type: 'ip', value: '192.0.2.1', severity: 'critical', description: 'scanner' },
        { type: 'domain', value: 'evil.example', subdomains: true },
        { type: 'sha256', value: 'abc' },
        42,
        { type: 'user', value: 'Mallory', source: 'hr' },
      ]),
      { now },
    );
    expect(list.indicators).toEqual([
      { kind: 'ip', value: '192.0.2.1', severity: 'critical', description: 'scanner' },
      { kind: 'domain', value: '*.evil.example' },
      { kind: 'user', value: 'mallory', source: 'hr' },
    ]);
    expect(list.errors).toEqual([
      { index: 2, reason: 'a sha256 hash has 64 hex digits, "abc" has 3' },
      { index: 3, reason: 'an entry must be an object with type and value, or a string' },
    ]);
  });

  it('reads {name, type, severity, indicators} with bare strings of the declared kind', () => {
    const list = parseJsonWatchlist('admins', JSON.stringify({ name: 'Admins', type: 'user', severity: 'medium', description: 'Domain admins', indicators: ['Alice', { value: 'bob' }, { type: 'ip', value: '192.0.2.5' }] }), { now });
    expect(list.severity).toBe('medium');
    expect(list.description).toBe('Domain admins');
    expect(list.indicators.map((i) => `${i.kind}:${i.value}`)).toEqual(['user:alice', 'user:bob', 'ip:192.0.2.5']);
  });

  it('reports a file that is not JSON or not a list', () => {
    expect(parseJsonWatchlist('x', '{"indicators": [', { now }).errors[0].reason).toMatch(/^not JSON: /);
    expect(parseJsonWatchlist('x', '{"a": 1}', { now }).errors).toEqual([{ reason: expect.stringContaining('an object with an "indicators" array') }]);
  });
});
