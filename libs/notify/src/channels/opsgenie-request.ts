import { entityLine, messageTextLines, ruleCreditLine, truncate, type NotificationMessage } from '../notification-message';
import { jsonRequest, type ChannelRequest } from './channel-request';

/** Opsgenie's API hosts: the account's region decides which one answers. */
export const OPSGENIE_API_URLS = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;
/** Field limits of the Alert API's create request; Opsgenie truncates or refuses beyond them. */
export const OPSGENIE_LIMITS = { message: 130, alias: 512, description: 15000, entity: 512, source: 100, tags: 20, tag: 50, detailsTotal: 8000, user: 100, note: 25000 } as const;
const SOURCE = 'Quell';

export interface OpsgenieTarget {
  /** An API integration's key, from the environment; sent as `Authorization: GenieKey <key>`. */
  apiKey: string;
  region?: keyof typeof OPSGENIE_API_URLS;
  /** Only tests change it (a loopback receiver). */
  baseUrl?: string;
}

/**
 * Create on open and escalation (Opsgenie folds a create with an open alias into the existing
 * alert, counting it), update the priority when it is raised, acknowledge and close by alias.
 */
export function opsgenieRequest(message: NotificationMessage, target: OpsgenieTarget): ChannelRequest {
  if (!target.apiKey.trim()) throw new Error('the Opsgenie channel needs an API integration key');
  const base = target.baseUrl ?? OPSGENIE_API_URLS[target.region ?? 'us'];
  const headers = { Authorization: `GenieKey ${target.apiKey}` };
  const alias = truncate(message.incidentId, OPSGENIE_LIMITS.alias);
  const byAlias = (action: string) => `${base}/v2/alerts/${encodeURIComponent(alias)}/${action}?identifierType=alias`;
  switch (message.transition) {
    case 'acknowledged':
      return jsonRequest(byAlias('acknowledge'), { source: SOURCE, note: `Acknowledged in Quell: ${message.url}` }, headers);
    case 'resolved':
      return jsonRequest(byAlias('close'), { source: SOURCE, note: `Resolved in Quell: ${message.url}` }, headers);
    case 'priority_raised':
      return jsonRequest(byAlias('priority'), { priority: priority(message) }, headers, 'PUT');
    default:
      return jsonRequest(`${base}/v2/alerts`, createBody(message, alias), headers);
  }
}

function createBody(message: NotificationMessage, alias: string) {
  const rules = message.rules.map(ruleCreditLine);
  return {
    message: truncate(`P${message.priority} ${message.title}`, OPSGENIE_LIMITS.message),
    alias,
    description: truncate(messageTextLines(message).join('\n'), OPSGENIE_LIMITS.description),
    entity: truncate(entityLine(message.entities), OPSGENIE_LIMITS.entity),
    source: SOURCE,
    priority: priority(message),
    tags: [`tenant:${message.tenant}`, `severity:${message.severity}`].map((tag) => truncate(tag, OPSGENIE_LIMITS.tag)).slice(0, OPSGENIE_LIMITS.tags),
    details: boundedDetails({ incident: message.url, status: message.status, alerts: String(message.alertCount), rules: rules.join('; ') }),
  };
}

function priority(message: NotificationMessage): string {
  return `P${Math.min(5, Math.max(1, Math.round(message.priority)))}`;
}

/** Keys and values together stay under Opsgenie's 8000-character cap on details; the longest value gives way. */
function boundedDetails(details: Record<string, string>): Record<string, string> {
  const fixed = Object.entries(details).filter(([key]) => key !== 'rules').reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  return { ...details, rules: truncate(details['rules'] ?? '', Math.max(1, OPSGENIE_LIMITS.detailsTotal - fixed - 'rules'.length)) };
}
