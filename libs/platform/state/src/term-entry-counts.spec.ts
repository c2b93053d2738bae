import { TermEntryCounts } from './term-entry-counts';

describe('TermEntryCounts', () => {
  it('counts a term in the file once, then follows the changes it is told of', () => {
    const asked: string[] = [];
    const counts = new TermEntryCounts((tenant, index, term) => (asked.push(`${tenant}/${index}/${term}`), 5));
    expect(counts.entries('acme', 'open', 'user:system')).toBe(5);
    counts.changed('acme', 'open', 'user:system', 1);
    counts.changed('acme', 'open', 'user:system', -3);
    expect(counts.entries('acme', 'open', 'user:system')).toBe(3);
    expect(asked).toEqual(['acme/open/user:system']);
  });

  it('keeps tenants and terms apart, and leaves a term it never counted to the file', () => {
    const counts = new TermEntryCounts(() => 0);
    counts.changed('acme', 'open', 'host:a', 4);
    expect(counts.entries('acme', 'open', 'host:a')).toBe(0);
    counts.changed('acme', 'open', 'host:a', 1);
    expect(counts.entries('acme', 'open', 'host:a')).toBe(1);
    expect(counts.entries('globex', 'open', 'host:a')).toBe(0);
  });

  it('counts again after forget, and forgets all past maxTerms terms', () => {
    let inFile = 2;
    const counts = new TermEntryCounts(() => inFile, 2);
    expect(counts.entries('t', 'open', 'x')).toBe(2);
    inFile = 7;
    counts.forget();
    expect(counts.entries('t', 'open', 'x')).toBe(7);
    counts.changed('t', 'open', 'x', 1);
    expect(counts.entries('t', 'open', 'y')).toBe(7);
    // A third term: the two known are forgotten, x is counted in the file again.
    inFile = 1;
    expect(counts.entries('t', 'open', 'z')).toBe(1);
    expect(counts.entries('t', 'open', 'x')).toBe(1);
  });
});
