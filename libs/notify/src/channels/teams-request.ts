import { entityLine, ruleCreditLine, truncate, type NotificationMessage } from '../notification-message';
import { jsonRequest, type ChannelRequest } from './channel-request';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams renders 1.4 in incoming webhooks and Workflows; newer elements would show as "unsupported card". */
export const ADAPTIVE_CARD_VERSION = '1.4';
/** Teams refuses a webhook message over 28 KB; the caps below keep the card far under it. */
export const TEAMS_MESSAGE_MAX_BYTES = 28 * 1024;
const TEXT_CAP = 1000;
const RULES_SHOWN = 10;

/** A Teams incoming-webhook (or Workflows "post to a channel") message carrying one Adaptive Card. */
export function teamsRequest(message: NotificationMessage, webhookUrl: string): ChannelRequest {
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: ADAPTIVE_CARD_VERSION,
    body: [
      { type: 'TextBlock', text: truncate(`P${message.priority} ${message.transition.replace('_', ' ')}: ${message.title}`, 300), size: 'Large', weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: truncate(`Why: ${message.priorityReason ?? 'not assessed yet'}`, TEXT_CAP), wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Priority', value: `P${message.priority} (${message.severity})` },
          { title: 'Status', value: message.status },
          { title: 'Entities', value: truncate(entityLine(message.entities), TEXT_CAP) },
          { title: 'Alerts', value: `${message.alertCount}, ${message.firstSeen} – ${message.lastSeen}` },
          { title: 'Tenant', value: message.tenant },
        ],
      },
      { type: 'TextBlock', text: truncate(ruleCredits(message), TEXT_CAP * 2), size: 'Small', isSubtle: true, wrap: true },
      ...(message.relatedChanges.length
        ? [{ type: 'TextBlock', text: truncate(message.relatedChanges.slice(0, RULES_SHOWN).map((change) => `Related change: ${change}`).join('\n\n'), TEXT_CAP), wrap: true }]
        : []),
    ],
    actions: [{ type: 'Action.OpenUrl', title: 'Open incident', url: message.url }],
  };
  const request = jsonRequest(webhookUrl, { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: card }] });
  if (Buffer.byteLength(request.body) > TEAMS_MESSAGE_MAX_BYTES) throw new Error(`Teams card for incident ${message.incidentId} is over 28 KB`);
  return request;
}

function ruleCredits(message: NotificationMessage): string {
  const lines = message.rules.slice(0, RULES_SHOWN).map((rule) => `Rule: ${truncate(ruleCreditLine(rule), 180)}`);
  const more = message.rules.length - lines.length;
  return [...lines, ...(more > 0 ? [`and ${more} more rules`] : [])].join('\n\n') || 'Rule: none recorded';
}
