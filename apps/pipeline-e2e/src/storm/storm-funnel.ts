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
  /** Distinct alerts (a correlation's updates of one episode are one alert), and the records that carried them. */
  alerts: number;
  alertRecords: number;
  /** Screened alerts no approved change suppressed: what goes on towards the people. */
  afterScreening: number;
  suppressed: number;
  /** Distinct alerts the deduper passed on (a repeat folded into one republishes it with a higher count). */
  afterDedup: number;
  dedupRecords: number;
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
  alerts: TopicTail;
  screened: TopicTail;
  unique: TopicTail;
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
  const sizes = await topicSizes(sources.admin, [topics.matches, topics.deadLetters]);
  const distinct = (alerts: Alert[]) => new Map(alerts.map((a) => [a.id, a]));
  const screened = [...distinct(decodedAlerts(sources.screened)).values()];
  const suppressed = screened.filter((a) => a.suppression.state === 'suppressed').length;
  return {
    events: sources.events.ids.size,
    eventRecords: sources.events.records,
    matches: sizes.get(topics.matches) ?? 0,
    alerts: distinct(decodedAlerts(sources.alerts)).size,
    alertRecords: sources.alerts.records.length,
    afterScreening: screened.length - suppressed,
    suppressed,
    afterDedup: distinct(decodedAlerts(sources.unique)).size,
    dedupRecords: sources.unique.records.length,
    incidents: latestIncidents(sources.incidents).length,
    incidentVersions: sources.incidents.records.length,
    notifications: sources.calls.length,
    deadLetters: sizes.get(topics.deadLetters) ?? 0,
  };
}
