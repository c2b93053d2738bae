// Probe: how fast the notifier turns opened incidents into deliveries over the real broker and
// Redis (transition claimed, delivery timer stored, send lease, loopback webhook answering 200,
// outcome published), and how fast it consumes the same records again as a replay (nothing sent).
// The service runs in this process with a routing file of one signed webhook. Not a test: it prints.
//
//   source /tmp/quell-dev-infra.env && SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/notifier-delivery.ts [incidents]
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyIncidentParts, type Incident } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, serviceUses, startServiceApp } from '@quell/platform-service-kit';
import { notifierConfigSchema, notifierService } from '@quell/service-notifier';

const INCIDENTS = Number(process.argv[2] ?? 2_000);
const brokers = process.env['KAFKA_BROKERS'];
const redisUrl = process.env['REDIS_URL'];
if (!brokers || !redisUrl) throw new Error('KAFKA_BROKERS and REDIS_URL must be set (source /tmp/quell-dev-infra.env)');

async function main(): Promise<void> {
  let received = 0;
  const server = createServer((req, res) => req.resume().on('end', () => (received++, res.writeHead(200).end())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const prefix = `bench-notifier-${Date.now()}`;
  const dir = mkdtempSync(join(tmpdir(), 'quell-bench-notify-'));
  process.env['BENCH_HOOK_URL'] = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  process.env['BENCH_HOOK_SECRET'] = 'bench-secret';
  writeFileSync(join(dir, 'routes.yaml'), 'version: 1\nchannels:\n  hook: { type: webhook, urlEnv: BENCH_HOOK_URL, secretEnv: BENCH_HOOK_SECRET }\nroutes:\n  - { name: all, to: hook }\n');
  const config = loadConfig(notifierConfigSchema, {
    BUS: 'kafka', KAFKA_BROKERS: brokers, REDIS_URL: redisUrl, TOPIC_PREFIX: `${prefix}.`, KAFKA_GROUP_PREFIX: prefix,
    NOTIFY_ROUTES_FILE: join(dir, 'routes.yaml'), NOTIFY_DELIVERY_LOG_CLICKHOUSE: 'false', TIMER_MAX_IDLE_MS: '200', LOG_LEVEL: 'silent',
  });
  const logger = createLogger({ service: 'notifier', level: 'silent' });
  const infra = await createSharedInfrastructure(config, serviceUses(notifierService, config), logger);
  const service = await startServiceApp(notifierService, config, infra, { httpPort: 0, logger });
  const now = Date.now();
  const incidents = Array.from({ length: INCIDENTS }, (_, i): Incident => ({
    id: `bench-${i}`, tenant: 'acme', title: `Incident ${i}`, status: 'open', severity: 'high', priority: 2, services: [], entities: [{ type: 'host', value: `web-${i}` }],
    alertIds: ['a'], alertCount: 1, firstSeen: now, lastSeen: now, killChainPhases: [], relatedChangeIds: [], assignee: null,
    timeline: [{ at: now, actor: 'quell', action: 'opened', detail: null }], ...emptyIncidentParts(), timelineDropped: 0, version: 1,
  }));
  const publish = () => infra.bus.publish(incidents.map((value) => ({ topic: infra.topics.incidents, key: value.id, value: infra.codec.encodable('Incident', value) })));
  const until = async (done: () => boolean, timeoutMs: number) => {
    for (const end = Date.now() + timeoutMs; !done(); ) {
      if (Date.now() > end) throw new Error(`timed out at ${received} of ${INCIDENTS}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const started = performance.now();
  await publish();
  await until(() => received >= INCIDENTS, 300_000);
  const delivered = performance.now() - started;
  console.log(`${INCIDENTS} opened incidents delivered in ${(delivered / 1000).toFixed(2)} s: ${Math.round(INCIDENTS / (delivered / 1000))} notifications/s`);
  const replayStarted = performance.now();
  await publish();
  // The replay is consumed when its last record has been handled: then nothing more may arrive.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  console.log(`replay of the same ${INCIDENTS} records: ${received - INCIDENTS} sent again (${((performance.now() - replayStarted) / 1000).toFixed(1)} s watched)`);
  await service.close();
  await infra.close();
  server.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
