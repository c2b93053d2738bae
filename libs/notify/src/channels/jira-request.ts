import { messageTextLines, truncate, type NotificationMessage } from '../notification-message';
import { JIRA_INCIDENT_LABEL_PREFIX, JIRA_TENANT_LABEL_PREFIX } from '../inbound/ticket-webhook';
import { adfDocument } from './atlassian-document';
import { basicAuthorization, jsonRequest, parseJsonObject, type ChannelRequest } from './channel-request';

/** Jira's summary field: at most 255 characters, one line. */
export const JIRA_SUMMARY_MAX = 255;
/** The key `tickets[JIRA_PROVIDER]` holds on the incident. */
export const JIRA_PROVIDER = 'jira';

export interface JiraTarget {
  /** The site, e.g. https://your-domain.atlassian.net */
  siteUrl: string;
  /** Basic auth with an Atlassian account's e-mail and API token, both from the environment. */
  email: string;
  apiToken: string;
  projectKey: string;
  /** The issue type created, by name (default Task). */
  issueType?: string;
  /** The project workflow's transition id that resolves an issue (GET …/transitions lists them). */
  resolveTransitionId: string;
}

/**
 * Jira Cloud REST v3 (developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/ and
 * api-group-issue-comments/): without a ticket, `POST /rest/api/3/issue` (answers 201 with the key);
 * with one, `PUT /rest/api/3/issue/{key}` updates summary and description on a raise or escalation,
 * `POST …/comment` records an acknowledgement, `POST …/transitions` resolves with a comment.
 */
export function jiraRequest(message: NotificationMessage, target: JiraTarget, ticket: string | undefined): ChannelRequest {
  checkTarget(target);
  const headers = { Authorization: basicAuthorization(target.email, target.apiToken), Accept: 'application/json' };
  const site = target.siteUrl.replace(/\/+$/, '');
  if (!ticket) {
    return jsonRequest(`${site}/rest/api/3/issue`, {
      fields: {
        project: { key: target.projectKey },
        issuetype: { name: target.issueType ?? 'Task' },
        summary: summary(message),
        description: adfDocument(messageTextLines(message)),
        // Labels may not hold spaces; these let a JQL filter find Quell's tickets per tenant and priority.
        // The incident label is how a Jira webhook's update finds the incident again (inbound/ticket-webhook).
        labels: ['quell', `quell-P${message.priority}`, `${JIRA_TENANT_LABEL_PREFIX}${message.tenant.replace(/\s+/g, '_')}`, `${JIRA_INCIDENT_LABEL_PREFIX}${message.incidentId}`],
      },
    }, headers);
  }
  const issue = `${site}/rest/api/3/issue/${encodeURIComponent(ticket)}`;
  switch (message.transition) {
    case 'acknowledged':
      return jsonRequest(`${issue}/comment`, { body: adfDocument([`Acknowledged in Quell: ${message.url}`]) }, headers);
    case 'resolved':
      return jsonRequest(`${issue}/transitions`, {
        transition: { id: target.resolveTransitionId },
        update: { comment: [{ add: { body: adfDocument([`Resolved in Quell: ${message.url}`]) } }] },
      }, headers);
    default:
      return jsonRequest(issue, { fields: { summary: summary(message), description: adfDocument(messageTextLines(message)) } }, headers, 'PUT');
  }
}

/** The created issue's key from the 201 answer `{ id, key, self }`; anything else throws, naming what came. */
export function parseJiraCreateResponse(status: number, body: string): string {
  const key = status === 201 ? parseJsonObject(body)?.['key'] : undefined;
  if (typeof key !== 'string' || !/^[A-Z][A-Z0-9_]*-\d+$/.test(key)) throw new Error(`Jira did not create an issue: HTTP ${status} ${truncate(body, 200)}`);
  return key;
}

function summary(message: NotificationMessage): string {
  return truncate(`P${message.priority} ${message.title}`.replace(/[\r\n]+/g, ' '), JIRA_SUMMARY_MAX);
}

function checkTarget(target: JiraTarget): void {
  const missing = (['siteUrl', 'email', 'apiToken', 'projectKey', 'resolveTransitionId'] as const).filter((key) => !target[key]?.trim());
  if (missing.length > 0) throw new Error(`the Jira channel needs ${missing.join(', ')}`);
}
