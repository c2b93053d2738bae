import type { SchemaName } from './schema-names';

// WARNING: topic names are a public contract (SOC tools, retained data, consumer offsets).
// Never rename one silently: a new name means a new topic version and a migration plan.
const TOPIC_NAMES = {
  /** What log shippers publish: any bytes in any supported format; ingest wraps each in a RawEvent. */
  ingest: 'quell.ingest.v1',
  raw: 'quell.raw.v1',
  events: 'quell.events.v1',
  /** A copy of every config_change event, for the change-calendar's governance: it need not read the whole events stream. */
  configChanges: 'quell.events.config-changes.v1',
  /** The correlator's stage 1 → stage 2 hop: rule matches keyed by correlation group. */
  matches: 'quell.matches.v1',
  alerts: 'quell.alerts.v1',
  alertsScreened: 'quell.alerts.screened.v1',
  alertsUnique: 'quell.alerts.unique.v1',
  /** A copy of every alert an approved change suppressed, for audit and the per-change listing (its original still flows on). */
  alertsSuppressed: 'quell.alerts.suppressed.v1',
  incidents: 'quell.incidents.v1',
  /** Every incident version as OCSF 1.7.0 Incident Finding (class 2005) JSON, keyed by incident id, for SOC tools that expect OCSF. */
  incidentsOcsf: 'quell.incidents.ocsf.v1',
  changes: 'quell.changes.v1',
  /** What became of each notification (sent, failed, ticket created), keyed by incident id: the incident-manager puts it on the timeline. */
  notifications: 'quell.notifications.v1',
  deadLetters: 'quell.dlq.v1',
} as const;

/** The Event class the normalizer copies to the configChanges topic, and the only one the change-calendar judges there. */
export const CONFIG_CHANGE_CLASS = 'config_change';

export type TopicRole = keyof typeof TOPIC_NAMES;
export type Topics = Record<TopicRole, string>;

export const TOPIC_ROLES = Object.keys(TOPIC_NAMES) as readonly TopicRole[];

/** Topic names, each with `prefix` prepended (tests pass a unique prefix to isolate their topics). */
export function topicsFor(prefix = ''): Topics {
  const topics = {} as Topics;
  for (const role of TOPIC_ROLES) topics[role] = `${prefix}${TOPIC_NAMES[role]}`;
  return topics;
}

/** Topics whose values are not Avro: shippers' bytes, dead letters (the original bytes, whatever they were) and OCSF JSON. */
export const BYTES_ROLES = ['ingest', 'deadLetters', 'incidentsOcsf'] as const;
export type AvroTopicRole = Exclude<TopicRole, (typeof BYTES_ROLES)[number]>;

/** Value schema of each Avro topic. */
export const TOPIC_SCHEMA: Readonly<Record<AvroTopicRole, SchemaName>> = {
  raw: 'RawEvent',
  events: 'Event',
  configChanges: 'Event',
  matches: 'RuleMatch',
  alerts: 'Alert',
  alertsScreened: 'Alert',
  alertsUnique: 'Alert',
  alertsSuppressed: 'Alert',
  incidents: 'Incident',
  changes: 'Change',
  notifications: 'NotificationOutcome',
};
