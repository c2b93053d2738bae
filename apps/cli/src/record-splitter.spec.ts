import { splitJsonValues, splitLines } from './record-splitter';

describe('splitJsonValues', () => {
  it('splits NDJSON, concatenated pretty-printed objects and arrays into values with their lines', () => {
    const text = '{"a":1}\n{\n  "b": {"c": "}"}\n}{"d":2}\n[{"e":3},{"f":4}]\n';
    expect(splitJsonValues(text)).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{\n  "b": {"c": "}"}\n}' },
      { line: 4, text: '{"d":2}' },
      { line: 5, text: '{"e":3}' },
      { line: 5, text: '{"f":4}' },
    ]);
  });

  it('ends a broken value at its line so the next records survive', () => {
    expect(splitJsonValues('{"broken\n{"ok":1}\n{"open": 1\n{"ok":2}').map((r) => r.line)).toEqual([1, 2, 3, 4]);
  });
});

describe('splitLines', () => {
  it('keeps non-empty lines with 1-based numbers and strips CR', () => {
    expect(splitLines('a\r\n\nb\n')).toEqual([
      { line: 1, text: 'a' },
      { line: 3, text: 'b' },
    ]);
  });
});

describe('nesting limit', () => {
  const deep = (levels: number) => `${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`;

  it('refuses a record nested deeper than 100 levels with its line, keeping its neighbours', () => {
    const text = `{"a":1}\n${deep(5000)}\n[{"b":2},${deep(101)},${deep(100)}]\n`;
    expect(splitJsonValues(text).map((r) => [r.line, r.rejected ?? r.text.length])).toEqual([
      [1, 7],
      [2, 'JSON is nested more than 100 levels deep'],
      [3, 7],
      [3, 'JSON is nested more than 100 levels deep'],
      [3, deep(100).length],
    ]);
  });

  it('refuses a JSON line of a line-based input the same way', () => {
    expect(splitLines(`<34>Oct 11 22:14:15 host su: x\n${'['.repeat(40_000)}\n`)).toEqual([
      { line: 1, text: '<34>Oct 11 22:14:15 host su: x' },
      { line: 2, text: '', rejected: 'JSON is nested more than 100 levels deep' },
    ]);
  });
});
