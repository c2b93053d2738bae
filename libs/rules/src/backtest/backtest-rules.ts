import type { CorrelationDefinition, RuleRef } from '@quell/correlation';
import { CorrelationSet } from '@quell/correlation';
import type { RuleCatalogSnapshot } from '../catalog/catalog-types';
import { RuleCatalog } from '../catalog/rule-catalog';
import type { LoadOptions } from '../sigma/rule-loader';
import type { RuleLoadError, SigmaCorrelationRule, SigmaDetectionRule } from '../sigma/sigma-rule';

/** What a backtest runs: detection rules, or correlations with every rule they reach. */
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
 * The rules a backtest of `targets` runs, taken from `catalog`: the detections themselves, or, when
 * any target is a correlation, every correlation it reaches through its references and the
 * detections at the end (the targets' own detections are then only run for those correlations).
 */
export function backtestRulesIn(catalog: RuleCatalogSnapshot, targets: { detections: readonly SigmaDetectionRule[]; correlations: readonly SigmaCorrelationRule[] }): BacktestRules {
  if (targets.correlations.length === 0) return { mode: 'detection', detections: [...targets.detections], correlations: new CorrelationSet([]) };
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
  for (const rule of targets.correlations) {
    const def = catalog.definitionOf(rule);
    if (def) visit(def);
  }
  return { mode: 'correlation', detections: [...detections], correlations: new CorrelationSet([...needed.values()]) };
}

/** A rule's reference as people see it in the rules list: id, else name, else title. */
export const shownRefOf = (rule: { id: string | null; name: string | null; title: string }): string => rule.id ?? rule.name ?? rule.title;

/**
 * Loads `target` (a rule file's text among `texts`, e.g. a file being edited beside the rules it
 * references) into one catalog and keeps what the file's rules need; with `ruleRef`, only the
 * file's rule of that id, name or title (`ruleIds` names those run). The file's errors, or one
 * saying it holds no such rule, are returned instead; other files' errors do not matter. The file wins an id clash: testing an
 * edited copy of a loaded rule is the usual case.
 */
export function backtestRulesOfFile(texts: ReadonlyMap<string, string>, target: string, options: { ruleRef?: string; load?: LoadOptions } = {}): { rules?: BacktestRules; ruleIds?: string[]; errors: RuleLoadError[] } {
  const catalog = RuleCatalog.build(texts, { preferFiles: new Set([target]), load: options.load });
  const errors = catalog.errors.filter((e) => e.file === target);
  if (errors.length > 0) return { errors };
  const picked = <R extends SigmaDetectionRule | SigmaCorrelationRule>(rules: readonly R[]) =>
    rules.filter((r) => r.file === target && (options.ruleRef === undefined || [r.id, r.name, r.title].includes(options.ruleRef)));
  const targets = { detections: picked(catalog.detectionRules), correlations: picked(catalog.correlationRules) };
  if (targets.detections.length + targets.correlations.length === 0) {
    return { errors: [{ file: target, line: 1, reason: options.ruleRef === undefined ? 'the file holds no rule' : `the file holds no rule with the id, name or title "${options.ruleRef}"` }] };
  }
  return { rules: backtestRulesIn(catalog, targets), ruleIds: [...targets.detections, ...targets.correlations].map(shownRefOf), errors: [] };
}
