import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { CorrelationSet, type CorrelationDefinition, type RuleRef } from '@quell/correlation';
import { RuleCatalog, type RuleLoadError, type SigmaDetectionRule } from '@quell/rules';
import { ruleFilesUnder } from './rules-files';

/** What a backtest runs: the rule file's detections, or its correlations with every rule they reach. */
export interface BacktestRules {
  mode: 'detection' | 'correlation';
  detections: SigmaDetectionRule[];
  correlations: CorrelationSet;
}

/** How correlations refer to a detection rule (as the correlator does): by id, else by name, else its place. */
export function refOf(rule: Pick<SigmaDetectionRule, 'id' | 'name' | 'file' | 'line'>): RuleRef {
  const ruleId = rule.id ?? rule.name ?? `${rule.file}:${rule.line}`;
  return rule.name ? { ruleId, ruleName: rule.name } : { ruleId };
}

/**
 * Loads the rule file together with the rules of `rulesDir` (so a correlation finds the rules it
 * references) into one catalog, and keeps what the rule file needs. Errors of the rule file, or
 * ones that leave it without a rule, are returned instead; other files' errors do not matter.
 */
export async function backtestRulesOf(ruleFile: string, rulesDir: string | undefined): Promise<{ rules?: BacktestRules; errors: RuleLoadError[] }> {
  const target = resolve(ruleFile);
  const texts = new Map<string, string>();
  for (const file of rulesDir ? await ruleFilesUnder([rulesDir]) : []) texts.set(resolve(file), await readFile(file, 'utf8'));
  texts.set(target, await readFile(target, 'utf8'));
  // The rule file wins an id clash: backtesting an edited copy of a rule from the directory is the usual case.
  const catalog = RuleCatalog.build(texts, { preferFiles: new Set([target]) });
  const shown = (e: RuleLoadError) => ({ ...e, file: relative(process.cwd(), e.file) || e.file });
  const errors = catalog.errors.filter((e) => e.file === target).map(shown);
  if (errors.length > 0) return { errors };

  const correlationRules = catalog.correlationRules.filter((r) => r.file === target);
  if (correlationRules.length === 0) {
    const detections = catalog.detectionRules.filter((r) => r.file === target);
    if (detections.length === 0) return { errors: [{ file: ruleFile, line: 1, reason: 'the file holds no rule' }] };
    return { rules: { mode: 'detection', detections, correlations: new CorrelationSet([]) }, errors: [] };
  }

  // Every correlation the file's correlations reach through their references, and the detections at the end.
  const needed = new Map<string, CorrelationDefinition>();
  const detections = new Set<SigmaDetectionRule>();
  const visit = (def: CorrelationDefinition): void => {
    if (needed.has(def.id)) return;
    needed.set(def.id, def);
    for (const ref of def.rules) {
      const inner = catalog.correlations.definitions.find((d) => d.id === ref || d.name === ref);
      if (inner) visit(inner);
      for (const rule of catalog.detectionRules) if (rule.id === ref || rule.name === ref) detections.add(rule);
    }
  };
  for (const rule of correlationRules) {
    const def = catalog.definitionOf(rule);
    if (def) visit(def);
  }
  return { rules: { mode: 'correlation', detections: [...detections], correlations: new CorrelationSet([...needed.values()]) }, errors: [] };
}
