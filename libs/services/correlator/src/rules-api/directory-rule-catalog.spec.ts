import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { DirectoryRuleCatalog, type CatalogLogger } from './directory-rule-catalog';
import { logonEvent } from '../test/correlator-test-event';
import { burstRule, detectionRule, eventually, ID_BURST, ID_CURL, ID_WGET } from './rules-api.test-util';

function recordingLogger() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const logger: CatalogLogger = {
    info: (obj, msg) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => void lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => void lines.push({ level: 'error', obj, msg }),
  };
  return { logger, lines };
}

const catalogs: DirectoryRuleCatalog[] = [];
afterEach(() => catalogs.splice(0).forEach((c) => c.stop()));

function catalogOver(files: Record<string, string>, options: Partial<ConstructorParameters<typeof DirectoryRuleCatalog>[0]> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'quell-rules-dir-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const catalog = new DirectoryRuleCatalog({ dir, debounceMs: 20, pollIntervalMs: 0, ...options });
  catalogs.push(catalog);
  return { dir, catalog };
}

const ids = (snapshot: RuleCatalogSnapshot) => [...snapshot.detectionRules, ...snapshot.correlationRules].map((r) => r.id);

describe('DirectoryRuleCatalog', () => {
  it('loads .yml and .yaml files recursively, skipping other and dot files, and logs each error with file and line', async () => {
    const { logger, lines } = recordingLogger();
    const { catalog } = catalogOver(
      { 'curl.yml': detectionRule(ID_CURL, 'curl'), 'sub/deeper/burst.yaml': burstRule(ID_BURST, ID_CURL), 'notes.txt': 'x', '.hidden.yml': detectionRule(ID_WGET, 'wget'), 'bad.yml': 'title: [' },
      { logger },
    );
    const result = await catalog.start();
    expect(result).toMatchObject({ outcome: 'with_errors', changed: true });
    expect(ids(catalog.current())).toEqual([ID_CURL, ID_BURST]);
    expect(catalog.current().correlationRules[0].file).toBe('sub/deeper/burst.yaml');
    expect(lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', obj: { file: 'bad.yml', line: expect.any(Number), reason: expect.stringMatching(/^YAML/), servingPrevious: false }, msg: 'rule rejected' }]);
    expect(lines.find((l) => l.msg === 'rules reloaded')?.obj).toMatchObject({ reason: 'start', detections: 1, correlations: 1, errors: 1 });
  });

  it('reads rule files behind symbolic links, laid out as a Kubernetes ConfigMap volume, once each', async () => {
    const { dir, catalog } = catalogOver({ '..2026_11_29_00_00_00.1/curl.yml': detectionRule(ID_CURL, 'curl') });
    symlinkSync('..2026_11_29_00_00_00.1', join(dir, '..data'));
    symlinkSync('..data/curl.yml', join(dir, 'curl.yml'));
    await catalog.start();
    expect(ids(catalog.current())).toEqual([ID_CURL]);
    expect(catalog.current().detectionRules[0].file).toBe('curl.yml');
  });

  it('recompiles only the rules using expand, and tells the listeners, when the placeholder values change', async () => {
    const expanding = `title: Listed user\nid: ${ID_WGET}\nlogsource: { category: authentication }\ndetection:\n  selection:\n    User|expand: '%admins%'\n  condition: selection\n`;
    const { catalog } = catalogOver({ 'admins.yml': expanding, 'curl.yml': detectionRule(ID_CURL, 'curl') });
    await catalog.start();
    const heard: string[] = [];
    catalog.onChange((next) => heard.push(next.version));
    const matchesWget = () => catalog.current().detectionRules.filter((r) => r.matches(logonEvent('success', 0, null, { user: { name: 'wget', domain: null } }))).length === 1;
    const curl = () => catalog.current().detectionRules.find((r) => r.id === ID_CURL);
    const curlBefore = curl();
    expect(matchesWget()).toBe(false);
    expect(await catalog.setPlaceholders({ admins: ['wget'] })).toMatchObject({ changed: true });
    expect(matchesWget()).toBe(true);
    expect(heard).toHaveLength(1);
    // A rule without expand is not compiled again.
    expect(curl()).toBe(curlBefore);
  });

  it('reloads on change through fs.watch, swaps the snapshot and tells the listeners', async () => {
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') });
    await catalog.start();
    const first = catalog.current();
    const seen: [RuleCatalogSnapshot, RuleCatalogSnapshot][] = [];
    catalog.onChange((next, previous) => seen.push([next, previous]));
    writeFileSync(join(dir, 'wget.yml'), detectionRule(ID_WGET, 'wget'));
    await eventually(() => (seen.length > 0 ? true : undefined));
    expect(ids(seen[0][0])).toEqual([ID_CURL, ID_WGET]);
    expect(seen[0][1]).toBe(first);
    expect(catalog.current()).toBe(seen[0][0]);
    expect(first.detectionRules).toHaveLength(1); // the old snapshot is never changed in place
  });

  it('notices changes through the periodic check when nothing is watched', async () => {
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, { watch: false, pollIntervalMs: 30 });
    await catalog.start();
    writeFileSync(join(dir, 'wget.yml'), detectionRule(ID_WGET, 'wget'));
    await eventually(() => (catalog.current().detectionRules.length === 2 ? true : undefined));
  });

  it('keeps serving the last good rules of a file that became invalid, until it is fixed', async () => {
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl'), 'burst.yml': burstRule(ID_BURST, ID_CURL) }, { watch: false });
    await catalog.start();
    writeFileSync(join(dir, 'curl.yml'), detectionRule(ID_CURL, 'curl').replace('condition: selection', 'condition: selection and'));
    const broken = await catalog.reload();
    expect(broken).toMatchObject({ outcome: 'with_errors', changed: true });
    expect(ids(catalog.current())).toEqual([ID_CURL, ID_BURST]);
    expect(catalog.current().errors).toEqual([{ file: 'curl.yml', line: 14, reason: expect.stringMatching(/^condition/), servingPrevious: true }]);
    writeFileSync(join(dir, 'curl.yml'), detectionRule(ID_CURL, 'curl', 'high'));
    await catalog.reload();
    expect(catalog.current().errors).toEqual([]);
    expect(catalog.current().detectionRules[0].level).toBe('high');
  });

  it('writes through validation: refused with errors and nothing written, or atomically written and active', async () => {
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, { watch: false });
    await catalog.start();
    const duplicate = await catalog.write('copy.yml', detectionRule(ID_CURL, 'wget'));
    expect(duplicate).toEqual({ written: false, created: false, errors: [{ file: 'copy.yml', line: 1, reason: `rule id ${ID_CURL} is already defined in curl.yml:1` }] });
    const dangling = await catalog.write('burst.yml', burstRule(ID_BURST, ID_WGET));
    expect(dangling.errors[0].reason).toMatch(/references "2222/);
    expect(readdirSync(dir)).toEqual(['curl.yml']);

    const added = await catalog.write('wget.yml', detectionRule(ID_WGET, 'wget'));
    expect(added).toMatchObject({ written: true, created: true, errors: [], reload: { outcome: 'clean', changed: true } });
    expect(catalog.current().rule(ID_WGET)?.file).toBe('wget.yml');
    expect(readdirSync(dir).sort()).toEqual(['curl.yml', 'wget.yml']);
    expect((await catalog.write('wget.yml', detectionRule(ID_WGET, 'wget', 'low'))).created).toBe(false);
  });

  it('refuses a write that would break a correlation in another file', async () => {
    const { catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl'), 'burst.yml': burstRule(ID_BURST, ID_CURL) }, { watch: false });
    await catalog.start();
    const result = await catalog.write('curl.yml', detectionRule(ID_WGET, 'curl'));
    expect(result.written).toBe(false);
    expect(result.errors).toEqual([{ file: 'burst.yml', line: 8, reason: `correlation ${ID_BURST} references "${ID_CURL}", which no loaded rule has as id or name` }]);
  });

  it('deletes a file and reloads', async () => {
    const { catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl'), 'wget.yml': detectionRule(ID_WGET, 'wget') }, { watch: false });
    await catalog.start();
    expect(await catalog.remove('wget.yml')).toMatchObject({ deleted: true, reload: { changed: true } });
    expect(ids(catalog.current())).toEqual([ID_CURL]);
    expect(await catalog.remove('wget.yml')).toEqual({ deleted: false });
  });

  it('counts reloads by result and exposes rule and error gauges', async () => {
    const registry = new Registry();
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, { watch: false, registry });
    await catalog.start();
    writeFileSync(join(dir, 'bad.yml'), 'title: [');
    await catalog.reload();
    const text = await registry.metrics();
    expect(text).toContain('quell_rules_reloads_total{result="clean"} 1');
    expect(text).toContain('quell_rules_reloads_total{result="with_errors"} 1');
    expect(text).toContain('quell_rules_loaded{kind="detection"} 1');
    expect(text).toContain('quell_rules_errors 1');
  });
});
