import { jsonNestingDepth, JsonTooDeepError, jsonValueDepth, parseJsonWithinDepth } from './json-depth';

describe('jsonNestingDepth', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestingDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonNestingDepth('{"a":"[[[{{{\\"[["}')).toBe(1);
    expect(jsonNestingDepth('42')).toBe(0);
  });

  it('stops early once past the bound', () => {
    expect(jsonNestingDepth('['.repeat(1_000_000), 10)).toBe(11);
  });
});

describe('parseJsonWithinDepth', () => {
  it('parses what is within the limit and refuses what is deeper, without recursing', () => {
    expect(parseJsonWithinDepth('{"a":{"b":1}}', 2)).toEqual({ a: { b: 1 } });
    expect(() => parseJsonWithinDepth(`${'['.repeat(50_000)}${']'.repeat(50_000)}`)).toThrow(JsonTooDeepError);
    expect(() => parseJsonWithinDepth('{"a":{"b":1}}', 1)).toThrow('nested more than 1 levels deep');
  });
});

describe('jsonValueDepth', () => {
  it('measures a parsed value like the text it came from, without recursing', () => {
    expect(jsonValueDepth(JSON.parse('{"a":[1,{"b":2}],"c":{}}'))).toBe(3);
    expect(jsonValueDepth('text')).toBe(0);
    expect(jsonValueDepth([])).toBe(1);
    const deep = JSON.parse(`${'{"x":'.repeat(200_000)}1${'}'.repeat(200_000)}`) as unknown;
    expect(jsonValueDepth(deep, 100)).toBe(101);
    expect(jsonValueDepth(deep)).toBe(200_000);
  });
});
