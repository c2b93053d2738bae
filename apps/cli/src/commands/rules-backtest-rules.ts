import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { backtestRulesOfFile, type BacktestRules, type RuleLoadError } from '@quell/rules';
import { ruleFilesUnder } from './rules-files';

/**
 * Loads the rule file together with the rules of `rulesDir` (so a correlation finds the rules it
 * references) and keeps what the rule file needs (see backtestRulesOfFile). Errors of the rule
 * file, or ones that leave it without a rule, are returned instead, with paths relative to here.
 */
export async function backtestRulesOf(ruleFile: string, rulesDir: string | undefined): Promise<{ rules?: BacktestRules; ruleIds?: string[]; errors: RuleLoadError[] }> {
  const target = resolve(ruleFile);
  const texts = new Map<string, string>();
  for (const file of rulesDir ? await ruleFilesUnder([rulesDir]) : []) texts.set(resolve(file), await readFile(file, 'utf8'));
  texts.set(target, await readFile(target, 'utf8'));
  const { rules, ruleIds, errors } = backtestRulesOfFile(texts, target);
  return { rules, ruleIds, errors: errors.map((e) => ({ ...e, file: e.file === target ? relative(process.cwd(), e.file) || e.file : e.file })) };
}
