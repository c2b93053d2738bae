import type { Alert, RuleMatch } from '@quell/contracts';
import { killChainInputOf } from './killchain-alert';
import { KillChainInput, TrackedEntityType } from './killchain-types';
import { tacticOf } from './tactics';

/** Correlation-id prefix of kill-chain records on the matches topic (`killchain:host`, `killchain:user`). */
export const KILLCHAIN_MATCH_PREFIX = 'killchain';

const TRACKED: readonly TrackedEntityType[] = ['host', 'user'];

/**
 * An alert as keyed records for the correlator's stage 2: one per host or user entity, with
 * correlation id `killchain:<type>` and the entity as group key, so that every alert about an
 * entity lands in one partition whatever key the alert itself travels under. Alerts without an
 * ATT&CK tactic, and kill-chain escalations themselves, give none.
 */
export function killChainMatchesOf(alert: Alert): RuleMatch[] {
  const input = killChainInputOf(alert);
  if (!input) return [];
  const tactics = input.tactics.filter((t) => tacticOf(t) !== undefined);
  if (tactics.length === 0) return [];
  const matches: RuleMatch[] = [];
  const seen = new Set<string>();
  for (const entity of input.entities) {
    const type = entity.type as TrackedEntityType;
    if (!TRACKED.includes(type) || !entity.value || seen.has(`${type}|${entity.value}`)) continue;
    seen.add(`${type}|${entity.value}`);
    matches.push({
      matchId: `${alert.id}|${type}|${entity.value}`,
      tenant: alert.tenant,
      correlationId: `${KILLCHAIN_MATCH_PREFIX}:${type}`,
      groupKey: JSON.stringify([entity.value]),
      rule: { id: alert.rule.id, name: null, title: alert.rule.title, level: alert.rule.level },
      eventId: alert.id,
      eventTime: input.time,
      fields: { tactics: tactics.join(','), ...(input.evidenceId === undefined ? {} : { evidence: input.evidenceId }) },
      entities: [{ type, value: entity.value }],
    });
  }
  return matches;
}

/** A keyed kill-chain record back into the tracker's input (for the one entity it is keyed by). */
export function killChainInputOfMatch(match: RuleMatch): KillChainInput {
  const tactics = typeof match.fields['tactics'] === 'string' ? match.fields['tactics'].split(',').filter(Boolean) : [];
  return {
    tenant: match.tenant,
    alertId: match.eventId,
    ruleId: match.rule.id,
    ruleTitle: match.rule.title,
    time: match.eventTime,
    tactics,
    entities: match.entities,
    ...(match.rule.level ? { level: match.rule.level } : {}),
    ...(typeof match.fields['evidence'] === 'string' ? { evidenceId: match.fields['evidence'] } : {}),
  };
}
