import type { Alert, Incident } from '@quell/contracts';
import type { ReceivedCall } from '../webhook-receiver';
import { ATTACKS, type AttackName } from './attacks';

/** The entities by which an attack's incident is recognised: its host, and its source address if it has one. */
function touches(incident: Incident, attack: AttackName): boolean {
  const planted = ATTACKS[attack];
  const values = new Set<string>([planted.host, ...('sourceIp' in planted ? [planted.sourceIp] : [])]);
  return incident.entities.some((e) => values.has(e.value));
}

export interface StormOutcome {
  /** Per attack, the incidents that touch its entities (exactly one is the goal). */
  byAttack: Record<AttackName, { id: string; priority: number; title: string; alertCount: number; ruleIds: string[]; why: string | null }[]>;
  /** Incidents of no attack: the noise that reached people. */
  others: { id: string; priority: number; title: string; entities: string; why: string | null }[];
  /** Notifications sent more than once for one incident transition (idempotency key). */
  repeatedTransitions: string[];
  /** Notifications per transition (`incident.opened`, `incident.priority_raised`, …). */
  notified: Record<string, number>;
  /** Distinct alerts per rule title, screened (of them suppressed) and after dedup, to tell which stage made what. */
  alertsByRule: Record<string, string>;
}

export function stormOutcome(incidents: readonly Incident[], calls: readonly ReceivedCall[], screened: readonly Alert[], unique: readonly Alert[]): StormOutcome {
  const names = Object.keys(ATTACKS) as AttackName[];
  const summary = (i: Incident) => ({ id: i.id, priority: i.priority, title: i.title, alertCount: i.alertCount, ruleIds: i.ruleIds, why: i.priorityReason });
  const byAttack = Object.fromEntries(names.map((name) => [name, incidents.filter((i) => touches(i, name)).map(summary)])) as StormOutcome['byAttack'];
  const others = incidents
    .filter((i) => !names.some((name) => touches(i, name)))
    .map((i) => ({ id: i.id, priority: i.priority, title: i.title, entities: i.entities.map((e) => `${e.type}:${e.value}`).join(','), why: i.priorityReason }));
  // The notifier sends one Idempotency-Key per transition and channel (incident id, action, entry time).
  const keys = calls.map((c) => String(c.headers['idempotency-key']));
  const repeatedTransitions = [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))];
  const notified: Record<string, number> = {};
  for (const call of calls) notified[call.body.event] = (notified[call.body.event] ?? 0) + 1;
  const alertsByRule: Record<string, string> = {};
  const ids = (alerts: readonly Alert[], title: string) => new Set(alerts.filter((a) => a.rule.title === title).map((a) => a.id));
  for (const title of [...new Set(screened.map((a) => a.rule.title))].sort()) {
    const suppressed = ids(screened.filter((a) => a.suppression.state === 'suppressed'), title).size;
    alertsByRule[title] = `screened ${ids(screened, title).size} (${suppressed} suppressed), after dedup ${ids(unique, title).size}`;
  }
  return { byAttack, others, repeatedTransitions, notified, alertsByRule };
}
