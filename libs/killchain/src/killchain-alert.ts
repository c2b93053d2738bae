import { derivedId, type Alert } from '@quell/contracts';
import { attackTagOf } from '@quell/rules';
import { KillChainInput, KillChainResult } from './killchain-types';

/** Rule id prefix of kill-chain escalations; the tracker ignores alerts carrying it (no feedback loop). */
export const KILLCHAIN_RULE_PREFIX = 'quell.killchain.';

function formatWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}

/** An alert as the tracker's input; undefined for kill-chain escalations themselves. */
export function killChainInputOf(alert: Alert): KillChainInput | undefined {
  if (alert.rule.id.startsWith(KILLCHAIN_RULE_PREFIX)) return undefined;
  return {
    tenant: alert.tenant,
    alertId: alert.id,
    ruleId: alert.rule.id,
    ruleTitle: alert.rule.title,
    // An alert's updates keep its first-seen time, so a resent update is recognized as the same input.
    time: alert.firstSeen,
    tactics: alert.tactics,
    entities: alert.entities,
    level: alert.rule.level,
    ...(alert.sampleEventIds.length > 0 ? { evidenceId: alert.sampleEventIds[0] } : {}),
  };
}

/** `initial-access (Rule A, 2026-11-01T10:00:00.000Z) → execution (…)` */
export function describePath(result: KillChainResult): string {
  return result.path.map((step) => `${step.tactic} (${step.ruleTitle}, ${new Date(step.time).toISOString()})`).join(' → ');
}

/**
 * The escalated alert of a kill-chain episode. Its id derives from the episode id, so updates
 * reuse it; its fingerprint from the entity, so the deduper folds an entity's episodes together.
 */
export function killChainAlertOf(result: KillChainResult): Alert {
  const { entity, path } = result;
  const ruleId = `${KILLCHAIN_RULE_PREFIX}${entity.type}`;
  const tactics = path.map((step) => step.tactic);
  const window = formatWindow(result.windowMs);
  return {
    id: derivedId('killchain', result.episodeId),
    tenant: result.tenant,
    rule: {
      id: ruleId,
      title: `Kill-chain progression on ${entity.type} ${entity.value}`,
      version: `threshold=${result.threshold};window=${window}`,
      level: result.level,
      author: 'Quell',
      tags: tactics.map(attackTagOf),
    },
    kind: 'correlation',
    entities: [{ type: entity.type, value: entity.value }],
    fingerprint: derivedId(result.tenant, ruleId, `${entity.type}=${entity.value}`),
    firstSeen: path.length > 0 ? path[0].time : result.openedAt,
    lastSeen: result.lastSeen,
    eventCount: result.alertCount,
    sampleEventIds: [...result.sampleAlertIds],
    tactics,
    techniques: [],
    killChainPhase: path.length > 0 ? path[path.length - 1].tactic : null,
    explanation: `${entity.type} ${entity.value} reached ${path.length} ATT&CK tactics within ${window} (threshold ${result.threshold}): ${describePath(result)}`,
    details: {
      'killchain.entity': `${entity.type}:${entity.value}`,
      'killchain.path': path.map((step) => `${step.tactic}@${new Date(step.time).toISOString()}:${step.alertId}`).join(','),
      'killchain.tactics': String(path.length),
      'killchain.threshold': String(result.threshold),
      'killchain.window': window,
      'killchain.episode': result.episodeId,
      'killchain.alert_ids': result.sampleAlertIds.join(','),
    },
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}
