import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSigmaRules } from './rule-loader';
import type { RuleLoadError } from './sigma-rule';

/** SigmaHQ's rule sets, read in place from ../shared/corpora (beside the repository, here and in CI). */
const SIGMA = join(__dirname, '../../../../../shared/corpora/sigma');
const SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

function ymlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ymlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

describe('SigmaHQ corpus', () => {
  const files = SETS.flatMap((set) => ymlFiles(join(SIGMA, set)));
  const rejected: RuleLoadError[] = [];
  let loaded = 0;
  for (const file of files) {
    const result = loadSigmaRules(readFileSync(file, 'utf8'), relative(SIGMA, file));
    if (result.errors.length > 0) rejected.push(result.errors[0]);
    else loaded++;
  }

  it('holds the 3,754 rule files', () => {
    expect(files.length).toBe(3754);
  });

  it('loads at least 99% of the rule files', () => {
    if (rejected.length > 0) console.log(rejected.map((e) => `${e.file}:${e.line}: ${e.reason}`).join('\n'));
    expect(loaded / files.length).toBeGreaterThanOrEqual(0.99);
  });
});
