// The all-in-one's seven services over one in-process bus that verifies every contract value it
// is handed (see InProcessEventBusOptions.verifyContracts), fed the sample stream and a realistic
// mix, against the same pipeline with every value encoded and decoded as across a process.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Incident } from '@quell/contracts';
import { splitConcatenatedJson } from '@quell/input-limits';
import { loadConfig } from '@quell/platform-config';
import { InProcessEventBus, type ContractBreachError, type InboundRecord } from '@quell/platform-kafka';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { SERVICES } from './services';

const REPO = join(__dirname, '..', '..', '..');
const SIGMA = join(REPO, '..', 'shared', 'corpora', 'sigma');
const API_KEY = 'in-process-contracts-key';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** One request to ingest: a body of one declared format. */
interface Request {
  query: string;
  contentType: string;
  lines: string[];
}

function filesUnder(dir: string, suffix: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), suffix) : suffix.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** The inputs of a normalize fixture file that the normalizer reads (as traffic-mix.ts takes them). */
function fixtureLines(path: string): string[] {
  return readFileSync(join(REPO, 'libs/normalize/fixtures', path), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { input: string; expectError?: unknown })
    .filter((fixture) => fixture.expectError === undefined && !/[\r\n]/.test(fixture.input))
    .map((fixture) => fixture.input);
}

/**
 * The rules: the samples the all-in-one ships (a correlation among them) plus every SigmaHQ rule
 * that has a regression log; the traffic: the sample stream, those logs (the events that raise the
 * alerts) and quiet Windows, Linux, firewall and ECS records from the normalize fixtures.
 */
