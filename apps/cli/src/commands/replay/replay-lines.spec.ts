import { Readable } from 'node:stream';
import { replayLines, type ReplayLine } from './replay-lines';

async function all(chunks: (string | Buffer)[]): Promise<ReplayLine[]> {
  const lines: ReplayLine[] = [];
  for await (const line of replayLines(Readable.from(chunks))) lines.push(line);
  return lines;
}

describe('replayLines', () => {
  it('cuts at LF across chunks, drops a CR before it and blank lines, and numbers lines as the file does', async () => {
    expect(await all(['{"a":1}\r\n\n  \n{"b"', ':2}\nlast'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: 'last' },
    ]);
  });

  it('keeps a character whose UTF-8 bytes are split between two chunks', async () => {
    const bytes = Buffer.from('{"user":"Zoë"}\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await all([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([{ line: 1, text: '{"user":"Zoë"}' }]);
  });

  it('yields nothing for an empty or blank input', async () => {
    expect(await all([])).toEqual([]);
    expect(await all(['\n\r\n  '])).toEqual([]);
  });
});
