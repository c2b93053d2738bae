import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@quell/platform-testing';
import { ReloadableFile } from './reloadable-file';

/** A strict parser: `n=<integer>` or an error naming the file and line. */
function parseNumber(text: string, source: string): number {
  const match = /^n=(\d+)\n?$/.exec(text);
  if (!match) throw new Error(`${source}:1: expected n=<integer>`);
  return Number(match[1]);
}

describe('ReloadableFile', () => {
  let dir: string;
  let path: string;
  const logged: string[] = [];
  const logger = { info: (_o: object, msg: string) => logged.push(`info ${msg}`), warn: () => undefined, error: (_o: object, msg: string) => logged.push(`error ${msg}`) };
  const file = () => new ReloadableFile({ path, description: 'test catalog', parse: parseNumber, watch: false, pollIntervalMs: 0, logger });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reloadable-file-'));
    path = join(dir, 'catalog.txt');
    logged.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a bad file, naming the file and the parser’s reason', async () => {
    writeFileSync(path, 'n=oops');
    await expect(file().start()).rejects.toThrow(`test catalog ${path} refused: catalog.txt:1: expected n=<integer>`);
    rmSync(path);
    await expect(file().start()).rejects.toThrow(/ENOENT/);
  });

  it('swaps in a good edit and tells listeners; keeps the last good value through a bad edit and a deleted file', async () => {
    writeFileSync(path, 'n=1');
    const source = file();
    expect(await source.start()).toBe(1);
    const heard: string[] = [];
    source.onChange((next, previous) => heard.push(`${previous}→${next}`));

    writeFileSync(path, 'n=2');
    expect(await source.reload()).toEqual({ changed: true });
    writeFileSync(path, 'n=two');
    expect(await source.reload()).toEqual({ changed: false, error: 'catalog.txt:1: expected n=<integer>' });
    expect(source.current()).toBe(2);
    expect(source.error()).toBe('catalog.txt:1: expected n=<integer>');
    rmSync(path);
    expect((await source.reload()).error).toMatch(/ENOENT/);
    expect(await source.reload()).toMatchObject({ changed: false });
    writeFileSync(path, 'n=3');
    expect(await source.reload()).toEqual({ changed: true });
    expect(source.error()).toBeUndefined();

    expect(heard).toEqual(['1→2', '2→3']);
    // The missing file is logged once, not at every check.
    expect(logged.filter((line) => line.startsWith('error'))).toHaveLength(2);
    source.stop();
  });

  it('does not parse or notify again for an unchanged text', async () => {
    writeFileSync(path, 'n=5');
    const source = file();
    await source.start();
    const heard: number[] = [];
    source.onChange((next) => heard.push(next));
    expect(await source.reload()).toEqual({ changed: false });
    expect(heard).toEqual([]);
  });

  it('picks up an edit by itself: the directory watch, or the mtime poll where fs.watch misses it', async () => {
    writeFileSync(path, 'n=1');
    const source = new ReloadableFile({ path, description: 'test catalog', parse: parseNumber, debounceMs: 20, pollIntervalMs: 200, logger });
    await source.start();
    try {
      writeFileSync(path, 'n=7');
      expect(await waitFor(() => (source.current() === 7 ? 7 : undefined), { description: 'the edited catalog in force', timeoutMs: 10_000 })).toBe(7);
    } finally {
      source.stop();
    }
  });

  it('is read only after start', () => {
    expect(() => file().current()).toThrow('test catalog read before start()');
  });
});
