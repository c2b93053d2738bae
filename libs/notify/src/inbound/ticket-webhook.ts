import { parseJsonObject } from '../channels/channel-request';
import { actorOf, incidentOfDedupKey, InboundPayloadError, type InboundParse } from './inbound-action';

/** The label jiraRequest puts on the issue it creates, naming the incident. */
export const JIRA_INCIDENT_LABEL_PREFIX = 'quell-incident-';
export const JIRA_TENANT_LABEL_PREFIX = 'quell-tenant-';

/**
 * A Jira Cloud `jira:issue_updated` webhook (developer.atlassian.com/cloud/jira/platform/webhooks/):
 * a status change (a `status` item in the changelog) into the "done" category resolves, into "in
 * progress" acknowledges; the incident is the quell-incident-<id> label.
 */
export function parseJiraWebhook(rawBody: string): InboundParse {
  const body = parseObject(rawBody, 'Jira');
  if (body['webhookEvent'] !== 'jira:issue_updated') return { ignored: `Jira event ${String(body['webhookEvent'])} asks nothing of Quell` };
  const items = ((body['changelog'] as { items?: Record<string, unknown>[] } | undefined)?.items ?? []);
  if (!items.some((item) => item['field'] === 'status')) return { ignored: 'the Jira update changes no status' };
  const fields = ((body['issue'] as { fields?: Record<string, unknown> } | undefined)?.fields ?? {});
  const labels = Array.isArray(fields['labels']) ? (fields['labels'] as unknown[]).filter((label): label is string => typeof label === 'string') : [];
  const incidentId = labels.find((label) => label.startsWith(JIRA_INCIDENT_LABEL_PREFIX))?.slice(JIRA_INCIDENT_LABEL_PREFIX.length);
  if (!incidentId) throw new InboundPayloadError(`the Jira issue names no Quell incident (no ${JIRA_INCIDENT_LABEL_PREFIX}<id> label)`);
  const category = (fields['status'] as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key;
  const action = category === 'done' ? 'resolve' : category === 'indeterminate' ? 'acknowledge' : undefined;
  if (!action) return { ignored: `the Jira issue moved to a status of category ${String(category)}` };
  const user = (body['user'] ?? {}) as Record<string, unknown>;
  const tenant = labels.find((label) => label.startsWith(JIRA_TENANT_LABEL_PREFIX))?.slice(JIRA_TENANT_LABEL_PREFIX.length);
  return { tenant, incidentId, action, actor: actorOf('jira', user['displayName'] ?? user['accountId']) };
}

/** ServiceNow incident states: 2 In Progress acknowledges; 6 Resolved and 7 Closed resolve. */
const SERVICENOW_ACTIONS: Record<string, 'acknowledge' | 'resolve'> = { '2': 'acknowledge', '6': 'resolve', '7': 'resolve' };

/**
 * What a ServiceNow business rule posts (an outbound REST message, README "Inbound"): the incident
 * record's `correlation_id` (the dedup key Quell created it with), `state` and `sys_updated_by`.
 */
export function parseServiceNowWebhook(rawBody: string): InboundParse {
  const body = parseObject(rawBody, 'ServiceNow');
  const record = (typeof body['result'] === 'object' && body['result'] ? body['result'] : body) as Record<string, unknown>;
  const incident = incidentOfDedupKey(record['correlation_id']);
  if (!incident) throw new InboundPayloadError('the ServiceNow record names no Quell incident (its correlation_id is not a Quell dedup key)');
  const action = SERVICENOW_ACTIONS[String(record['state'])];
  if (!action) return { ignored: `ServiceNow state ${String(record['state'])} asks nothing of Quell` };
  return { ...incident, action, actor: actorOf('servicenow', record['sys_updated_by']) };
}

function parseObject(text: string, provider: string): Record<string, unknown> {
  const value = parseJsonObject(text);
  if (!value) throw new InboundPayloadError(`the ${provider} webhook body is not a JSON object`);
  return value;
}
