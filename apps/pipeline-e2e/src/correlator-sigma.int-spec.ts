import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type RawEvent } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { correlatorConfigSchema, correlatorService } from '@quell/service-correlator';
import { eventually, TopicTail } from './topic-tail';

/** SigmaHQ's rules and regression data, read in place beside the repository. */
const SIGMA = join(__dirname, '../../../../shared/corpora/sigma');
const RULE = join(SIGMA, 'rules/windows/process_creation/proc_creation_win_bitsadmin_download.yml');
const EVENTS = join(SIGMA, 'regression/rules/windows/process_creation/proc_creation_win_bitsadmin_download/d059842b-6b9d-4ed1-b5c3-5b89143c6ede.json');

describe('a SigmaHQ detection rule in the correlator over Kafka', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `sigma-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const codec = new AvroCodec();
  const producer = new Kafka({ brokers, clientId: 'e2e-events', logLevel: logLevel.NOTHING }).producer();
  let service: ServiceApp;
  let infra: SharedInfrastructure;
  let alerts: TopicTail;

  beforeAll(async () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'quell-sigma-rules-'));
    copyFileSync(RULE, join(rulesDir, 'proc_creation_win_bitsadmin_download.yml'));
    const config = loadConfig(correlatorConfigSchema, {
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: `${prefix}.`, KAFKA_GROUP_PREFIX: `${prefix}-group`,
      REDIS_URL: requireRedisUrl(), RULES_DIR: rulesDir, RULES_POLL_INTERVAL_MS: '0', LOG_LEVEL: 'warn',
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-sigma-ch-')),
    });
    const logger = createLogger({ service: 'correlator', level: config.LOG_LEVEL });
    infra = await createSharedInfrastructure(config, correlatorService.uses, logger);
    service = await startServiceApp(correlatorService, config, infra, { httpPort: 0, logger });
    await service.transport.ready();
    alerts = await new TopicTail(brokers, topics.alerts).start();
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await alerts?.stop();
    await service?.close();
    await infra?.close();
  }, 60_000);

  it('raises an alert from the regression event carrying the rule id, title, level, author and ATT&CK tags', async () => {
    const text = readFileSync(EVENTS, 'utf8');
    const raw: RawEvent = {
      id: randomUUID(), tenant: 'acme', receivedAt: Date.now(), source: { type: 'file', name: 'sigma-regression', host: null },
      format: null, contentType: 'application/json', payload: Buffer.from(text), attributes: {},
    };
    const event = normalizeRecord(raw, Date.now());
    await producer.send({ topic: topics.events, acks: -1, messages: [{ key: event.host?.name ?? null, value: codec.encode('Event', event) }] });

    const [alert] = await eventually(() => (alerts.records.length > 0 ? alerts.records.map((r) => codec.decode(r.value, 'Alert')) : undefined), 'the alert');
    expect(alert).toMatchObject({
      kind: 'detection',
      tenant: 'acme',
      rule: {
        id: 'd059842b-6b9d-4ed1-b5c3-5b89143c6ede',
        title: 'File Download Via Bitsadmin',
        level: 'medium',
        author: 'Michael Haag, FPT.EagleEye',
        tags: expect.arrayContaining(['attack.t1197', 'attack.command-and-control', 'attack.t1105']),
      },
      sampleEventIds: [event.id],
    });
    expect(alert.tactics).toEqual(expect.arrayContaining(['persistence', 'execution', 'command-and-control']));
    expect(alert.techniques).toEqual(expect.arrayContaining(['T1197', 'T1036.003', 'T1105']));
  });
});
