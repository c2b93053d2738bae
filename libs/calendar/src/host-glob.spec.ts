import { globMatches, isGlob } from './host-glob';

describe('globMatches', () => {
  it.each([
    ['fw-*', 'fw-01', true],
    ['fw-*', 'FW-01.acme.local', true],
    ['FW-0?', 'fw-01', true],
    ['fw-0?', 'fw-010', false],
    ['*.dmz.acme.local', 'web1.dmz.acme.local', true],
    ['*.dmz.acme.local', 'web1.lan.acme.local', false],
    ['db-*-prod', 'db-eu-1-prod', true],
    ['db-*-prod', 'db-eu-1-staging', false],
    ['fw-01', 'fw-01', true],
    ['fw-01', 'fw-011', false],
    ['*', '', true],
    ['?', '', false],
  ])('%s against %s: %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  it('answers a pattern built to make a backtracking regex explode', () => {
    // At most pattern × name steps (~24,000) here; /^(.*a){60}b$/ would not finish.
    expect(globMatches(`${'*a'.repeat(60)}b`, 'a'.repeat(200))).toBe(false);
    expect(globMatches(`${'*a'.repeat(60)}b`, `${'a'.repeat(200)}b`)).toBe(true);
  });

  it('tells a glob from a plain name', () => {
    expect(isGlob('fw-*')).toBe(true);
    expect(isGlob('fw-0?')).toBe(true);
    expect(isGlob('fw-01')).toBe(false);
  });
});
