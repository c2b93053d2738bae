import { derivedId, type Alert, type RuleMatch } from '@quell/contracts';
import type { CorrelationDefinition, CorrelationResult } from '@quell/correlation';
import { fingerprintOf } from '@quell/rules';
import type { CorrelationMeta } from '../rules/correlator-rules';

/** The alert id of a correlation episode: equal for the opening and every update, on every replica. */
export function correlationAlertId(tenant: string, episodeId: string): string {
  return derivedId('correlation', tenant, episodeId);
}

/** Stage 1 writes match ids as `<event id>#<rule id>`; a chained match's id is the inner alert's id. */
export function eventIdOfMatch(matchId: string): string {
  const at = matchId.indexOf('#');
  return at < 0 ? matchId : matchId.slice(0, at);
}

function describeGroup(group: Record<string, string>): string {
  const parts = Object.entries(group).map(([field, value]) => `${field}=${value}`);
  return parts.length > 0 ? ` for ${parts.join(', ')}` : '';
}

/**
 * The alert of a correlation result: `opened` raises it, each `updated` repeats it with the same
 * id and the new count and last-seen time (downstream stages fold repeats by id).
 */
export function correlationAlertOf(result: CorrelationResult, def: CorrelationDefinition, meta: CorrelationMeta, trigger: RuleMatch): Alert {
  const tenant = trigger.tenant;
  const details: Record<string, string> = {
    'correlation.type': result.type,
    'correlation.value': String(result.value),
    'correlation.condition': result.condition,
    'correlation.timespan': def.timespan,
    'correlation.episode': result.episodeId,
    'correlation.openedAt': new Date(result.openedAt).toISOString(),
    'correlation.rules': def.rules.join(','),
  };
  for (const [field, value] of Object.entries(result.group)) details[`correlation.group.${field}`] = value;
  if (result.late) details['correlation.late'] = 'true';
  const groupEntities = Object.entries(result.group).map(([field, value]) => ({ type: `group.${field}`, value }));
  return {
    id: correlationAlertId(tenant, result.episodeId),
    tenant,
    rule: { id: result.correlationId, title: result.title, version: null, level: result.level, author: meta.author, tags: [...meta.tags] },
    kind: 'correlation',
    entities: trigger.entities,
    fingerprint: fingerprintOf(tenant, result.correlationId, groupEntities),
    firstSeen: result.openedAt,
    lastSeen: result.lastSeen,
    eventCount: result.count,
    sampleEventIds: [...new Set(result.sampleMatchIds.map(eventIdOfMatch))],
    tactics: [...meta.tactics],
    techniques: [...meta.techniques],
    killChainPhase: meta.tactics[0] ?? null,
    explanation: `${result.title}: ${result.type} reached ${result.value} (condition ${result.condition}) within ${def.timespan}${describeGroup(result.group)}; ${result.count} matching events so far`,
    details,
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}
