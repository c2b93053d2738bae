import { jsonLines } from './json-lines';

const decoded = (buffer: Buffer): unknown[] =>
  buffer
    .toString('utf8')
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as unknown);

describe('jsonLines', () => {
  it('writes each value as one JSON line, each ending with a newline', () => {
    const body = jsonLines([['a', 1, true], { b: 'x\ny' }]);
    expect(body.toString('utf8')).toBe('["a",1,true]\n{"b":"x\\ny"}\n');
  });

  it('is empty for no values', () => {
    expect(jsonLines([]).length).toBe(0);
  });

  it('grows for characters that take more than one byte, wherever they are', () => {
    const values = [['ascii'], ['Grüße', 'пароль', '口令'], ['emoji 🔑'], ['plain', 'x'.repeat(1000)], ['日本語'.repeat(500)]];
    const body = jsonLines(values);
    expect(decoded(body)).toEqual(values);
    expect(body.length).toBe(Buffer.byteLength(values.map((v) => JSON.stringify(v)).join('\n') + '\n'));
  });

  it('keeps the bytes of a line written before the buffer grew', () => {
    const values = Array.from({ length: 200 }, (_, i) => [i, i % 7 === 0 ? 'ünïcödé 🔒'.repeat(i) : 'a'.repeat(i)]);
    expect(decoded(jsonLines(values))).toEqual(values);
  });
});
