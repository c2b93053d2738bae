import type { Event } from '@quell/contracts';
import { belongsToLogsource } from '../sigma/logsource-router';
import type { EventInputs } from '../sigma/match-input';
import type { SigmaDetectionRule, SigmaFilterRule, SigmaRule } from '../sigma/sigma-rule';
import type { CatalogError } from './catalog-types';
import { lineOfPath } from './yaml-lines';

/**
 * Resolves each global filter's references and returns the filters that resolve; a filter naming
 * a rule the catalog does not hold (or a correlation) is left out with an error on its own file,
 * on the line of the reference.
 */
export function resolvedFilters(
  filters: readonly SigmaFilterRule[],
  rules: readonly SigmaRule[],
  texts: ReadonlyMap<string, string>,
  errors: CatalogError[],
): Map<SigmaFilterRule, SigmaDetectionRule[]> {
  const byRef = new Map<string, SigmaRule>();
  for (const rule of rules) for (const ref of [rule.id, rule.name]) if (ref) byRef.set(ref, rule);
  const resolved = new Map<SigmaFilterRule, SigmaDetectionRule[]>();
  for (const filter of filters) {
    const targets: SigmaDetectionRule[] = [];
    filter.rules.forEach((ref, i) => {
      const rule = byRef.get(ref);
      if (rule?.kind === 'detection') {
        targets.push(rule);
        return;
      }
      const line = lineOfPath(texts.get(filter.file) ?? '', filter.line, ['filter', 'rules', String(i)]);
      const why = rule ? 'which is a correlation rule, not a detection rule' : 'which no loaded rule has as id or name';
      errors.push({ file: filter.file, line, reason: `filter ${filter.id ?? filter.title} references "${ref}", ${why}` });
    });
    if (targets.length === filter.rules.length) resolved.set(filter, targets);
  }
  return resolved;
}

/**
 * The detection rules with every resolved filter applied: a filtered rule matches when its own
 * detection does and no filter whose log source the event belongs to matches. Its `detection` and
 * `logsource` are kept, so DetectionRuleSet still indexes it by what the rule requires (a filter
 * only narrows what the rule matches, never widens it). Unfiltered rules are returned as they are.
 */
export function withFiltersApplied(rules: readonly SigmaDetectionRule[], filters: ReadonlyMap<SigmaFilterRule, SigmaDetectionRule[]>): SigmaDetectionRule[] {
  const filtersOf = new Map<SigmaDetectionRule, SigmaFilterRule[]>();
  for (const [filter, targets] of filters) {
    for (const rule of targets) filtersOf.set(rule, [...(filtersOf.get(rule) ?? []), filter]);
  }
  return rules.map((rule) => {
    const applied = filtersOf.get(rule);
    return applied ? filteredRule(rule, applied) : rule;
  });
}

function filteredRule(rule: SigmaDetectionRule, filters: readonly SigmaFilterRule[]): SigmaDetectionRule {
  const matches = rule.matches;
  const suppressed = (event: Event, inputs?: EventInputs) => filters.some((filter) => belongsToLogsource(filter.logsource, event) && filter.matches(event, inputs));
  return {
    ...rule,
    matches: (event, inputs) => matches(event, inputs) && !suppressed(event, inputs),
    filteredBy: filters.map((filter) => filter.id ?? filter.title),
  };
}
