import { AvroCodec, topicsFor, type Alert, type Incident } from '@quell/contracts';
import { DEFAULT_GROUPING_POLICY } from '@quell/incidents';
import type { Logger, PipelineMetrics } from '@quell/platform-observability';
import type { InboundRecord, OutboundRecord, EncodableValue } from '@quell/platform-kafka';
import type { DocumentStore } from '@quell/platform-state';
import type { IncidentManagerConfig } from '../config';
import { AlertGrouping } from '../grouping/alert-grouping';
import { IncidentRepository } from '../incident.repository';
import { IncidentPriorities } from '../priority/incident-priorities';
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

export const TEST_CONFIG = {
  INCIDENT_STATE_TTL_MS: DAY,
  INCIDENT_GROUPING_WINDOW_MS: DEFAULT_GROUPING_POLICY.windowMs,
  INCIDENT_GROUPING_ENTITY_TYPES: [...DEFAULT_GROUPING_POLICY.entityTypes],
  INCIDENT_GROUPING_TENANTS: {},
} as const;

export interface Replica {
  handler: UniqueAlertsHandler;
  repository: IncidentRepository;
  priorities: IncidentPriorities;
}

/** One incident-manager replica's handler and repository over `store` (call `priorities.onModuleInit()` when the config names files). */
export function replicaOn(store: DocumentStore, config: Partial<IncidentManagerConfig> = {}, metrics?: PipelineMetrics): Replica {
  const settings = { ...TEST_CONFIG, ...config } as IncidentManagerConfig;
  const repository = new IncidentRepository(store, settings);
  const priorities = new IncidentPriorities(settings, silentLogger());
  const grouping = new AlertGrouping(repository, priorities, settings, metrics);
  return { handler: new UniqueAlertsHandler(new AvroCodec(), topicsFor('test'), grouping), repository, priorities };
}

function silentLogger(): Logger {
  const noop = () => undefined;
  return { info: noop, warn: noop, error: noop, debug: noop } as unknown as Logger;
}
