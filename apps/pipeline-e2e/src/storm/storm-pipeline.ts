import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { topicsFor, type Topics } from '@quell/contracts';
import { PipelineHarness } from '../pipeline-harness';
import { eventually, TopicTail } from '../topic-tail';
import { WebhookReceiver } from '../webhook-receiver';
import { DistinctIds } from './distinct-ids';
import { pipelineIdle, topicSizes } from './storm-drain';
import { readFunnel, type Funnel } from './storm-funnel';
import type { ShipperRecord } from './shipper-formats';
import { stormRuleFiles } from './storm-rules';

const CALENDAR_KEY = `storm-calendar-${randomUUID()}`;
const SEND_BATCH = 2_000;
/** Event time shipped at once: well inside the correlator's allowed lateness (below). */
const SLICE_MS = 60_000;

/**
 * The seven services over a real broker and Redis (PipelineHarness) set up for the storm: its rules,
 * a change calendar it can write to, tails on the screened and incident topics, a webhook receiver.
 */
export class StormPipeline {
  readonly prefix = `storm-${randomUUID().slice(0, 8)}`;
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly webhook = new WebhookReceiver();
  harness!: PipelineHarness;
  events!: DistinctIds;
  alerts!: TopicTail;
  screened!: TopicTail;
  unique!: TopicTail;
  incidents!: TopicTail;
  private readonly kafka: Kafka;
  private producer!: Producer;
  private admin!: Admin;

  constructor(
    readonly brokers: string[],
    private readonly redisUrl: string,
  ) {
    this.kafka = new Kafka({ brokers, clientId: 'storm-shipper', logLevel: logLevel.NOTHING });
  }

