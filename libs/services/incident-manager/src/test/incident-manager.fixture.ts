import { AvroCodec, topicsFor, type Alert, type Incident } from '@quell/contracts';
import type { InboundRecord, OutboundRecord, EncodableValue } from '@quell/platform-kafka';
import type { DocumentStore } from '@quell/platform-state';
import type { IncidentManagerConfig } from '../config';
import { IncidentRepository } from '../incident.repository';
import { UniqueAlertsHandler } from '../unique-alerts.handler';

export const DAY = 86_400_000;

export function alert(id: string, fingerprint = 'fp-1', host = 'web-1'): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'r1', title: 'Failed authentication', version: '1', level: 'medium', author: 'Quell', tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: host }], fingerprint, firstSeen: 1000, lastSeen: 1000,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1, firstSeen: 1000 },
  };
}

export function recordsOf(alerts: Alert[]): InboundRecord<Alert>[] {
  return alerts.map((value, i) => ({ topic: 'alerts', partition: 0, offset: String(i), key: value.fingerprint, value, headers: {}, timestamp: 0 }));
}

export function incidentsIn(output: OutboundRecord[]): Incident[] {
  return output.map((record) => (record.value as EncodableValue).object as Incident);
}

/** One incident-manager replica's handler and repository over `store`. */
export function replicaOn(store: DocumentStore): { handler: UniqueAlertsHandler; repository: IncidentRepository } {
  const repository = new IncidentRepository(store, { INCIDENT_STATE_TTL_MS: DAY } as IncidentManagerConfig);
  return { handler: new UniqueAlertsHandler(new AvroCodec(), topicsFor('test'), repository), repository };
}
