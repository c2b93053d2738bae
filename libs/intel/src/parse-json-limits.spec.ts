import { parseJsonWatchlist } from './parse-json';
import { parseStixPattern } from './stix-pattern';

/** Hostile watchlists: refused with a reason (the directory then keeps the last good version), never a stack overflow. */
const now = () => Date.parse('2026-11-29T00:00:00Z');
const indicator = (pattern: string) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--00000000-0000-4000-8000-000000000001',
  created: '2026-01-01T00:00:00Z',
  modified: '2026-01-01T00:00:00Z',
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00Z',
  pattern,
});

describe('JSON watchlists within the nesting limit', () => {
  it.each([
    ['a list', `[{"type":"ip","value":"192.0.2.1","x":${'['.repeat(5_000)}${']'.repeat(5_000)}}]`],
    ['a STIX bundle', `{"type":"bundle","id":"bundle--1","objects":[${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}]}`],
  ])('refuses %s nested deeper than 100 levels with the reason', (_name, text) => {
    const list = parseJsonWatchlist('feed', text, { now });
    expect(list.indicators).toEqual([]);
    expect(list.errors).toEqual([{ reason: 'JSON is nested more than 100 levels deep' }]);
  });

  it('refuses a STIX pattern of 10,000 nested parentheses on its indicator, keeping the others', () => {
    const deep = `${'('.repeat(10_000)}[ipv4-addr:value = '192.0.2.1']${')'.repeat(10_000)}`;
    expect(parseStixPattern(deep)).toEqual({ ok: false, reason: 'parentheses nested deeper than 32 levels' });
    expect(parseStixPattern(`([ipv4-addr:value = '192.0.2.1'] OR ([domain-name:value = 'x.test']))`).ok).toBe(true);
    const bundle = { type: 'bundle', id: 'bundle--1', objects: [indicator(deep), { ...indicator("[ipv4-addr:value = '192.0.2.9']"), id: 'indicator--00000000-0000-4000-8000-000000000002' }] };
    const list = parseJsonWatchlist('feed', JSON.stringify(bundle), { now });
    expect(list.indicators.map((i) => i.value)).toEqual(['192.0.2.9']);
    expect(list.errors).toEqual([{ index: 0, reason: 'indicator--00000000-0000-4000-8000-000000000001: parentheses nested deeper than 32 levels' }]);
  });
});
