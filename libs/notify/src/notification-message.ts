import type { Alert, Entity, Incident } from '@quell/contracts';
import { PRIORITIZED_ACTION, PRIORITY_CHANGED_ACTION } from '@quell/incidents';

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
  /**
   * NOTIFY_INCIDENT_URL_TEMPLATE, e.g. `https://quell.example/incidents/{id}` (`{id}` URL-encoded);
   * without `{id}`, the console's base URL, to which its hash route `#/incidents/<id>` is added.
   */
  incidentUrlTemplate: string;
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
  /** Each priority factor in one line, e.g. `critical service payments ×2 (+4)`, severity's first. */
  priorityFactors: readonly string[];
  /** The related changes' summaries (Incident.relatedChanges), closest first: context, not a verdict. */
  relatedChanges: readonly string[];
  rules: readonly RuleCredit[];
  entities: readonly Entity[];
  alertCount: number;
  firstSeen: string;
  lastSeen: string;
  url: string;
  /** Stable per incident: providers that dedupe (PagerDuty, Opsgenie) fold every transition onto it. */
  dedupKey: string;
  /**
   * The transition's own key (`<incident id>/<timeline action>/<entry time>`), set by the notifier:
   * two raises or two escalation steps of one incident are two deliveries a receiver must not fold.
   */
  transitionKey?: string;
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
    priorityReason: priorityReasonOf(incident),
    priorityFactors: incident.priorityFactors.map((factor) => `${factor.label} ${factor.op}${factor.weight} (${factor.contribution >= 0 ? '+' : ''}${factor.contribution})`),
    relatedChanges: incident.relatedChanges.map((change) => change.summary),
    rules: input.rules,
    entities: incident.entities,
    alertCount: incident.alertCount,
    firstSeen: new Date(incident.firstSeen).toISOString(),
    lastSeen: new Date(incident.lastSeen).toISOString(),
    url: incidentUrl(input.incidentUrlTemplate, incident.id),
    dedupKey: `quell/${incident.tenant}/${incident.id}`,
  };
}

/**
 * Why the incident has its priority. A priority a person set is kept over the assessment, whose
 * reason (`P5 because: …`) would then contradict the P2 the message shows: the person's reason leads.
 */
function priorityReasonOf(incident: Incident): string | null {
  // v3 incidents carry the reason; older ones only wrote it in the prioritizing timeline entry.
  const assessed = incident.priorityReason ?? incident.timeline.findLast((entry) => entry.action === PRIORITIZED_ACTION)?.detail ?? null;
  const setByPerson = incident.timeline.findLast((entry) => entry.action === PRIORITY_CHANGED_ACTION);
  if (!setByPerson) return assessed;
  const set = `P${incident.priority} as set by ${setByPerson.actor} (${setByPerson.detail ?? 'no reason given'})`;
  return assessed ? `${set}; assessed ${assessed}` : set;
}

/** The distinct rules behind some alerts, with the author each alert carries (Alert.rule.author). */
export function ruleCreditsOf(alerts: readonly Pick<Alert, 'rule'>[]): RuleCredit[] {
  const byId = new Map<string, RuleCredit>();
  for (const { rule } of alerts) if (!byId.has(rule.id)) byId.set(rule.id, { id: rule.id, title: rule.title, author: rule.author });
  return [...byId.values()];
}

/**
 * The message as plain-text lines (why, factors, entities, rules with credit, related changes,
 * link): the body of e-mail and tickets, and the description of paging alerts.
 */
export function messageTextLines(message: NotificationMessage): string[] {
  return [
    `P${message.priority} (${message.severity}), ${message.status}: ${message.title}`,
    `Why: ${message.priorityReason ?? 'not assessed yet'}`,
    ...message.priorityFactors.map((factor) => `  factor: ${factor}`),
    `Entities: ${entityLine(message.entities)}`,
    `Alerts: ${message.alertCount}, ${message.firstSeen} – ${message.lastSeen}`,
    ...(message.rules.length ? message.rules.map((rule) => `Rule: ${ruleCreditLine(rule)}`) : ['Rule: none recorded']),
    ...message.relatedChanges.map((change) => `Related change: ${change}`),
    `Incident: ${message.url}`,
  ];
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

export const INCIDENT_ID_PLACEHOLDER = '{id}';

function incidentUrl(template: string, id: string): string {
  const isTemplate = template.includes(INCIDENT_ID_PLACEHOLDER);
  let url: URL;
  try {
    url = new URL(isTemplate ? template.replaceAll(INCIDENT_ID_PLACEHOLDER, 'id') : template.endsWith('/') ? template : `${template}/`);
  } catch {
    throw new Error(`incidentUrlTemplate "${template}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`incidentUrlTemplate "${template}" must be http or https`);
  if (isTemplate) return template.replaceAll(INCIDENT_ID_PLACEHOLDER, encodeURIComponent(id));
  // The console routes by hash only: a path such as <base>/incidents/<id> is a 404 on every server.
  return new URL(`#/incidents/${encodeURIComponent(id)}`, url).toString();
}