  async start(): Promise<void> {
    const webhookUrl = await this.webhook.start();
    // The routing file names the variables holding the channel's URL and secret (read from the environment).
    const channelEnv = `QUELL_STORM_${this.prefix.replace(/\W/g, '_').toUpperCase()}`;
    process.env[`${channelEnv}_URL`] = webhookUrl;
    process.env[`${channelEnv}_SECRET`] = randomUUID();
    this.harness = new PipelineHarness({ brokers: this.brokers.join(','), redisUrl: this.redisUrl, prefix: this.prefix, webhookUrl, apiKeys: `acme:${randomUUID()}` });
    Object.assign(this.harness.env, {
      RULES_DIR: writeRules(mkdtempSync(join(tmpdir(), 'quell-storm-rules-'))),
      NOTIFY_ROUTES_FILE: writeRoutes(channelEnv),
      RULES_POLL_INTERVAL_MS: '0',
      CHANGE_CALENDAR_API_KEYS: `acme:storm:admin:${CALENDAR_KEY}`,
      // Shipped a minute at a time, a partition may still run a slice ahead of another (a burst of
      // the whole hour had them 15 min apart and more). A replay is older still: refused, as it should be.
      CORRELATION_ALLOWED_LATENESS_MS: String(3 * SLICE_MS),
      // The heartbeat is down two minutes in every ten: a five-minute window makes each outage a return (flapping).
      DEDUP_WINDOW_MS: String(5 * 60_000),
      BATCH_MAX_RECORDS: '1000',
      // The replay's own warnings (matches behind the lateness, refused kill-chain steps) would bury the funnel.
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'error',
    });
    await this.harness.startAll();
    this.events = await new DistinctIds(this.brokers, this.topics.events, 'Event').start();
    this.alerts = await new TopicTail(this.brokers, this.topics.alerts).start();
    this.screened = await new TopicTail(this.brokers, this.topics.alertsScreened).start();
    this.unique = await new TopicTail(this.brokers, this.topics.alertsUnique).start();
    this.incidents = await new TopicTail(this.brokers, this.topics.incidents).start();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  /** Creates a change through the change-calendar API and approves it; returns its id. */
  async approvedChange(draft: Record<string, unknown>): Promise<string> {
    const created = await this.calendar('POST', '/v1/changes', draft);
    const { change } = (await created.json()) as { change: { id: string } };
    await this.calendar('POST', `/v1/changes/${change.id}/approve`, { comment: 'CAB approved' });
    return change.id;
  }

  /**
   * Ships the records to the ingest topic as shippers would: keyed by host, format and tenant in
   * headers, a minute of event time at a time, each once the stages up to the correlator's first
   * have read the one before (as a live feed paces itself), so the partitions stay within a minute
   * or so of event time of each other and the correlator's allowed lateness holds.
   */
  async ship(records: readonly ShipperRecord[]): Promise<void> {
    const upToMatches = [this.topics.ingest, this.topics.raw, this.topics.events];
    for (const slice of slices(records, SLICE_MS)) {
      for (let i = 0; i < slice.length; i += SEND_BATCH) {
        const messages = slice.slice(i, i + SEND_BATCH).map((r) => ({ key: r.host, value: r.text, headers: { 'quell.tenant': 'acme', 'quell.format': r.format } }));
        await this.producer.send({ topic: this.topics.ingest, acks: -1, messages });
      }
      await eventually(async () => ((await pipelineIdle(this.admin, `${this.prefix}-group`, upToMatches, upToMatches)) ? true : undefined), 'the first stages to read a slice', 120_000);
    }
  }

  /** Waits until every stage has consumed everything, twice in a row a second apart. */
  async drained(timeoutMs: number): Promise<void> {
    const mustBeRead = [this.topics.ingest, this.topics.raw, this.topics.events, this.topics.configChanges, this.topics.matches, this.topics.alerts, this.topics.alertsScreened, this.topics.alertsUnique, this.topics.incidents];
    const tails = (): [string, number][] => [
      [this.topics.events, this.events.records],
      [this.topics.alerts, this.alerts.records.length],
      [this.topics.alertsScreened, this.screened.records.length],
      [this.topics.alertsUnique, this.unique.records.length],
      [this.topics.incidents, this.incidents.records.length],
    ];
    const tailsCaughtUp = async () => {
      const sizes = await topicSizes(this.admin, tails().map(([topic]) => topic));
      return tails().every(([topic, read]) => read >= (sizes.get(topic) ?? 0));
    };
    let idleTimes = 0;
    await eventually(
      async () => {
        idleTimes = (await pipelineIdle(this.admin, `${this.prefix}-group`, mustBeRead)) && (await tailsCaughtUp()) ? idleTimes + 1 : 0;
        if (idleTimes < 2) await new Promise((r) => setTimeout(r, 800));
        return idleTimes >= 2 ? true : undefined;
      },
      'the pipeline to drain',
      timeoutMs,
    );
  }

  funnel(): Promise<Funnel> {
    return readFunnel({ admin: this.admin, topics: this.topics, events: this.events, alerts: this.alerts, screened: this.screened, unique: this.unique, incidents: this.incidents, calls: this.webhook.calls });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    await this.events?.stop();
    await this.alerts?.stop();
    await this.screened?.stop();
    await this.unique?.stop();
    await this.incidents?.stop();
    await this.harness?.stopAll();
    await this.webhook.stop();
  }

  private async calendar(method: string, path: string, body: unknown): Promise<Response> {
    const response = await fetch(`${this.harness.httpUrl('change-calendar')}${path}`, {
      method,
      headers: { authorization: `Bearer ${CALENDAR_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`change-calendar ${method} ${path}: ${response.status} ${await response.text()}`);
    return response;
  }
}

function writeRules(dir: string): string {
  for (const [name, text] of stormRuleFiles()) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Consecutive runs of records (in event-time order) spanning `width` ms of event time each. */
function slices(records: readonly ShipperRecord[], width: number): ShipperRecord[][] {
  const out: ShipperRecord[][] = [];
  for (const record of records) {
    const last = out[out.length - 1];
    if (last && record.at - last[0].at < width) last.push(record);
    else out.push([record]);
  }
  return out;
}

/** Every transition of every incident to one signed webhook: what the scenario counts as notifications. */
function writeRoutes(channelEnv: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'quell-storm-routes-')), 'routes.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'channels:',
      `  soc: { type: webhook, urlEnv: ${channelEnv}_URL, secretEnv: ${channelEnv}_SECRET }`,
      'routes:',
      '  - name: every-transition',
      '    to: soc',
      '',
    ].join('\n'),
  );
  return file;
}
