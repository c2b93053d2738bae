import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, ConfigError, type BaseServiceConfig } from '@quell/platform-config';
import { InProcessEventBus } from '@quell/platform-kafka';
import { createLogger, HealthRegistry, ProcessMetrics } from '@quell/platform-observability';
import {
  createSharedInfrastructure,
  exitWhenNotLive,
  onShutdownSignal,
  startServiceApp,
  type ServiceApp,
  type ServiceDefinition,
} from '@quell/platform-service-kit';
import { listenPlan, type ListenPlan } from './listen-plan';
import { SERVICES } from './services';

/**
 * The embedded default: all seven services in one process over the in-process bus, the embedded
 * ClickHouse engine and in-memory dedup state. Each service has its own HTTP port (see listenPlan).
 */
async function main(): Promise<void> {
  let plan: ListenPlan;
  let configs: { definition: ServiceDefinition<BaseServiceConfig>; config: BaseServiceConfig }[];
  try {
    const samples = join(process.cwd(), 'deploy', 'samples');
    const sampleFiles = { RULES_DIR: join(samples, 'rules'), INCIDENT_SERVICE_CATALOG_FILE: join(samples, 'services.yaml'), INCIDENT_ASSET_INVENTORY_FILE: join(samples, 'assets.yaml') };
    plan = listenPlan({ ...sampleFiles, ...process.env, BUS: 'memory' }, SERVICES.length);
    const { env, host, ports } = plan;
    configs = SERVICES.map((definition, index) => ({
      definition,
      config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name, HTTP_HOST: host, HTTP_PORT: String(ports[index]) }),
    }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`all-in-one: ${error.message}\n`);
    process.exit(1);
  }
  const base = configs[0].config;
  const logger = createLogger({ service: 'all-in-one', level: base.LOG_LEVEL });
  const bus = new InProcessEventBus({ logger, maxBatchRecords: base.BATCH_MAX_RECORDS, queueMaxRecords: base.INPROCESS_QUEUE_MAX_RECORDS, queueMaxBytes: base.INPROCESS_QUEUE_MAX_BYTES });
  const infra = await createSharedInfrastructure(base, { bus, clickhouse: true, state: true }, logger);
  // One exposition for the seven services: process metrics collected once, any port's /metrics shows all.
  const processMetrics = new ProcessMetrics({ service: 'all-in-one' });
  const apps: ServiceApp[] = [];
  for (const { definition, config } of configs) apps.push(await startServiceApp(definition, config, infra, { processMetrics }));
  const ports = Object.fromEntries(configs.map(({ definition, config }) => [definition.name, config.HTTP_PORT]));
  logger.info(
    { ingest: `${plan.firstUrl}/v1/events`, host: plan.host, ports, demoKey: plan.demoKey },
    plan.demoKey
      ? `Quell all-in-one is running with the public demo key, listening on ${plan.host} only (set INGEST_API_KEYS to listen on other interfaces)`
      : `Quell all-in-one is running, listening on ${plan.host}`,
  );

  if (process.env['QUELL_DEMO'] !== '0') await publishSampleStream(bus, infra.topics.ingest, logger);

  const shutdown = onShutdownSignal(logger, base.SHUTDOWN_TIMEOUT_MS, async () => {
    // Upstream first, so nothing is produced into a stage that already stopped.
    for (const app of apps) await app.close();
    await bus.close();
    await infra.close();
  });
  // A consumer that could not be restarted takes the process down (exit 1) for its supervisor.
  for (const app of apps) exitWhenNotLive(app.app.get(HealthRegistry), logger, shutdown);
}

async function publishSampleStream(bus: InProcessEventBus, topic: string, logger: { info(o: object, m: string): void }) {
  const file = join(process.cwd(), 'deploy', 'samples', 'events.ndjson');
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  await bus.publish(lines.map((line) => ({ topic, key: null, value: Buffer.from(line), headers: { 'quell.tenant': 'demo' } })));
  logger.info({ file, events: lines.length }, 'sample event stream published');
}

void main();
