import {
  genericWebhookRequest,
  jiraRequest,
  opsgenieRequest,
  pagerDutyRequest,
  serviceNowRequest,
  slackRequest,
  teamsRequest,
  type ChannelDefinition,
  type ChannelRequest,
  type NotificationMessage,
} from '@quell/notify';

/** The channels that take an HTTP request (e-mail goes over SMTP). */
export type HttpChannel = Exclude<ChannelDefinition, { type: 'email' }>;

/**
 * The exact request a channel of the routing file takes for a message, built at send time
 * (signatures carry the time). `ticket`: the Jira or ServiceNow ticket already created for the
 * incident on this channel; without one, those channels create it.
 */
export function channelRequestFor(channel: HttpChannel, message: NotificationMessage, now: number, ticket?: string): ChannelRequest {
  switch (channel.type) {
    case 'webhook':
      return genericWebhookRequest(message, { url: channel.url, secret: channel.secret, fields: channel.fields }, now);
    case 'slack':
      return slackRequest(message, channel.url, { interactive: channel.interactive });
    case 'teams':
      return teamsRequest(message, channel.url);
    case 'pagerduty':
      return pagerDutyRequest(message, { routingKey: channel.routingKey, url: channel.url });
    case 'opsgenie':
      return opsgenieRequest(message, { apiKey: channel.apiKey, region: channel.region, baseUrl: channel.baseUrl });
    case 'jira':
      return jiraRequest(message, channel, ticket);
    case 'servicenow':
      return serviceNowRequest(message, channel, ticket);
  }
}
