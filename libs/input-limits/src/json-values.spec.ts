import { splitConcatenatedJson } from './json-values';

describe('splitConcatenatedJson', () => {
  it('cuts values written back to back, with braces inside strings left alone', () => {
    expect(splitConcatenatedJson('{"a":"}{"}\n{"b":[1,{"c":2}]}\uFEFF [3]')).toEqual(['{"a":"}{"}', '{"b":[1,{"c":2}]}', '[3]']);
  });

  it('refuses text outside a value and a value cut off at the end', () => {
    expect(() => splitConcatenatedJson('{"a":1} x')).toThrow('unexpected x at 8 outside a JSON value');
    expect(() => splitConcatenatedJson('{"a":{"b":1}')).toThrow('truncated JSON value at the end');
  });
});
