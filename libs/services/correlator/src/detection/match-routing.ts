import type { Entity, Event, RuleMatch } from '@quell/contracts';
import type { CorrelationDefinition, RuleRef } from '@quell/correlation';
import type { SigmaDetectionRule } from '@quell/rules';
import { refOf, type CorrelatorRules } from '../rules/correlator-rules';

export type MatchFields = RuleMatch['fields'];

/** What stage 1 forwards for one rule hit: a record per correlation, and the correlations it could not feed. */
export interface RoutedMatches {
  matches: RuleMatch[];
  /** Ids of correlations the hit does not count for because a group-by field is missing. */
  missingGroupBy: string[];
}

/**
 * The record key of the matches topic: every match of one correlation group (tenant, correlation,
 * group-by values) hashes to one partition, whatever the number of replicas.
 * WARNING: changing it moves groups between partitions and splits windows that are open.
 */
export function matchKeyOf(match: Pick<RuleMatch, 'tenant' | 'correlationId' | 'groupKey'>): string {
  return JSON.stringify([match.tenant, match.correlationId, match.groupKey]);
}

/** The event field a group-by name reads for a match of this rule: its alias for the rule, else the name itself. */
function fieldFor(def: CorrelationDefinition, groupByField: string, ref: RuleRef): string {
  const alias = def.aliases[groupByField];
  if (!alias) return groupByField;
  return (ref.ruleName !== undefined ? alias[ref.ruleName] : undefined) ?? alias[ref.ruleId] ?? groupByField;
}

/** The group-by values of a match, JSON-encoded as the engine keys groups; undefined when one is missing. */
export function groupKeyOf(def: CorrelationDefinition, ref: RuleRef, fields: MatchFields): string | undefined {
  const values: string[] = [];
  for (const name of def.groupBy) {
    const value = fields[fieldFor(def, name, ref)];
    if (value === null || value === undefined) return undefined;
    values.push(String(value));
  }
  return JSON.stringify(values);
}

/**
 * Re-keys a hit for each correlation that references the matched rule (or inner correlation),
 * carrying the field values those correlations and the ones chained on them need.
 */
export function routeMatch(
  rules: CorrelatorRules,
  source: { ref: RuleRef; title: string; level: string | null },
  hit: { tenant: string; matchId: string; eventId: string; time: number; fields: MatchFields; entities: Entity[] },
): RoutedMatches {
  const routed: RoutedMatches = { matches: [], missingGroupBy: [] };
  for (const { definition } of rules.correlations.targetsOf(source.ref)) {
    const groupKey = groupKeyOf(definition, source.ref, hit.fields);
    if (groupKey === undefined) {
      routed.missingGroupBy.push(definition.id);
      continue;
    }
    routed.matches.push({
      matchId: hit.matchId,
      tenant: hit.tenant,
      correlationId: definition.id,
      groupKey,
      rule: { id: source.ref.ruleId, name: source.ref.ruleName ?? null, title: source.title, level: source.level },
      eventId: hit.eventId,
      eventTime: hit.time,
      fields: hit.fields,
      entities: hit.entities,
    });
  }
  return routed;
}

/** The stage-1 routing of a detection rule's hit on an event. */
export function routeDetection(rules: CorrelatorRules, rule: SigmaDetectionRule, event: Event, entities: Entity[]): RoutedMatches {
  const ref = refOf(rule);
  if (rules.correlations.targetsOf(ref).length === 0) return { matches: [], missingGroupBy: [] };
  const fields: MatchFields = {};
  for (const field of rules.correlations.requiredFields(ref)) fields[field] = rules.resolveField(event, field) ?? null;
  return routeMatch(
    rules,
    { ref, title: rule.title, level: rule.level },
    // Unique per (event, rule): one event matching two rules of a temporal correlation counts twice.
    { tenant: event.tenant, matchId: `${event.id}#${ref.ruleId}`, eventId: event.id, time: event.time, fields, entities },
  );
}
