import { takeParsedJson } from '@quell/normalize';
import { BodyError } from '@quell/platform-http';
import { splitEntries } from './entry-splitter';

const json = { contentType: 'application/json', format: undefined, maxEventBytes: 100, maxEvents: 10 };

describe('splitEntries', () => {
  it('takes one object or an array, refusing non-objects and oversized entries one by one', () => {
    expect(splitEntries(Buffer.from('{"a":1}'), json)).toEqual([{ payload: Buffer.from('{"a":1}'), format: 'json', contentType: 'application/json' }]);
    const entries = splitEntries(Buffer.from(JSON.stringify([{ a: 1 }, 'x', { b: 'y'.repeat(200) }])), json);
    expect(entries.map((e) => ('reason' in e ? e.reason : 'ok'))).toEqual(['ok', 'an event must be a JSON object', 'event is 208 bytes, the limit is 100']);
  });

  it('refuses a body that is not JSON as a whole with 400', () => {
    expect(() => splitEntries(Buffer.from('{'), json)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads NDJSON line by line', () => {
    const entries = splitEntries(Buffer.from('{"a":1}\r\n\n[1]\nnope\n'), { ...json, contentType: 'application/x-ndjson; charset=utf-8' });
    expect(entries.map((e) => ('reason' in e ? e.reason.split(':')[0] : e.payload.toString()))).toEqual([
      '{"a":1}',
      'an event must be a JSON object',
      'line is not valid JSON',
    ]);
  });

  it('hands the parse of each accepted JSON entry to a normalizer in this process', () => {
    const [line] = splitEntries(Buffer.from('{"a":{"b":2}}\n'), { ...json, contentType: 'application/x-ndjson' });
    const [item] = splitEntries(Buffer.from('[{"c":3}]'), json);
    expect('payload' in line && takeParsedJson(line.payload)).toEqual({ a: { b: 2 } });
    expect('payload' in item && takeParsedJson(item.payload)).toEqual({ c: 3 });
  });

  it('reads text lines in the declared format, syslog resolved per line', () => {
    const body = Buffer.from('<34>Oct 11 22:14:15 host su: x\n<165>1 2003-10-11T22:14:15Z h a - - - y\n');
    const entries = splitEntries(body, { contentType: 'text/plain', format: 'syslog', maxEventBytes: 100, maxEvents: 10 });
    expect(entries.map((e) => ('format' in e ? e.format : e.reason))).toEqual(['syslog3164', 'syslog5424']);
    expect(splitEntries(Buffer.from('a=1'), { contentType: 'text/plain', format: 'kv', maxEventBytes: 100, maxEvents: 10 })).toEqual([
      { payload: Buffer.from('a=1'), format: 'kv', contentType: 'text/plain' },
    ]);
  });

  it('needs a known format for text and a known content type', () => {
    expect(() => splitEntries(Buffer.from('x'), { contentType: 'text/plain', format: undefined, maxEventBytes: 100, maxEvents: 10 })).toThrow(/format query parameter, e.g. \/v1\/events\?format=syslog/);
    expect(() => splitEntries(Buffer.from('x'), { contentType: 'text/plain', format: 'xml', maxEventBytes: 100, maxEvents: 10 })).toThrow(/unknown format/);
    const error = (() => {
      try {
        splitEntries(Buffer.from('x'), { contentType: 'application/xml', format: undefined, maxEventBytes: 100, maxEvents: 10 });
      } catch (e) {
        return e as BodyError;
      }
    })();
    expect(error?.getStatus()).toBe(415);
  });
});

describe('splitEntries and nesting', () => {
  const deep = (levels: number) => `${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const reasons = (entries: ReturnType<typeof splitEntries>) => entries.map((e) => ('reason' in e ? e.reason : 'ok'));
  const wide = { contentType: 'application/json', format: undefined, maxEventBytes: 1_000_000, maxEvents: 10 };

  it('refuses an entry nested 5,000 levels beside good ones, which are kept', () => {
    const body = Buffer.from(`[{"a":1},${deep(5000)},{"b":2}]`);
    expect(reasons(splitEntries(body, wide))).toEqual(['ok', 'JSON is nested more than 100 levels deep', 'ok']);
    expect(reasons(splitEntries(Buffer.from(deep(100)), wide))).toEqual(['ok']);
    expect(reasons(splitEntries(Buffer.from(deep(101)), wide))).toEqual(['JSON is nested more than 100 levels deep']);
  });

  it('refuses a too-deep NDJSON line or JSON text line, without parsing it', () => {
    const ndjson = Buffer.from(`{"a":1}\n{"a":${'['.repeat(40_000)}${']'.repeat(40_000)}}\n`);
    expect(reasons(splitEntries(ndjson, { ...wide, contentType: 'application/x-ndjson' }))).toEqual(['ok', 'JSON is nested more than 100 levels deep']);
    const text = Buffer.from(`{"a":1}\n${deep(150)}\n`);
    expect(reasons(splitEntries(text, { ...wide, contentType: 'text/plain', format: 'json' }))).toEqual(['ok', 'JSON is nested more than 100 levels deep']);
    expect(reasons(splitEntries(Buffer.from('k=[[[[[[\n'), { ...wide, contentType: 'text/plain', format: 'kv' }))).toEqual(['ok']);
  });
});

describe('splitEntries and the event count', () => {
  it('refuses more entries than a request may hold with a 413, whatever the body type', () => {
    const options = { format: 'kv', maxEventBytes: 100, maxEvents: 2 };
    for (const [contentType, three, two] of [
      ['application/json', '[{},{},{}]', '[{},{}]'],
      ['application/x-ndjson', '{}\n{}\n{}', '{}\n{}'],
      ['text/plain', 'a=1\nb=2\nc=3', 'a=1\nb=2'],
    ]) {
      expect(() => splitEntries(Buffer.from(three), { ...options, contentType })).toThrow(expect.objectContaining({ status: 413, message: 'at most 2 events per request, got 3' }));
      expect(splitEntries(Buffer.from(two), { ...options, contentType })).toHaveLength(2);
    }
  });
});
