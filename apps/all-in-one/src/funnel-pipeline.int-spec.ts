// The funnel against what really crossed the pipeline: the all-in-one's seven services over one
// in-process bus and the embedded engine, a few logons through ingest (one on a host an approved
// change covers), a webhook for opened incidents; then GET /v1/funnel must count, stage by stage,
// what a watcher saw on the topics and what the webhook received.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { InProcessEventBus, type ConsumerHandle, type InboundRecord } from '@quell/platform-kafka';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { bearerRequest, waitFor } from '@quell/platform-testing';
import { SERVICES } from './services';

const KEY = 'funnel-pipeline-key';
const REPO = join(__dirname, '..', '..', '..');
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** What the watcher saw: the latest state of every alert id after screening and after dedup, every incident id, every event. */
interface Seen {
  events: number;
  screened: Map<string, Alert>;
  unique: Map<string, Alert[]>;
  incidents: Set<string>;
}

describe('the funnel counts what crossed the in-process pipeline', () => {
  jest.setTimeout(120_000);
  const bus = new InProcessEventBus({ logger: quiet, partitions: 1 });
  const seen: Seen = { events: 0, screened: new Map(), unique: new Map(), incidents: new Set() };
  const webhookCalls: string[] = [];
  let webhook: Server;
  let infra: SharedInfrastructure;
  let watcher: ConsumerHandle;
  const apps = new Map<string, ServiceApp>();
  const call = (service: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    bearerRequest(`http://127.0.0.1:${(apps.get(service)!.app.getHttpServer().address() as AddressInfo).port}`, method, path, KEY, body, headers);

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        webhookCalls.push(body);
        res.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((done) => webhook.listen(0, '127.0.0.1', done));
    const env = {
      BUS: 'memory',
      TOPIC_PREFIX: 'funnel.',
      RULES_DIR: join(REPO, 'deploy', 'samples', 'rules'),
      INGEST_API_KEYS: `acme:${KEY}`,
      INCIDENTS_API_KEYS: `acme:analyst:read:${KEY}`,
      CHANGE_CALENDAR_API_KEYS: `acme:cab:admin:${KEY}`,
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-funnel-ch-')),
      LOG_LEVEL: 'error',
      HTTP_HOST: '127.0.0.1',
      HISTORY_BATCH_MAX_WAIT_MS: '0',
    };
    const configs = SERVICES.map((definition) => ({ definition, config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name }) }));
    infra = await createSharedInfrastructure(configs[0].config, { bus, clickhouse: true, state: true }, quiet);
    const latest = <T>(decode: (bytes: Buffer) => T, take: (value: T) => void) => ({
      decode,
      handle: async (records: InboundRecord<T>[]) => {
        for (const { value } of records) take(value);
        return [];
      },
    });
    const alert = (bytes: Buffer) => infra.codec.decode(bytes, 'Alert') as Alert;
    watcher = await bus.consume({
      groupId: 'funnel.watcher',
      subscriptions: [
        { topic: infra.topics.events, ...latest((bytes) => bytes, () => void (seen.events += 1)) },
        { topic: infra.topics.alertsScreened, ...latest(alert, (a) => void seen.screened.set(a.id, a)) },
        { topic: infra.topics.alertsUnique, ...latest(alert, (a) => void seen.unique.set(a.id, [...(seen.unique.get(a.id) ?? []), a])) },
        { topic: infra.topics.incidents, ...latest((bytes) => infra.codec.decode(bytes, 'Incident') as Incident, (i) => void seen.incidents.add(i.id)) },
      ],
      deadLetterTopic: infra.topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    for (const { definition, config } of configs) apps.set(definition.name, await startServiceApp(definition, config, infra, { httpPort: 0 }));

    // The night's firewall work, approved: a failed logon on fw-01 inside it is suppressed.
    const now = Date.now();
    const created = await call('change-calendar', 'POST', '/v1/changes', {
      title: 'Firewall maintenance', ticketRef: 'CHG1', owner: 'netops', scope: { hosts: ['fw-01'] },
      windows: [{ start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 3_600_000).toISOString(), timeZone: 'UTC' }],
    });
    expect(created.status).toBe(201);
    const change = ((await created.json()) as { change: { id: string } }).change.id;
    expect((await call('change-calendar', 'POST', `/v1/changes/${change}/approve`, { comment: 'CAB' }, { 'If-Match': created.headers.get('etag') ?? '' })).status).toBe(200);

    const logon = (host: string, ip: string, outcome: string, second: number) =>
      JSON.stringify({ '@timestamp': new Date(now - 60_000 + second * 1000).toISOString(), event: { category: 'authentication', action: 'ssh_login', outcome }, host: { name: host }, user: { name: 'root' }, source: { ip } });
    const lines = [
      logon('bastion-1', '203.0.113.7', 'failure', 0),
      logon('bastion-1', '203.0.113.7', 'failure', 2),
      logon('bastion-1', '203.0.113.7', 'failure', 4),
      logon('bastion-1', '198.51.100.20', 'success', 5),
      logon('web-3', '192.0.2.50', 'failure', 6),
      logon('fw-01', '198.51.100.99', 'failure', 8),
    ];
    const ingest = await fetch(`http://127.0.0.1:${(apps.get('ingest')!.app.getHttpServer().address() as AddressInfo).port}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    expect(ingest.status).toBe(202);
    // The pipeline has handed everything on, and the webhook heard of every incident opened.
    const backlog = () => Object.values(infra.topics).reduce((sum, topic) => sum + bus.backlog(topic), 0);
    await waitFor(() => (backlog() === 0 && seen.incidents.size > 0 && webhookCalls.length >= seen.incidents.size ? true : undefined), { description: 'the pipeline idle and every incident notified', timeoutMs: 60_000 });
  });

  afterAll(async () => {
    for (const app of [...apps.values()]) await app.close();
    await watcher?.stop();
    await infra?.close();
    await bus.close();
    await new Promise((done) => webhook?.close(done));
  });

  it('counts events, alerts, screened, deduplicated, incidents and notifications as they crossed the topics', async () => {
    const suppressed = [...seen.screened.values()].filter((a) => a.suppression.state === 'suppressed');
    const expected = {
      events: seen.events,
      alerts: seen.screened.size,
      screened: seen.screened.size - suppressed.length,
      deduplicated: [...seen.unique.values()].filter((states) => states.some((a) => a.suppression.state !== 'suppressed')).length,
      incidents: seen.incidents.size,
      notifications: webhookCalls.length,
    };
    // What the scenario makes of it: six events; five failed-logon alerts and the brute-force
    // correlation; fw-01's suppressed; bastion-1's three failures folded into one by dedup; one
    // incident (every alert names root), one webhook call.
    expect(suppressed.map((a) => a.entities.find((e) => e.type === 'host')?.value)).toEqual(['fw-01']);
    expect(expected).toEqual({ events: 6, alerts: 6, screened: 5, deduplicated: 3, incidents: 1, notifications: 1 });

    // The history writers and the delivery log write in batches of their own: the funnel catches up.
    const counts = await waitFor(
      async () => {
        const answer = await call('incident-manager', 'GET', '/v1/funnel?range=1h');
        expect(answer.status).toBe(200);
        const body = (await answer.json()) as { stages: { name: string; count: number }[] };
        const got = Object.fromEntries(body.stages.map((s) => [s.name, s.count]));
        return JSON.stringify(got) === JSON.stringify(expected) ? got : undefined;
      },
      { description: `the funnel to read ${JSON.stringify(expected)}`, timeoutMs: 30_000 },
    );
    expect(counts).toEqual(expected);
  });

  it('counts the rules’ hits as the alerts they raised', async () => {
    const byRule = new Map<string, number>();
    for (const alert of seen.screened.values()) byRule.set(alert.rule.id, (byRule.get(alert.rule.id) ?? 0) + 1);
    const answer = (await (await call('incident-manager', 'GET', '/v1/rule-hits?range=1h')).json()) as { items: { ruleId: string; hits: number }[] };
    expect(Object.fromEntries(answer.items.map((i) => [i.ruleId, i.hits]))).toEqual(Object.fromEntries(byRule));
  });
});
