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
