import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WatchlistIndex } from '@quell/intel';
import { Registry } from 'prom-client';
import { WatchlistDirectory, type WatchlistLogger } from './watchlist-directory';
import { WatchlistMetrics } from './watchlist.metrics';

function recordingLogger() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const logger: WatchlistLogger = {
    info: (obj, msg) => void lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  return { logger, lines };
}

const directories: WatchlistDirectory[] = [];
const temps: string[] = [];
afterEach(() => {
  directories.splice(0).forEach((d) => d.stop());
  temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function directoryOver(files: Record<string, string>, options: Partial<ConstructorParameters<typeof WatchlistDirectory>[0]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'quell-watchlists-'));
  temps.push(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const recorded = recordingLogger();
  const directory = new WatchlistDirectory({ dir, debounceMs: 20, pollIntervalMs: 0, watch: false, clock: () => Date.parse('2026-11-29T00:00:00Z'), logger: recorded.logger, ...options });
  directories.push(directory);
  return { dir, directory, ...recorded };
}

/** Resolves with the next index the directory swaps in. */
function nextChange(directory: WatchlistDirectory, timeoutMs = 10_000): Promise<WatchlistIndex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reload within the timeout')), timeoutMs);
    const off = directory.onChange((next) => {
      clearTimeout(timer);
      off();
      resolve(next);
    });
  });
}

const C2_BUNDLE = JSON.stringify({
  type: 'bundle',
  id: 'bundle--1',
  objects: [{ type: 'indicator', spec_version: '2.1', id: 'indicator--c2', pattern: "[ipv4-addr:value = '198.51.100.7']", pattern_type: 'stix', valid_from: '2026-01-01T00:00:00Z' }],
});

