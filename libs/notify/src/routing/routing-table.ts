import type { WebhookField } from '../channels/generic-webhook-request';
import type { EmailTarget } from '../channels/email-request';
import type { JiraTarget } from '../channels/jira-request';
import type { OpsgenieTarget } from '../channels/opsgenie-request';
import type { ServiceNowTarget } from '../channels/servicenow-request';
import type { SmtpSettings } from '../channels/smtp-email.sender';
import type { IncidentTransition } from '../notification-message';

/** Sends per minute with a burst, per channel and replica (a token bucket). */
export interface ChannelRateLimit {
  perMinute: number;
  burst: number;
}

interface ChannelBase {
  name: string;
  rateLimit: ChannelRateLimit | null;
}

/** A named channel of the routing file, its URL and secrets read from the environment. */
export type ChannelDefinition = ChannelBase &
  (
    | { type: 'webhook'; url: string; secret: string; fields?: readonly WebhookField[] }
    | { type: 'slack'; url: string; /** Acknowledge and Resolve buttons (the Slack app's interactivity points at Quell's inbound endpoint). */ interactive: boolean }
    | { type: 'teams'; url: string }
    | { type: 'pagerduty'; routingKey: string; url?: string }
    | ({ type: 'opsgenie' } & OpsgenieTarget)
    | ({ type: 'jira' } & JiraTarget)
    | ({ type: 'servicenow' } & ServiceNowTarget)
    | ({ type: 'email'; smtp: SmtpSettings } & EmailTarget)
  );

export type ChannelType = ChannelDefinition['type'];

/** Local hours on some weekdays; `endMinute` before `startMinute` spans midnight (22:00–07:00). */
export interface DayWindow {
  timeZone: string;
  /** Weekdays on which the window starts, Date.getUTCDay words: sun, mon, … */
  days: string[];
  startMinute: number;
  endMinute: number;
}

export interface RouteMatch {
  priority?: number[];
  severity?: string[];
  service?: string[];
  team?: string[];
  tenant?: string[];
  tags?: string[];
  transition?: IncidentTransition[];
  hours?: DayWindow;
}

export interface Route {
  name: string;
  match: RouteMatch;
  to: string[];
  /** Whether the file's quiet hours hold this route's non-P1 notifications back. */
  quietHours: boolean;
  /** No later route is looked at once this one matched. */
  stop: boolean;
  /** Unacknowledged after `afterMs`: notify the next target, every `afterMs`, until acknowledged. */
  escalation: { afterMs: number; targets: string[] } | null;
}

export interface RoutingTable {
  channels: ReadonlyMap<string, ChannelDefinition>;
  routes: readonly Route[];
  quietHours: (DayWindow & { mode: 'defer' | 'suppress' }) | null;
}

/** An empty table: nothing is routed (a deployment without NOTIFY_ROUTES_FILE). */
export const EMPTY_ROUTING_TABLE: RoutingTable = { channels: new Map(), routes: [], quietHours: null };
