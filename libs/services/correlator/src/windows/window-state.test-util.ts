// Test helpers for stage 2's state: a MatchesHandler on a given store, and matches for it.
import { AvroCodec, topicsFor, type Alert, type RuleMatch } from '@quell/contracts';
import { valueBytes, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import type { StateStore } from '@quell/platform-state';
import { RuleCatalog } from '@quell/rules';
import type { CorrelatorConfig } from '../config';
import { CorrelatorMetrics } from '../correlator.metrics';
import { killChainProcessor } from '../killchain/killchain.processor';
import { CorrelatorRules } from '../rules/correlator-rules';
import type { CorrelatorRulesSource } from '../rules/rules.provider';
import { bruteForce, FAILED_LOGON } from '../test/correlator-test-rules';
import { MatchesHandler } from './matches.handler';

export const codec = new AvroCodec();
export const topics = topicsFor('');
export const T0 = Date.parse('2026-11-28T10:00:00Z');
export const stage2Rules = CorrelatorRules.fromCatalog(RuleCatalog.build({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(2) }));

/** A handler as stage 2 runs it, with the kill chain (3 tactics in 24 h) next to the brute-force correlation. */
export function stage2On(store: StateStore): { handler: MatchesHandler; metrics: CorrelatorMetrics } {
  const config = { BATCH_MAX_RECORDS: 500, CORRELATION_ALLOWED_LATENESS_MS: 60_000 } as CorrelatorConfig;
  const metrics = new CorrelatorMetrics(new PipelineMetrics({ service: 'test', collectDefaults: false }));
  const keyed = [killChainProcessor({ clock: () => T0, threshold: 3, windowMs: 24 * 3_600_000 })];
  const handler = new MatchesHandler(codec, topics, { current: stage2Rules } as CorrelatorRulesSource, store, config, createLogger({ service: 'test', level: 'silent' }), metrics, keyed);
  return { handler, metrics };
}

/** A failed logon from `ip` (brute force: two from one address raise an alert). */
export function failedLogon(offset: number, ip: string, seconds: number, partition = 3): InboundRecord<RuleMatch> {
  const value: RuleMatch = {
    matchId: `e${offset}#rule`,
    tenant: 'acme',
    correlationId: '33333333-3333-4333-8333-333333333333',
    groupKey: JSON.stringify([ip]),
    rule: { id: '11111111-1111-4111-8111-111111111111', name: 'failed_logon', title: 'Failed logon', level: 'low' },
    eventId: `e${offset}`,
    eventTime: T0 + seconds * 1000,
    fields: { src_ip: ip },
    entities: [],
  };
  return { topic: topics.matches, partition, offset: String(offset), key: null, value, headers: {}, timestamp: 0 };
}

/** An alert with one ATT&CK tactic about `host`, as stage 1 keys it for the kill chain. */
export function tacticOn(offset: number, host: string, tactic: string, seconds: number, partition = 3): InboundRecord<RuleMatch> {
  const value: RuleMatch = {
    matchId: `alert-${offset}|host|${host}`,
    tenant: 'acme',
    correlationId: 'killchain:host',
    groupKey: JSON.stringify([host]),
    rule: { id: `rule-${tactic}`, name: null, title: `Stage ${tactic}`, level: 'medium' },
    eventId: `alert-${offset}`,
    eventTime: T0 + seconds * 1000,
    fields: { tactics: tactic },
    entities: [{ type: 'host', value: host }],
  };
  return { topic: topics.matches, partition, offset: String(offset), key: null, value, headers: {}, timestamp: 0 };
}

export const alertsOf = (outputs: OutboundRecord[]): Alert[] => outputs.filter((o) => o.topic === topics.alerts).map((o) => codec.decode(valueBytes(o.value), 'Alert'));

/** `<alert id>:<event count>` of each alert sent. */
export const alertCounts = (outputs: OutboundRecord[]): string[] => alertsOf(outputs).map((a) => `${a.id}:${a.eventCount}`);