describe('WatchlistDirectory', () => {
  it('loads every .csv and .json file as a list named after it, skipping other and dot files', async () => {
    const { directory, lines } = directoryOver({
      'admin_users.csv': 'user\nalice\nbob\n',
      'c2.json': C2_BUNDLE,
      'phish.json': JSON.stringify([{ type: 'domain', value: '*.evil.example' }, { type: 'domain', value: 'bad value' }]),
      'notes.txt': 'ip\n192.0.2.1\n',
      '.admin_users.csv.tmp': 'user\nmallory\n',
    });
    const index = await directory.start();
    expect(index.lists.map((l) => l.name)).toEqual(['admin_users', 'c2', 'phish']);
    expect(index.lookupUser('alice')).toHaveLength(1);
    expect(index.lookupUser('mallory')).toEqual([]);
    expect(index.lookupIp('198.51.100.7')[0]).toMatchObject({ list: 'c2', indicator: { stixId: 'indicator--c2' } });
    expect(index.lookupDomain('a.evil.example')).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([
      { level: 'warn', obj: { file: 'phish.json', line: undefined, index: 1, reason: '"bad value" is not a domain name' }, msg: 'watchlist entry rejected' },
    ]);
  });

  it('follows files being added, changed, broken and deleted, swapping the index whole', async () => {
    const { dir, directory, lines } = directoryOver({ 'admins.csv': 'user\nalice\n' });
    const first = await directory.start();

    writeFileSync(join(dir, 'tor.csv'), '# type: ip\n192.0.2.10\n');
    const added = await directory.reload();
    expect(added.changed).toBe(true);
    expect(directory.current()).not.toBe(first);
    expect(first.lookupIp('192.0.2.10')).toEqual([]);
    expect(directory.current().lookupIp('192.0.2.10')).toHaveLength(1);

    writeFileSync(join(dir, 'admins.csv'), 'user\nalice\ncarol\n');
    await directory.reload();
    expect(directory.current().lookupUser('carol')).toHaveLength(1);

    // Broken beyond use: the last good version keeps serving, and one error names the file and the reason.
    writeFileSync(join(dir, 'admins.csv'), 'alice\ncarol\n');
    const logged = lines.length;
    const broken = await directory.reload();
    expect(broken.changed).toBe(false);
    expect(directory.current().lookupUser('carol')).toHaveLength(1);
    expect(directory.status().find((s) => s.file === 'admins.csv')).toMatchObject({
      servingPrevious: true,
      served: true,
      indicators: 2,
      rejected: expect.stringContaining('does not say what its values are'),
      errors: [{ line: 1, reason: expect.stringContaining('does not say what its values are') }],
    });
    expect(lines.slice(logged)).toEqual([
      {
        level: 'error',
        obj: { file: 'admins.csv', list: 'admins', reason: expect.stringContaining('does not say what its values are'), servingPrevious: true, indicators: 2 },
        msg: 'watchlist file rejected; serving its last good version',
      },
    ]);

    // Partly bad: the good rows take effect, the bad one is logged.
    writeFileSync(join(dir, 'admins.csv'), 'user\ndave\n\n');
    writeFileSync(join(dir, 'tor.csv'), '# type: ip\n192.0.2.11\n999.0.0.1\n');
    await directory.reload();
    expect(directory.current().lookupUser('carol')).toEqual([]);
    expect(directory.current().lookupUser('dave')).toHaveLength(1);
    expect(directory.current().lookupIp('192.0.2.11')).toHaveLength(1);
    expect(directory.status().find((s) => s.file === 'tor.csv')).toMatchObject({ servingPrevious: false, indicators: 1, errors: [{ line: 3 }] });

    unlinkSync(join(dir, 'tor.csv'));
    await directory.reload();
    expect(directory.current().lists.map((l) => l.name)).toEqual(['admins']);
    expect(directory.current().lookupIp('192.0.2.11')).toEqual([]);
  });

  it('logs a whole-file failure as one error naming the file, counts it, and tells what each list serves in the metrics', async () => {
    const registry = new Registry();
    const metrics = new WatchlistMetrics(registry);
    const { dir, directory, lines } = directoryOver({ 'tor.json': '{"indicators": [192.0.2.10' }, { metrics });
    const value = async (name: string, labels: Record<string, string>) =>
      (await registry.getSingleMetric(name)?.get())?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;

    // Never good: the list is left out (an empty list would empty the expand filters it feeds).
    expect((await directory.start()).lists).toEqual([]);
    expect(lines).toEqual([
      {
        level: 'error',
        obj: { file: 'tor.json', list: 'tor', reason: expect.stringMatching(/^not JSON: /), servingPrevious: false, indicators: 0 },
        msg: 'watchlist file rejected; the list is not loaded (no earlier good version)',
      },
    ]);
    expect(directory.status()).toEqual([expect.objectContaining({ file: 'tor.json', served: false, servingPrevious: false, indicators: 0, rejected: expect.stringMatching(/^not JSON/) })]);
    expect(await value('quell_watchlist_file_errors_total', { list: 'tor', reason: 'rejected' })).toBe(1);
    expect(await value('quell_watchlist_reloads_total', { result: 'failed' })).toBe(1);

    writeFileSync(join(dir, 'tor.json'), '{"type": "ip", "indicators": ["192.0.2.10", "192.0.2.11"]}');
    await directory.reload();
    expect(lines.at(-2)).toMatchObject({ level: 'info', msg: 'watchlist file loaded', obj: { file: 'tor.json', indicators: 2, errors: 0 } });
    expect(await value('quell_watchlist_indicators', { list: 'tor' })).toBe(2);
    expect(await value('quell_watchlist_reloads_total', { result: 'ok' })).toBe(1);

    // Every entry bad: rejected as a whole too, the last good version stays.
    writeFileSync(join(dir, 'tor.json'), '{"type": "ip", "indicators": ["not-an-ip"]}');
    await directory.reload();
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'watchlist file rejected; serving its last good version', obj: { reason: 'every entry was rejected (1)', indicators: 2 } });
    expect(directory.current().lookupIp('192.0.2.11')).toHaveLength(1);
    expect(await value('quell_watchlist_serving_previous', { list: 'tor' })).toBe(1);
    expect(await value('quell_watchlist_entry_errors', { list: 'tor' })).toBe(1);

    unlinkSync(join(dir, 'tor.json'));
    await directory.reload();
    expect(await value('quell_watchlist_indicators', { list: 'tor' })).toBeUndefined();
  });

  it('does not rebuild the index when nothing changed, and counts expired STIX indicators', async () => {
    const expired = JSON.stringify({ type: 'bundle', id: 'bundle--2', objects: [{ type: 'indicator', id: 'indicator--old', pattern: "[ipv4-addr:value = '192.0.2.1']", pattern_type: 'stix', valid_until: '2026-01-01T00:00:00Z' }] });
    const { directory } = directoryOver({ 'old.json': expired, 'c2.json': C2_BUNDLE });
    const first = await directory.start();
    expect(await directory.reload()).toEqual({ changed: false, index: first });
    expect(directory.status().find((s) => s.file === 'old.json')?.skipped).toEqual({ revoked: 0, expired: 1 });
  });

  it('keeps the first of two files that define the same list', async () => {
    const { directory, lines } = directoryOver({ 'dup.csv': 'user\nalice\n', 'dup.json': '[{"type":"user","value":"bob"}]' });
    const index = await directory.start();
    expect(index.lookupUser('alice')).toHaveLength(1);
    expect(index.lookupUser('bob')).toEqual([]);
    expect(lines.find((l) => l.msg.includes('already defines'))?.obj).toEqual({ file: 'dup.json', list: 'dup' });
  });

  it('reloads by itself through fs.watch', async () => {
    const { dir, directory } = directoryOver({}, { watch: true });
    await directory.start();
    const change = nextChange(directory);
    writeFileSync(join(dir, 'c2.json'), C2_BUNDLE);
    expect((await change).lookupIp('198.51.100.7')).toHaveLength(1);
  });

  it('reloads by itself through the periodic check when watching is off', async () => {
    const { dir, directory } = directoryOver({ 'admins.csv': 'user\nalice\n' }, { watch: false, pollIntervalMs: 50 });
    await directory.start();
    const change = nextChange(directory);
    writeFileSync(join(dir, 'admins.csv'), 'user\nalice\nerin\n');
    expect((await change).lookupUser('erin')).toHaveLength(1);
  });

  it('creates a missing directory and serves an empty index from it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'quell-watchlists-'));
    temps.push(root);
    const directory = new WatchlistDirectory({ dir: join(root, 'not', 'yet'), pollIntervalMs: 0, watch: false });
    directories.push(directory);
    expect((await directory.start()).size).toBe(0);
  });
});
