import { parseJsonObject } from '../channels/channel-request';
import { actorOf, InboundPayloadError, type InboundParse } from './inbound-action';

/** The action ids of the buttons slackRequest adds when the webhook's app has interactivity on. */
export const SLACK_ACTION_IDS = { acknowledge: 'quell.acknowledge', resolve: 'quell.resolve' } as const;

/** A button's value: which incident it acts on (Slack caps a value at 2000 characters). */
export function slackButtonValue(tenant: string, incidentId: string): string {
  return JSON.stringify({ tenant, incidentId });
}

/**
 * A Slack interactivity request (docs.slack.dev/interactivity/handling-user-interaction): a form
 * body whose `payload` field is JSON; a `block_actions` payload with one of our buttons acts, as
 * the Slack user who clicked. Any other interaction is ignored.
 */
export function parseSlackInteraction(rawBody: string): InboundParse {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (!payloadText) throw new InboundPayloadError('a Slack interaction is a form with a payload field');
  const payload = parseObject(payloadText, 'the Slack payload is not JSON');
  if (payload['type'] !== 'block_actions') return { ignored: `Slack interaction ${String(payload['type'])} is not a button action` };
  const actions = Array.isArray(payload['actions']) ? (payload['actions'] as Record<string, unknown>[]) : [];
  const ours = actions.find((action) => action['action_id'] === SLACK_ACTION_IDS.acknowledge || action['action_id'] === SLACK_ACTION_IDS.resolve);
  if (!ours) return { ignored: 'no Quell button in the Slack actions' };
  const value = parseObject(String(ours['value'] ?? ''), 'the Quell button carries no incident');
  if (typeof value['incidentId'] !== 'string' || !value['incidentId']) throw new InboundPayloadError('the Quell button names no incident');
  const user = (payload['user'] ?? {}) as Record<string, unknown>;
  return {
    tenant: typeof value['tenant'] === 'string' ? value['tenant'] : undefined,
    incidentId: value['incidentId'],
    action: ours['action_id'] === SLACK_ACTION_IDS.resolve ? 'resolve' : 'acknowledge',
    actor: actorOf('slack', user['username'] ?? user['name'] ?? user['id']),
  };
}

function parseObject(text: string, problem: string): Record<string, unknown> {
  const value = parseJsonObject(text);
  if (!value) throw new InboundPayloadError(problem);
  return value;
}
