import type { Admin } from 'kafkajs';
import { AvroCodec, type Alert, type Incident, type Topics } from '@quell/contracts';
import type { TopicTail } from '../topic-tail';
import type { ReceivedCall } from '../webhook-receiver';
import type { DistinctIds } from './distinct-ids';
import { topicSizes } from './storm-drain';

/** The storm's funnel, every figure read from the topics and the webhook receiver (nothing assumed). */
export interface Funnel {
  /** Distinct events (a stage restarted mid-batch writes some twice, under the same ids). */
  events: number;
  eventRecords: number;
  matches: number;
  alerts: number;
  /** Screened alerts no approved change suppressed: what goes on towards the people. */
  afterScreening: number;
  suppressed: number;
  afterDedup: number;
  incidents: number;
  /** Incident versions published (each change of an incident is one). */
  incidentVersions: number;
  notifications: number;
  deadLetters: number;
}

const codec = new AvroCodec();

export interface FunnelSources {
  admin: Admin;
  topics: Topics;
  events: DistinctIds;
  screened: TopicTail;
  incidents: TopicTail;
  calls: readonly ReceivedCall[];
}

export function decodedAlerts(tail: TopicTail): Alert[] {
  return tail.records.map((r) => codec.decode(r.value, 'Alert'));
}

/** The latest version of each incident on the tailed topic. */
export function latestIncidents(tail: TopicTail): Incident[] {
  const latest = new Map<string, Incident>();
  for (const incident of tail.records.map((r) => codec.decode(r.value, 'Incident'))) {
    const seen = latest.get(incident.id);
    if (!seen || seen.version <= incident.version) latest.set(incident.id, incident);
  }
  return [...latest.values()];
}

export async function readFunnel(sources: FunnelSources): Promise<Funnel> {
  const { topics } = sources;
  const sizes = await topicSizes(sources.admin, [topics.matches, topics.alerts, topics.alertsUnique, topics.deadLetters]);
  const screened = decodedAlerts(sources.screened);
  const suppressed = screened.filter((a) => a.suppression.state === 'suppressed').length;
  return {
    events: sources.events.ids.size,
    eventRecords: sources.events.records,
    matches: sizes.get(topics.matches) ?? 0,
    alerts: sizes.get(topics.alerts) ?? 0,
    afterScreening: screened.length - suppressed,
    suppressed,
    afterDedup: sizes.get(topics.alertsUnique) ?? 0,
    incidents: latestIncidents(sources.incidents).length,
    incidentVersions: sources.incidents.records.length,
    notifications: sources.calls.length,
    deadLetters: sizes.get(topics.deadLetters) ?? 0,
  };
}
