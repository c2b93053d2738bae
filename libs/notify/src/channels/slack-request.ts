import { entityLine, ruleCreditLine, truncate, type NotificationMessage } from '../notification-message';
import { SLACK_ACTION_IDS, slackButtonValue } from '../inbound/slack-interaction';
import { jsonRequest, type ChannelRequest } from './channel-request';

/** Block Kit limits (docs.slack.dev, Block Kit reference); a longer value is refused by Slack, so cut here. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
  actionId: 255,
} as const;

const TRANSITION_LABEL: Record<NotificationMessage['transition'], string> = {
  opened: 'Incident opened',
  priority_raised: 'Priority raised',
  escalated: 'Escalated',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

/** A Slack incoming-webhook message: `text` is the notification fallback, `blocks` the layout. */
export interface SlackOptions {
  /** Adds Acknowledge and Resolve buttons; needs the webhook's Slack app to have interactivity on, pointed at Quell's inbound endpoint. */
  interactive?: boolean;
}

export function slackRequest(message: NotificationMessage, webhookUrl: string, options: SlackOptions = {}): ChannelRequest {
  const heading = `P${message.priority} ${TRANSITION_LABEL[message.transition]}: ${message.title}`;
  const fields = [
    `*Priority*\nP${message.priority} (${message.severity})`,
    `*Status*\n${message.status}`,
    `*Entities*\n${escape(entityLine(message.entities))}`,
    `*Alerts*\n${message.alertCount}, ${message.firstSeen} – ${message.lastSeen}`,
  ];
  const blocks = [
    { type: 'header', text: { type: 'plain_text', text: truncate(heading, SLACK_LIMITS.headerText), emoji: false } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(whyText(message), SLACK_LIMITS.sectionText) },
      fields: fields.slice(0, SLACK_LIMITS.sectionFields).map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.fieldText) })),
    },
    {
      type: 'context',
      elements: creditLines(message).map((text) => ({ type: 'mrkdwn', text })),
    },
    {
      type: 'actions',
      elements: [{
        type: 'button',
        text: { type: 'plain_text', text: 'Open incident' },
        url: truncate(message.url, SLACK_LIMITS.buttonUrl),
        action_id: truncate(`open-incident-${message.incidentId}`, SLACK_LIMITS.actionId),
      }, ...(options.interactive ? actionButtons(message) : [])],
    },
  ];
  return jsonRequest(webhookUrl, { text: truncate(`${heading} ${message.url}`, SLACK_LIMITS.sectionText), blocks: blocks.slice(0, SLACK_LIMITS.blocks) });
}

/** Buttons the inbound endpoint acts on (parseSlackInteraction); none once the incident is resolved. */
function actionButtons(message: NotificationMessage) {
  const value = slackButtonValue(message.tenant, message.incidentId);
  const button = (text: string, actionId: string, style: 'primary' | 'danger') => ({ type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, style });
  if (message.transition === 'resolved') return [];
  return message.transition === 'acknowledged'
    ? [button('Resolve', SLACK_ACTION_IDS.resolve, 'danger')]
    : [button('Acknowledge', SLACK_ACTION_IDS.acknowledge, 'primary'), button('Resolve', SLACK_ACTION_IDS.resolve, 'danger')];
}

/** Why, then each related change (context, never the reason for the priority). */
function whyText(message: NotificationMessage): string {
  const changes = message.relatedChanges.map((change) => `\n• Related change: ${escape(change)}`).join('');
  return `*Why:* ${escape(message.priorityReason ?? 'not assessed yet')}${changes}`;
}

/** One context element per rule, the last saying how many more when they do not fit in ten. */
function creditLines(message: NotificationMessage): string[] {
  const lines = message.rules.map((rule) => truncate(`Rule: ${escape(ruleCreditLine(rule))}`, SLACK_LIMITS.sectionText));
  if (lines.length === 0) return ['Rule: none recorded'];
  if (lines.length <= SLACK_LIMITS.contextElements) return lines;
  const shown = lines.slice(0, SLACK_LIMITS.contextElements - 1);
  return [...shown, `and ${lines.length - shown.length} more rules`];
}

/** Slack's mrkdwn needs &, < and > escaped, or `<…>` turns into a link or a mention. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
