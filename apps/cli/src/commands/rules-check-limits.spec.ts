import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';

/** `quell rules check` on hostile YAML: one line per bad file with the reason, exit 2, no stack trace. */
const RULE = `title: Whoami
id: 502b42de-4306-40b4-9596-6f590c81f073
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: &image '\\whoami.exe'
    condition: selection
`;

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { read: (p) => readFile(p, 'utf8'), now: () => 0, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('quell rules check with hostile YAML', () => {
  it('prints one line per bomb with its line and reason, loads the good file and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-rules-bombs-'));
    let laughs = 'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (const [name, previous] of [...'bcdefghi'].map((c, i) => [c, 'abcdefghi'[i]])) laughs += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
    writeFileSync(join(dir, 'a-good.yml'), RULE);
    writeFileSync(join(dir, 'b-aliases.yml'), `${RULE}fields:\n${'    - *image\n'.repeat(120)}`);
    writeFileSync(join(dir, 'c-laughs.yml'), laughs);
    writeFileSync(join(dir, 'd-deep.yml'), `title: deep\ndetection:\n    x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const run = await quell(['rules', 'check', dir]);
    expect(run).toEqual({
      code: 2,
      out: [
        `${join(dir, 'b-aliases.yml')}:111: YAML: uses 120 aliases, at most 100 allowed`,
        `${join(dir, 'c-laughs.yml')}:4: YAML: aliases expand to more than 100 nodes (counting the aliases inside anchored nodes)`,
        `${join(dir, 'd-deep.yml')}:3: YAML: nested deeper than 64 levels`,
        'loaded 1, rejected 3',
      ],
      err: [],
    });
  });

  it('counts a file that cannot be read as rejected, with the reason, and checks the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quell-rules-unreadable-'));
    writeFileSync(join(dir, 'good.yml'), RULE);
    const read = async (path: string) => {
      if (path.endsWith('locked.yml')) throw new Error(`EACCES: permission denied, open '${path}'`);
      return readFile(path, 'utf8');
    };
    writeFileSync(join(dir, 'locked.yml'), RULE);
    const out: string[] = [];
    const code = await runCli(['rules', 'check', dir], { read, now: () => 0, out: (l) => out.push(l), err: () => undefined });
    expect({ code, out }).toEqual({ code: 2, out: [`${join(dir, 'locked.yml')}:1: the file could not be read: EACCES: permission denied, open '${join(dir, 'locked.yml')}'`, 'loaded 1, rejected 1'] });
  });
});
