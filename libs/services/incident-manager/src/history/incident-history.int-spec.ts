import { setTimeout as sleep } from 'node:timers/promises';
import { AvroCodec, topicsFor, type Alert, type Incident } from '@quell/contracts';
import { incidentFindingProblems, type OcsfIncidentFinding } from '@quell/incidents';
import { INCIDENT_VERSIONS_TABLE, ALERTS_TABLE } from '@quell/platform-incident-history';
import { collectTopic, requireKafkaBrokers, testKafkaClient, waitFor, type CollectedMessage } from '@quell/platform-testing';
import { IncidentApiHarness, incident, T0 } from '../api/test/incident-api-harness';
import { INCIDENT_HISTORY_GROUP } from './history-groups';

const MINUTE = 60_000;

function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'ssh-brute', title: 'SSH brute force', version: '2', level: 'high', author: 'SigmaHQ', tags: [] }, kind: 'correlation',
    entities: [{ type: 'host', value: 'bastion-1' }], fingerprint: `fp-${id}`, firstSeen: T0, lastSeen: T0 + MINUTE, eventCount: 12, sampleEventIds: [],
    tactics: ['credential-access'], techniques: ['T1110.001'], killChainPhase: 'exploitation', explanation: '12 failures from 203.0.113.9', details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1, firstSeen: T0 }, ...overrides,
  };
}

/**
 * The incident manager over the real broker and the embedded engine: what it receives on the
 * unique-alerts topic and what is published on the incidents topic lands in the incident history
 * once, and every version comes out as OCSF on quell.incidents.ocsf.v1.
 */
