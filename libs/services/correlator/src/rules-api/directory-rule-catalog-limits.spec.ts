import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRuleCatalog, type CatalogLogger } from './directory-rule-catalog';
import { MAX_RULE_FILE_BYTES } from './rule-directory';
import { detectionRule, ID_CURL, ID_WGET } from './rules-api.test-util';

/** A rule file that cannot be read at all never makes a reload fail: the other files load, it keeps what it served. */
function recordingLogger() {
  const errors: object[] = [];
  const logger: CatalogLogger = { info: () => undefined, warn: () => undefined, error: (obj) => void errors.push(obj) };
  return { logger, errors };
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
  it('starts with a symbolic link loop and a huge file beside good files, logging each', async () => {
    const { logger, errors } = recordingLogger();
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, logger);
    symlinkSync(join(dir, 'b.yml'), join(dir, 'a.yml'));
    symlinkSync(join(dir, 'a.yml'), join(dir, 'b.yml'));
    writeFileSync(join(dir, 'huge.yml'), '');
    truncateSync(join(dir, 'huge.yml'), MAX_RULE_FILE_BYTES + 1); // sparse: nothing is written, and nothing must be read
    const result = await catalog.start();
    expect(result.outcome).toBe('clean');
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_CURL]);
    expect(errors).toEqual([
      { file: 'a.yml', reason: expect.stringMatching(/ELOOP/), servingPrevious: false },
      { file: 'b.yml', reason: expect.stringMatching(/ELOOP/), servingPrevious: false },
      { file: 'huge.yml', reason: `the file is ${MAX_RULE_FILE_BYTES + 1} bytes, more than a rule file may hold (1048576 characters of YAML)`, servingPrevious: false },
    ]);
  });

  it('keeps serving the rules of a file that becomes unreadable, and loads the others changed meanwhile', async () => {
    const { logger, errors } = recordingLogger();
    const { dir, catalog } = catalogOver({ 'curl.yml': detectionRule(ID_CURL, 'curl') }, logger);
    await catalog.start();
    rmSync(join(dir, 'curl.yml'));
    symlinkSync(join(dir, 'curl.yml'), join(dir, 'curl.yml')); // a link to itself
    writeFileSync(join(dir, 'wget.yml'), detectionRule(ID_WGET, 'wget'));
    await catalog.reload('test');
    expect(catalog.current().detectionRules.map((r) => r.id)).toEqual([ID_CURL, ID_WGET]);
    expect(errors).toEqual([{ file: 'curl.yml', reason: expect.stringMatching(/ELOOP/), servingPrevious: true }]);
  });
});
