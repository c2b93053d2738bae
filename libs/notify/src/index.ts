export * from './webhook-payload';
export * from './notification-message';
export * from './channels/channel-request';
export * from './channels/generic-webhook-request';
export * from './channels/slack-request';
export * from './channels/teams-request';
export * from './channels/pagerduty-request';
export * from './channels/opsgenie-request';