describe('the incident history and OCSF publishing (Kafka, embedded ClickHouse)', () => {
  const brokers = requireKafkaBrokers();
  const codec = new AvroCodec();
  const harness = new IncidentApiHarness();
  const producer = testKafkaClient(brokers, 'incident-history-spec').producer();
  let topics: ReturnType<typeof topicsFor>;

  const publish = (topic: string, messages: { key: string; value: Buffer }[]) => producer.send({ topic, messages });
  const alertMessages = (alerts: Alert[]) => alerts.map((a) => ({ key: a.fingerprint, value: codec.encodable('Alert', a).encode() }));
  const incidentMessages = (versions: Incident[]) => versions.map((i) => ({ key: i.id, value: codec.encodable('Incident', i).encode() }));

  async function rows(sql: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const result = await harness.infra.clickhouse!.query({
      query: sql,
      query_params: { db: harness.config.CLICKHOUSE_DATABASE, ...params },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return result.json();
  }
  const versionsStored = (id: string) => rows(`SELECT version, status FROM {db:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL WHERE id = {id:String} ORDER BY version`, { id });
  const ocsfOf = (messages: CollectedMessage[], id: string) => messages.filter((m) => m.key?.toString() === id);

  beforeAll(async () => {
    await harness.start({ BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), DELIVERY_MAX_ATTEMPTS: '2', DELIVERY_BACKOFF_MS: '50' });
    topics = topicsFor(`${harness.prefix}.`);
    await producer.connect();
  }, 90_000);

  afterAll(async () => {
    await producer.disconnect();
    await harness.stop();
  });

  it('stores every alert state and incident version once although each batch comes twice, and publishes each version as conforming OCSF', async () => {
    const ocsf = await collectTopic(brokers, topics.incidentsOcsf);
    const brute = alert('h-a1');
    const suppressed = alert('h-a2', {
      rule: { id: 'fw-change', title: 'Firewall rule changed', version: null, level: 'medium', author: null, tags: [] }, kind: 'change', techniques: [], tactics: [],
      entities: [{ type: 'host', value: 'fw-1' }], suppression: { state: 'suppressed', changeId: 'CHG-12', reason: 'approved change CHG-12 covers fw-1' },
    });
    const repeated = { ...brute, lastSeen: T0 + 9 * MINUTE, eventCount: 40, dedup: { count: 3, firstSeen: T0 } };
    // A replayed batch: the same records delivered again.
    await publish(topics.alertsUnique, alertMessages([brute, suppressed]));
    await publish(topics.alertsUnique, alertMessages([brute, suppressed, repeated]));
    const stored = async () => (await rows(`SELECT count() AS n FROM {db:Identifier}.${ALERTS_TABLE} FINAL WHERE id IN ('h-a1', 'h-a2')`, {}))[0].n;
    await waitFor(async () => ((await stored()) === 3 ? true : undefined), { description: 'three alert states stored', timeoutMs: 30_000 });

    const opened = incident('h-inc-1', {
      title: 'SSH brute force on bastion-1', severity: 'high', priority: 2, entities: brute.entities, alertIds: ['h-a1'], alertCount: 1, ruleIds: ['ssh-brute'], techniques: ['T1110.001'],
    });
    const resolved: Incident = {
      ...opened, version: 2, status: 'resolved', alertIds: ['h-a1', 'h-a2'], alertCount: 2, occurrenceCount: 4, resolution: 'false_positive', resolvedAt: T0 + 30 * MINUTE,
      tickets: { jira: 'SOC-7' }, timeline: [...opened.timeline, { at: T0 + 30 * MINUTE, actor: 'ann', action: 'resolved', detail: 'false_positive' }],
    };
    await publish(topics.incidents, incidentMessages([opened, resolved]));
    await publish(topics.incidents, incidentMessages([opened, resolved]));

    await waitFor(() => (ocsfOf(ocsf.messages, 'h-inc-1').length >= 4 ? true : undefined), { description: 'four OCSF records of h-inc-1', timeoutMs: 30_000 });
    expect(await versionsStored('h-inc-1')).toEqual([{ version: 1, status: 'open' }, { version: 2, status: 'resolved' }]);
    const states = await rows(`SELECT id, dedup_count, suppression_state, suppression_change_id FROM {db:Identifier}.${ALERTS_TABLE} FINAL WHERE id IN ('h-a1', 'h-a2') ORDER BY id, dedup_count`, {});
    expect(states).toEqual([
      { id: 'h-a1', dedup_count: 1, suppression_state: 'none', suppression_change_id: null },
      { id: 'h-a1', dedup_count: 3, suppression_state: 'none', suppression_change_id: null },
      { id: 'h-a2', dedup_count: 1, suppression_state: 'suppressed', suppression_change_id: 'CHG-12' },
    ]);
    expect((await harness.history().alertsOfIncident('acme', 'h-inc-1')).map((a) => [a.id, a.dedup?.count])).toEqual([['h-a1', 3], ['h-a2', 1]]);

    const published = ocsfOf(ocsf.messages, 'h-inc-1');
    const findings = published.map((m) => JSON.parse(m.value!.toString()) as OcsfIncidentFinding);
    for (const finding of findings) expect(incidentFindingProblems(finding)).toEqual([]);
    expect(published.map((m) => m.headers['content-type']?.toString())).toEqual(Array(published.length).fill('application/json'));
    // A replayed version is published as the same bytes.
    const byUid = new Map<string, Set<string>>();
    published.forEach((m, i) => byUid.set(findings[i].metadata.uid, (byUid.get(findings[i].metadata.uid) ?? new Set()).add(m.value!.toString())));
    expect([...byUid.keys()].sort()).toEqual(['h-inc-1:1', 'h-inc-1:2']);
    for (const copies of byUid.values()) expect(copies.size).toBe(1);
    const last = findings.find((f) => f.metadata.uid === 'h-inc-1:2')!;
    expect(last).toMatchObject({
      class_uid: 2005, activity_id: 2, status_id: 4, verdict_id: 1, verdict: 'false_positive', status_detail: 'resolved as false_positive', count: 4,
      time: T0 + 30 * MINUTE, tickets: [{ uid: 'SOC-7', type_id: 2 }], assignee_group: { name: 'triage' },
    });
    // The alerts were stored before the versions came: each is detailed, its rule as the analytic.
    expect(last.finding_info_list.map((info) => [info.uid, info.analytic?.uid])).toEqual([['h-a1', 'ssh-brute'], ['h-a2', 'fw-change']]);
    await ocsf.stop();
  }, 90_000);

  it('details an alert stored a moment after the version that names it, as this process stores it', async () => {
    const ocsf = await collectTopic(brokers, topics.incidentsOcsf, { fromBeginning: false });
    const late = alert('h-a9', { rule: { id: 'rdp-spray', title: 'RDP password spray', version: '1', level: 'high', author: 'SigmaHQ', tags: [] } });
    await publish(topics.incidents, incidentMessages([incident('h-inc-3', { alertIds: ['h-a9'], alertCount: 1, ruleIds: ['rdp-spray'] })]));
    await sleep(100);
    await publish(topics.alertsUnique, alertMessages([late]));
    await waitFor(() => (ocsfOf(ocsf.messages, 'h-inc-3').length > 0 ? true : undefined), { description: 'h-inc-3 published as OCSF', timeoutMs: 30_000 });
    const finding = JSON.parse(ocsfOf(ocsf.messages, 'h-inc-3')[0].value!.toString()) as OcsfIncidentFinding;
    expect(finding.finding_info_list.map((info) => [info.uid, info.title, info.analytic?.uid])).toEqual([['h-a9', 'RDP password spray', 'rdp-spray']]);
    await ocsf.stop();
  }, 90_000);

  it('holds a batch while the versions table is away, then stores and publishes it once, dead-lettering nothing', async () => {
    const ocsf = await collectTopic(brokers, topics.incidentsOcsf, { fromBeginning: false });
    const dlq = await collectTopic(brokers, topics.deadLetters, { fromBeginning: false });
    const table = `${harness.config.CLICKHOUSE_DATABASE}.${INCIDENT_VERSIONS_TABLE}`;
    await harness.infra.clickhouse!.command({ query: `DETACH TABLE ${table}` });
    try {
      await publish(topics.incidents, incidentMessages([incident('h-inc-2', { ruleIds: ['ssh-brute'] })]));
      // Two attempts would have dead-lettered a plain failure; an outage keeps the batch waiting.
      const group = `${harness.config.KAFKA_GROUP_PREFIX}.${INCIDENT_HISTORY_GROUP}`;
      await waitFor(() => (harness.service.transport.handles().some((h) => h.status().groupId === group && h.status().state === 'waiting') ? true : undefined), {
        description: 'the incident-history group waiting out the outage',
        timeoutMs: 30_000,
      });
    } finally {
      await harness.infra.clickhouse!.command({ query: `ATTACH TABLE ${table}` });
    }
    await waitFor(() => (ocsfOf(ocsf.messages, 'h-inc-2').length > 0 ? true : undefined), { description: 'h-inc-2 published as OCSF', timeoutMs: 30_000 });
    expect(await versionsStored('h-inc-2')).toEqual([{ version: 1, status: 'open' }]);
    expect(dlq.messages.filter((m) => m.key?.toString() === 'h-inc-2')).toEqual([]);
    await Promise.all([ocsf.stop(), dlq.stop()]);
  }, 90_000);
});
