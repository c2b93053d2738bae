import { genericWebhookRequest, opsgenieRequest, pagerDutyRequest, slackRequest, teamsRequest, type ChannelDefinition, type ChannelRequest, type NotificationMessage } from '@quell/notify';

/** The exact request a channel of the routing file takes for a message (built at send time: signatures carry the time). */
export function channelRequestFor(channel: ChannelDefinition, message: NotificationMessage, now: number): ChannelRequest {
  switch (channel.type) {
    case 'webhook':
      return genericWebhookRequest(message, { url: channel.url, secret: channel.secret, fields: channel.fields }, now);
    case 'slack':
      return slackRequest(message, channel.url);
    case 'teams':
      return teamsRequest(message, channel.url);
    case 'pagerduty':
      return pagerDutyRequest(message, { routingKey: channel.routingKey, url: channel.url });
    case 'opsgenie':
      return opsgenieRequest(message, { apiKey: channel.apiKey, region: channel.region, baseUrl: channel.baseUrl });
  }
}
