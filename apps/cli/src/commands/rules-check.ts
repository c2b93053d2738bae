import { RuleCatalog, type CatalogError } from '@quell/rules';
import type { Output } from '../normalize-command';
import { ruleFilesUnder } from './rules-files';

export interface RulesIo extends Output {
  read(path: string): Promise<string>;
}

/** What `quell rules check --json` prints: one document. */
export interface RulesCheckReport {
  loaded: number;
  rejected: number;
  errors: { file: string; line: number; reason: string }[];
}

/**
 * `quell rules check <paths…>`: loads every rule file under the paths as one catalog — the
 * correlator's own, so the cross-file checks are the same (ids and names unique, correlation
 * references resolvable, no cycles) — and prints one line per rejected file (file:line: reason;
 * …), then `loaded N, rejected M`; or, with `json`, one RulesCheckReport. Exit 0 when none is
 * rejected, 2 otherwise.
 */
export async function rulesCheck(paths: readonly string[], io: RulesIo, json = false): Promise<number> {
  const files = await ruleFilesUnder(paths);
  const texts = new Map<string, string>();
  const unreadable = new Map<string, string>();
  for (const file of files) {
    try {
      texts.set(file, await io.read(file));
    } catch (error) {
      unreadable.set(file, (error as Error).message);
    }
  }
  const catalog = RuleCatalog.build(texts, { unreadable });
  const byFile = new Map<string, CatalogError[]>();
  for (const error of catalog.errors) byFile.set(error.file, [...(byFile.get(error.file) ?? []), error]);
  const report: RulesCheckReport = {
    loaded: files.length - byFile.size,
    rejected: byFile.size,
    errors: catalog.errors.map(({ file, line, reason }) => ({ file, line, reason })),
  };
  if (json) io.out(JSON.stringify(report));
  else {
    for (const file of files) {
      const errors = byFile.get(file);
      if (errors) io.out(errors.map(lineOf).join('; '));
    }
    io.out(`loaded ${report.loaded}, rejected ${report.rejected}`);
  }
  return report.rejected === 0 ? 0 : 2;
}

const lineOf = (error: CatalogError): string => `${error.file}:${error.line}: ${error.reason}`;