function workload(rulesDir: string): Request[] {
  cpSync(join(REPO, 'deploy/samples/rules'), rulesDir, { recursive: true });
  const logs: string[] = [];
  for (const file of filesUnder(join(SIGMA, 'regression'), /\.json$/)) {
    const rule = join(SIGMA, `${relative(join(SIGMA, 'regression'), dirname(file))}.yml`);
    if (!existsSync(rule)) continue;
    cpSync(rule, join(rulesDir, 'sigma', relative(SIGMA, rule)));
    logs.push(...splitConcatenatedJson(readFileSync(file, 'utf8')).map((text) => JSON.stringify(JSON.parse(text))));
  }
  const json = (lines: string[]): Request => ({ query: '', contentType: 'application/x-ndjson', lines });
  const text = (format: string, lines: string[]): Request => ({ query: `?format=${format}`, contentType: 'text/plain', lines });
  const samples = readFileSync(join(REPO, 'deploy/samples/events.ndjson'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  // The events that raise alerts one request each, the pipeline idle in between (see run): how
  // one entity's alerts interleave on the matches topic then does not depend on timing.
  return [
    ...[...samples, ...logs].map((line) => json([line])),
    json(fixtureLines('windows/winlogbeat.jsonl')),
    json(fixtureLines('ecs/ecs-field-examples.jsonl')),
    text('syslog', [...fixtureLines('sshd/beats-system-auth.jsonl'), ...fixtureLines('sudo/forum-samples.jsonl')]),
    text('syslog', fixtureLines('firewall/beats-iptables.jsonl')),
    text('cef', fixtureLines('cef/public-samples.jsonl')),
    text('kv', fixtureLines('kv/public-samples.jsonl')),
  ];
}

interface Outcome {
  incidents: Map<string, Incident>;
  deadLetters: string[];
  breaches: readonly ContractBreachError[];
  events: number;
}

/** Starts the seven services on `bus`, sends the workload, waits until the pipeline is idle, stops. */
async function run(bus: InProcessEventBus, requests: Request[], rulesDir: string): Promise<Outcome> {
  const env = {
    BUS: 'memory',
    TOPIC_PREFIX: 'contracts.',
    RULES_DIR: rulesDir,
    INGEST_API_KEYS: `acme:${API_KEY}`,
    CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-in-process-ch-')),
    LOG_LEVEL: 'error',
    HTTP_HOST: '127.0.0.1',
    // The history writer inserts what it has at once (by default it lets a partition fill for up
    // to a second): each request below waits until every topic is drained.
    HISTORY_BATCH_MAX_WAIT_MS: '0',
  };
  const configs = SERVICES.map((definition) => ({ definition, config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name }) }));
  const infra: SharedInfrastructure = await createSharedInfrastructure(configs[0].config, { bus, clickhouse: true, state: true }, quiet);
  const apps: ServiceApp[] = [];
  const incidents = new Map<string, Incident>();
  let events = 0;
  const watcher = await bus.consume({
    groupId: 'contracts.watcher',
    subscriptions: [
      {
        topic: infra.topics.incidents,
        decode: (bytes: Buffer) => infra.codec.decode(bytes, 'Incident'),
        handle: async (records: InboundRecord<Incident>[]) => {
          for (const { value } of records) if ((incidents.get(value.id)?.version ?? -1) < value.version) incidents.set(value.id, value);
          return [];
        },
      },
      {
        topic: infra.topics.events,
        decode: (bytes: Buffer) => bytes,
        handle: async (records: InboundRecord<unknown>[]) => {
          events += records.length;
          return [];
        },
      },
    ],
    deadLetterTopic: infra.topics.deadLetters,
    policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
  });
  try {
    for (const { definition, config } of configs) apps.push(await startServiceApp(definition, config, infra, { httpPort: 0 }));
    const port = (apps[0].app.getHttpServer().address() as AddressInfo).port;
    const backlog = () => Object.values(infra.topics).reduce((sum, topic) => sum + bus.backlog(topic), 0);
    for (const [index, request] of requests.entries()) {
      const response = await fetch(`http://127.0.0.1:${port}/v1/events${request.query}`, {
        method: 'POST',
        headers: { 'content-type': request.contentType, authorization: `Bearer ${API_KEY}`, 'idempotency-key': `request-${index}` },
        body: request.lines.join('\n'),
      });
      expect(response.status).toBe(202);
      // Every group has committed everything (outputs are published before their input commits).
      while (backlog() > 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    // Idle: nothing waiting on any topic and no new incident version for a while.
    let quietSince = Date.now();
    let last = '';
    while (Date.now() - quietSince < 1_500) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const state = JSON.stringify([...Object.values(infra.topics)].map((topic) => bus.backlog(topic))) + [...incidents.values()].map((i) => i.version).join();
      if (state !== last) {
        last = state;
        quietSince = Date.now();
      }
    }
  } finally {
    for (const app of apps) await app.close();
    await watcher.stop();
    await infra.close();
  }
  const deadLetters = bus.read(infra.topics.deadLetters).map((r) => `${r.headers['quell.dlq.original.topic']}: ${r.headers['quell.dlq.error']}`);
  return { incidents, deadLetters, breaches: bus.contractBreaches(), events };
}

/** What an incident says, without what differs from run to run (ids, times). */
function summary(incident: Incident): string {
  const entities = incident.entities.map((e) => JSON.stringify(e)).sort();
  return JSON.stringify([incident.title, incident.severity, incident.status, incident.alertCount, incident.services, entities, incident.killChainPhases]);
}

describe('the all-in-one pipeline hands objects between stages', () => {
  it('breaks no contract on the sample stream and a realistic mix, and opens the same incidents as with bytes', async () => {
    const rulesDir = mkdtempSync(join(tmpdir(), 'quell-in-process-rules-'));
    mkdirSync(rulesDir, { recursive: true });
    const requests = workload(rulesDir);
    const sent = requests.reduce((sum, r) => sum + r.lines.length, 0);

    // One partition per topic: with several, how one entity's alerts from different hosts interleave
    // depends on timing, and the kill-chain stage refuses alerts too far behind an entity's newest.
    const objects = await run(new InProcessEventBus({ logger: quiet, partitions: 1, verifyContracts: true }), requests, rulesDir);
    const bytes = await run(new InProcessEventBus({ logger: quiet, partitions: 1, encodeValues: true }), requests, rulesDir);

    expect(objects.breaches.map((b) => b.message)).toEqual([]);
    expect(objects.deadLetters.filter((d) => /breach|read.only|Cannot assign|not extensible/.test(d))).toEqual([]);
    expect(objects.deadLetters.sort()).toEqual(bytes.deadLetters.sort());
    // Everything sent became an event (a few records split or refused aside), and alerts became incidents.
    expect(objects.events).toBe(bytes.events);
    expect(objects.events).toBeGreaterThan(sent * 0.9);
    expect(objects.incidents.size).toBeGreaterThan(10);
    expect([...objects.incidents.values()].map(summary).sort()).toEqual([...bytes.incidents.values()].map(summary).sort());
  }, 300_000);
});
