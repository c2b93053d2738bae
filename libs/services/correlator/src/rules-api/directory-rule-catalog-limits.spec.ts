import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRuleCatalog, type CatalogLogger } from './directory-rule-catalog';
import { MAX_RULE_FILE_BYTES } from './rule-directory';
import { detectionRule, ID_CURL, ID_WGET } from './rules-api.test-util';

/** A rule file that cannot be read at all never makes a reload fail: the other files load, it is listed with the reason and keeps what it served. */
function recordingLogger() {
  const warnings: object[] = [];
  const logger: CatalogLogger = { info: () => undefined, warn: (obj) => void warnings.push(obj), error: () => undefined };
  return { logger, warnings };
}

const catalogs: DirectoryRuleCatalog[] = [];
afterEach(() => catalogs.splice(0).forEach((c) => c.stop()));

function catalogOver(files: Record<string, string>, logger: CatalogLogger) {
  const dir = mkdtempSync(join(tmpdir(), 'quell-rules-unreadable-'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const catalog = new DirectoryRuleCatalog({ dir, debounceMs: 20, pollIntervalMs: 0, watch: false, logger });
  catalogs.push(catalog);
  return { dir, catalog };
}

describe('DirectoryRuleCatalog with unreadable files', () => {
  it('starts with a symbolic link loop and a huge file beside good files, listing each with its reason', async () => {
    const { logger, warnings } = recordingLogger();
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, logger);
    symlinkSync(join(dir, 'b.yml'), join(dir, 'a.yml'));
    symlinkSync(join(dir, 'a.yml'), join(dir, 'b.yml'));
    writeFileSync(join(dir, 'huge.yml'), '');
    truncateSync(join(dir, 'huge.yml'), MAX_RULE_FILE_BYTES + 1); // sparse: nothing is written, and nothing must be read
    const result = await catalog.start();
    expect(result.outcome).toBe('with_errors');
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_CURL]);
    const expected = [
      { file: 'a.yml', line: 1, reason: expect.stringMatching(/^the file could not be read: ELOOP/) },
      { file: 'b.yml', line: 1, reason: expect.stringMatching(/^the file could not be read: ELOOP/) },
      { file: 'huge.yml', line: 1, reason: `the file could not be read: the file is ${MAX_RULE_FILE_BYTES + 1} bytes, more than a rule file may hold (1048576 characters of YAML)` },
    ];
    expect(catalog.current().errors).toEqual(expected);
    expect(catalog.current().files.map((f) => [f.file, f.servedFrom, f.errors])).toEqual([
      ['a.yml', 'none', 1],
      ['b.yml', 'none', 1],
      ['curl.yml', 'current', 0],
      ['huge.yml', 'none', 1],
    ]);
    expect(warnings).toEqual(expected.map((e) => expect.objectContaining({ file: e.file, servingPrevious: false })));
  });

  it('keeps serving the rules of a file that becomes unreadable, lists why, and loads the others changed meanwhile', async () => {
    const { logger } = recordingLogger();
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, logger);
    await catalog.start();
    rmSync(join(dir, 'curl.yml'));
    symlinkSync(join(dir, 'curl.yml'), join(dir, 'curl.yml')); // a link to itself
    writeFileSync(join(dir, 'wget.yml'), detectionRule(ID_WGET, 'wget'));
    const reload = await catalog.reload('test');
    expect(reload.changed).toBe(true);
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_CURL, ID_WGET]);
    expect(catalog.current().errors).toEqual([{ file: 'curl.yml', line: 1, reason: expect.stringMatching(/ELOOP/), servingPrevious: true }]);
    expect(catalog.current().files.find((f) => f.file === 'curl.yml')?.servedFrom).toBe('previous');
    // Readable again: served from its text once more, the error gone.
    rmSync(join(dir, 'curl.yml'));
    writeFileSync(join(dir, 'curl.yml'), detectionRule(ID_CURL, 'curl', 'high'));
    await catalog.reload('test');
    expect(catalog.current().errors).toEqual([]);
    expect(catalog.current().rule(ID_CURL)?.level).toBe('high');
  });
});
