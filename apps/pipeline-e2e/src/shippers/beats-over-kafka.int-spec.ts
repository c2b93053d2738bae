import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { AvroCodec, topicsFor, type Alert, type Event } from '@quell/contracts';
import { createTopics, readmeSnippet, requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { PipelineHarness } from '../pipeline-harness';
import { eventually, TopicTail } from '../topic-tail';

const ROOT = join(__dirname, '../../../..');
const FAILED_LOGON = '6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10';
const BRUTE_FORCE = '0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37';

/** `Mmm dd hh:mm:ss` now (UTC), as syslog stamps the lines Filebeat reads. */
function bsdNow(): string {
  const now = new Date();
  return `${now.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${String(now.getUTCDate()).padStart(2, ' ')} ${now.toISOString().slice(11, 19)}`;
}

/**
 * Filebeat- and Winlogbeat-shaped JSON produced to Kafka on topics declared as the README declares
 * them: Filebeat's system module unparsed (the line in `message`, as output.kafka ships it), an ECS
 * document already parsed with several categories, and Elastic's golden Winlogbeat 4771 record.
 */
describe('Filebeat and Winlogbeat records over the real broker', () => {
  const brokers = requireKafkaBrokers();
  const prefix = `beats-${randomUUID().slice(0, 8)}`;
  const topics = topicsFor(`${prefix}.`);
  const filebeatTopic = `${prefix}.shipper.filebeat.acme`;
  const winlogbeatTopic = `${prefix}.shipper.winlogbeat.acme`;
  const codec = new AvroCodec();
  const producer = new Kafka({ brokers, clientId: 'beats-test', logLevel: logLevel.NOTHING }).producer();
  const harness = new PipelineHarness({ brokers: brokers.join(','), redisUrl: requireRedisUrl(), prefix, webhookUrl: 'http://127.0.0.1:9/none', apiKeys: 'acme:k' });
  let events: TopicTail;
  let alerts: TopicTail;

  beforeAll(async () => {
    await createTopics(brokers, [filebeatTopic, winlogbeatTopic], 1);
    const declaration = readmeSnippet('ingest');
    const formatOf = (name: string) => new RegExp(`shipper\\.${name}\\.acme:(\\w+):acme`).exec(declaration)![1];
    harness.env['INGEST_KAFKA_TOPICS'] = `${filebeatTopic}:${formatOf('filebeat')}:acme,${winlogbeatTopic}:${formatOf('winlogbeat')}:acme`;
    const rulesDir = mkdtempSync(join(tmpdir(), 'quell-beats-rules-'));
    cpSync(join(ROOT, 'deploy/samples/rules'), rulesDir, { recursive: true });
    harness.env['RULES_DIR'] = rulesDir;
    harness.env['RULES_POLL_INTERVAL_MS'] = '0';
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.start(name);
    for (const name of ['ingest', 'normalizer', 'correlator']) await harness.get(name).service.transport.ready();
    events = await new TopicTail(brokers, topics.events).start();
    alerts = await new TopicTail(brokers, topics.alerts).start();
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await Promise.all([events?.stop(), alerts?.stop()]);
    await harness.stopAll();
  }, 60_000);

  it('normalizes raw and parsed Filebeat documents and Winlogbeat events, and the sample rules fire on their failed logons', async () => {
    const now = new Date().toISOString();
    const filebeat = (message: string, dataset: string) =>
      JSON.stringify({ '@timestamp': now, message, event: { module: 'system', dataset }, fileset: { name: dataset.split('.')[1] }, input: { type: 'log' }, host: { name: 'web-2' }, agent: { type: 'filebeat', version: '8.11.0' }, ecs: { version: '8.0.0' } });
    const stamp = bsdNow();
    const parsedEcs = {
      '@timestamp': now, message: 'Failed password for carol from 203.0.113.50 port 40022 ssh2',
      event: { category: ['authentication', 'session'], type: ['start', 'info'], outcome: 'failure', action: 'ssh_login', dataset: 'system.auth' },
      user: { name: 'carol' }, source: { ip: '203.0.113.50', port: 40022 }, process: { name: 'sshd', pid: 977 }, host: { name: 'web-3' },
    };
    const golden = JSON.parse(readFileSync(join(ROOT, 'libs/normalize/fixtures/windows/winlogbeat.jsonl'), 'utf8').split('\n')[1]) as { input: string };
    const winlogbeat = { ...(JSON.parse(golden.input) as Record<string, unknown>), '@timestamp': now };
    await producer.send({
      topic: filebeatTopic,
      acks: -1,
      messages: [
        { value: filebeat(`${stamp} web-2 sshd[811]: Failed password for invalid user admin from 198.51.100.20 port 50001 ssh2`, 'system.auth') },
        { value: filebeat(`${stamp} web-2 sshd[811]: Failed password for invalid user admin from 198.51.100.20 port 50002 ssh2`, 'system.auth') },
        { value: filebeat(`${stamp} web-2 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.21 DST=10.0.0.8 LEN=60 PROTO=TCP SPT=41000 DPT=3389`, 'system.syslog') },
        { value: JSON.stringify(parsedEcs) },
      ],
    });
    await producer.send({ topic: winlogbeatTopic, acks: -1, messages: [{ value: JSON.stringify(winlogbeat) }] });

    const decoded = await eventually(() => {
      const all = events.records.map((r) => codec.decode(r.value, 'Event') as Event);
      return all.length >= 5 ? all : undefined;
    }, '5 events');
    const raw = decoded.filter((e) => e.source.name === filebeatTopic && e.process?.name === 'sshd' && e.user?.name === 'admin');
    expect(raw).toHaveLength(2);
    for (const event of raw) expect(event).toMatchObject({ tenant: 'acme', className: 'authentication', outcome: 'failure', src: { ip: '198.51.100.20' }, host: { name: 'web-2' } });
    expect(decoded.find((e) => e.process?.name === 'kernel')).toMatchObject({ className: 'network', src: { ip: '198.51.100.21' }, dst: { port: 3389 } });
    expect(decoded.find((e) => e.user?.name === 'carol')).toMatchObject({ className: 'authentication', outcome: 'failure' });
    const windows = decoded.find((e) => e.source.name === winlogbeatTopic)!;
    expect(windows).toMatchObject({ className: 'authentication', outcome: 'failure', code: '4771' });

    const raised = await eventually(() => {
      const all = alerts.records.map((r) => codec.decode(r.value, 'Alert') as Alert);
      return all.filter((a) => a.rule.id === FAILED_LOGON).length >= 4 && all.some((a) => a.rule.id === BRUTE_FORCE) ? all : undefined;
    }, 'failed-logon alerts for the four failures and the brute-force correlation for 198.51.100.20');
    expect(raised.filter((a) => a.rule.id === FAILED_LOGON)).toHaveLength(4);
  }, 120_000);
});
