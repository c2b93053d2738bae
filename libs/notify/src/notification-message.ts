import type { Entity, Incident } from '@quell/contracts';
import { PRIORITIZED_ACTION } from '@quell/incidents';

/** The incident transitions that notify (DESIGN "Incidents"): at most one notification each. */
export type IncidentTransition = 'opened' | 'priority_raised' | 'escalated' | 'acknowledged' | 'resolved';

/** A rule behind the incident, with its author: the SigmaHQ rule licence (DRL) requires the credit. */
export interface RuleCredit {
  id: string;
  title: string;
  author: string | null;
}

export interface NotificationInput {
  incident: Incident;
  transition: IncidentTransition;
  rules: readonly RuleCredit[];
  /** The console's base URL from configuration, e.g. https://quell.example.com/ */
  incidentBaseUrl: string;
}

/** What every channel says, whatever its format: built once, then laid out per provider. */
export interface NotificationMessage {
  transition: IncidentTransition;
  incidentId: string;
  tenant: string;
  title: string;
  status: string;
  severity: string;
  priority: number;
  /** `P1 because: …` from the incident's latest prioritizing timeline entry; null before any. */
  priorityReason: string | null;
  rules: readonly RuleCredit[];
  entities: readonly Entity[];
  alertCount: number;
  firstSeen: string;
  lastSeen: string;
  url: string;
  /** Stable per incident: providers that dedupe (PagerDuty, Opsgenie) fold every transition onto it. */
  dedupKey: string;
}

export function notificationMessage(input: NotificationInput): NotificationMessage {
  const { incident } = input;
  return {
    transition: input.transition,
    incidentId: incident.id,
    tenant: incident.tenant,
    title: incident.title,
    status: incident.status,
    severity: incident.severity,
    priority: incident.priority,
    priorityReason: incident.timeline.findLast((entry) => entry.action === PRIORITIZED_ACTION)?.detail ?? null,
    rules: input.rules,
    entities: incident.entities,
    alertCount: incident.alertCount,
    firstSeen: new Date(incident.firstSeen).toISOString(),
    lastSeen: new Date(incident.lastSeen).toISOString(),
    url: incidentUrl(input.incidentBaseUrl, incident.id),
    dedupKey: `quell/${incident.tenant}/${incident.id}`,
  };
}

/** `Brute force then success (rule 5a1b…) by Florian Roth`; "author not given" rather than nothing. */
export function ruleCreditLine(rule: RuleCredit): string {
  return `${rule.title} (rule ${rule.id}) by ${rule.author?.trim() || 'author not given'}`;
}

export function entityLine(entities: readonly Entity[]): string {
  return entities.map((entity) => `${entity.type} ${entity.value}`).join(', ') || 'no entities';
}

/**
 * Cuts to `max` UTF-16 units (what providers' length checks count), marking the cut with an
 * ellipsis and never splitting a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function incidentUrl(base: string, id: string): string {
  let url: URL;
  try {
    url = new URL(base.endsWith('/') ? base : `${base}/`);
  } catch {
    throw new Error(`incidentBaseUrl "${base}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`incidentBaseUrl "${base}" must be http or https`);
  return new URL(`incidents/${encodeURIComponent(id)}`, url).toString();
}
