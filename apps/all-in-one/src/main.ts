import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { loadConfig, ConfigError, type BaseServiceConfig } from '@quell/platform-config';
import { ConsoleFiles, consoleConfigOf, oidcOptionsOf, OidcVerifier, OPENAPI_DOCUMENT } from '@quell/platform-http';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { InProcessEventBus } from '@quell/platform-kafka';
import { createLogger, HealthRegistry, ProcessMetrics, type Logger } from '@quell/platform-observability';
import { stateFileHeld } from '@quell/platform-state';
import {
  createSharedInfrastructure,
  exitWhenNotLive,
  onShutdownSignal,
  startServiceApp,
  type ServiceApp,
  type ServiceDefinition,
} from '@quell/platform-service-kit';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { RULE_CATALOG } from '@quell/service-correlator';
import { ChangeImports } from '@quell/service-change-calendar';
import { DEMO_DIR, replayDemoOnce } from './demo/replay-demo';
import { listenPlan, DEMO_API_KEYS, type ListenPlan } from './listen-plan';
import { logDestination, LOG_FORMATS } from './log-destination';
import { startOperatorApi } from './operator-api';
import { stateFileOf } from './state-file';
import { SERVICES } from './services';
import { SinglePortRouter } from './single-port';
import { bannerLines } from './start-banner';

/**
 * The embedded default: all seven services in one process over the in-process bus, the embedded
 * ClickHouse engine and a SQLite state file beside it, every API, health and metrics on one port (PORT).
 * `--demo` replays the sample stream even when this data directory already has it.
 */
async function main(args: readonly string[]): Promise<void> {
  let plan: ListenPlan;
  let configs: { definition: ServiceDefinition<BaseServiceConfig>; config: BaseServiceConfig }[];
  try {
    const samples = join(process.cwd(), 'deploy', 'samples');
    // The demo's content (deploy/samples/demo): its rules, a kill-chain window that sees the slow
    // intrusion (two weeks), a week of incident grouping for the demo tenant; each yields to the environment.
    const sampleFiles = { RULES_DIR: join(process.cwd(), DEMO_DIR, 'rules'), KILLCHAIN_WINDOW_MS: String(14 * 86_400_000), INCIDENT_GROUPING_TENANTS: 'demo.windowMs=604800000', INCIDENT_SERVICE_CATALOG_FILE: join(samples, 'services.yaml'), INCIDENT_ASSET_INVENTORY_FILE: join(samples, 'assets.yaml') };
    plan = listenPlan({ ...sampleFiles, ...process.env, BUS: 'memory' });
    const { env, host, port } = plan;
    const format = env['LOG_FORMAT'];
    if (format !== undefined && !(LOG_FORMATS as readonly string[]).includes(format)) {
      throw new ConfigError([{ key: 'LOG_FORMAT', message: `expected ${LOG_FORMATS.join(' or ')}, got ${JSON.stringify(format)}` }]);
    }
    configs = SERVICES.map((definition) => ({
      definition,
      config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name, HTTP_HOST: host, HTTP_PORT: String(port) }),
    }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`all-in-one: ${error.message}\n`);
    process.exit(1);
  }
  const base = configs[0].config;
  const destination = logDestination(process.stdout, plan.env['LOG_FORMAT']);
  const logger = createLogger({ service: 'all-in-one', level: base.LOG_LEVEL, destination });

  const consoleFiles = new ConsoleFiles(join(process.cwd(), 'apps', 'console', 'dist'), consoleConfigOf(base));
  // The port first: a taken one is told in a line before anything else starts.
  let router: SinglePortRouter | undefined = undefined;
  const server = createServer((req, res) => {
    if (router) return router.handle(req, res);
    res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"status":"starting"}');
  });
  await listenOrExit(server, plan);

  const bus = new InProcessEventBus({ logger, maxBatchRecords: base.BATCH_MAX_RECORDS, queueMaxRecords: base.INPROCESS_QUEUE_MAX_RECORDS, queueMaxBytes: base.INPROCESS_QUEUE_MAX_BYTES });
  // Incidents, dedup windows and notification marks live on in the data directory (Redis does it when REDIS_URL is set).
  const stateFile = stateFileOf(base.CLICKHOUSE_DATA_DIR);
  const heldExit = (held: string): never => {
    process.stderr.write(`all-in-one: cannot open ${held}: another Quell process may hold it (one per directory); stop it or set CLICKHOUSE_DATA_DIR\n`);
    process.exit(1);
  };
  // Asked before the embedded engine opens, which would first print its own "Cannot lock file" line.
  if (stateFileHeld(stateFile)) heldExit(`the state file ${stateFile}`);
  const infra = await createSharedInfrastructure(base, { bus, clickhouse: true, state: true, stateFile }, logger).catch((error: unknown) => {
    const name = (error as Error).name;
    if (name !== 'ChdbConnectionError' && name !== 'StateFileLockedError') throw error;
    return heldExit(name === 'ChdbConnectionError' ? `the data directory ${resolve(base.CLICKHOUSE_DATA_DIR)}` : `the state file ${stateFile}`);
  });
  // One exposition for the seven services: process metrics collected once, /metrics shows all.
  const processMetrics = new ProcessMetrics({ service: 'all-in-one' });
  // One verifier for every service of the process: the provider's keys are fetched once.
  const oidcOptions = oidcOptionsOf(base);
  const oidc = oidcOptions ? new OidcVerifier(oidcOptions) : null;
  const apps: ServiceApp[] = [];
  for (const { definition, config } of configs) {
    const serviceLogger = createLogger({ service: definition.name, level: config.LOG_LEVEL, destination });
    apps.push(await startServiceApp(definition, config, infra, { processMetrics, listen: false, logger: serviceLogger, oidc }));
  }
  const operatorApi = await startOperatorApi({
    oidc,
    apiKeys: plan.env['INCIDENTS_API_KEYS'],
    logger: createLogger({ service: 'operator-api', level: base.LOG_LEVEL, destination }),
    maxBodyBytes: base.HTTP_MAX_BODY_BYTES,
    queries: infra.clickhouse && { clickhouse: infra.clickhouse, database: base.CLICKHOUSE_DATABASE, file: join(process.cwd(), 'docs', 'investigations.md') },
    backtests: infra.clickhouse && {
      history: new EventHistoryRepository(infra.clickhouse, base.CLICKHOUSE_DATABASE),
      rules: apps[configs.findIndex((c) => c.definition.name === 'correlator')].app.get<symbol, { current(): RuleCatalogSnapshot }>(RULE_CATALOG),
    },
  });
  router = new SinglePortRouter([
    ...apps.map((service, index) => ({
      name: configs[index].definition.name,
      handle: service.app.getHttpAdapter().getInstance(),
      document: service.app.get(OPENAPI_DOCUMENT),
      health: service.app.get(HealthRegistry),
    })),
    operatorApi.mounted,
  ], consoleFiles);

  const calendar = apps[configs.findIndex((c) => c.definition.name === 'change-calendar')].app.get(ChangeImports);
  const demo = await replayDemoOnce({ asked: args.includes('--demo'), base, bus, topics: infra.topics, imports: calendar, logger });
  announce(plan, configs, apps, router, demo, logger, destination !== undefined, consoleFiles.built());

  const shutdown = onShutdownSignal(logger, base.SHUTDOWN_TIMEOUT_MS, async () => {
    // The port first, then upstream first, so nothing is produced into a stage that already stopped.
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
    for (const app of apps) await app.close();
    await operatorApi.close();
    await bus.close();
    await infra.close();
  });
  // A consumer that could not be restarted takes the process down (exit 1) for its supervisor.
  for (const app of apps) exitWhenNotLive(app.app.get(HealthRegistry), logger, shutdown);
}

/** Binds the one port, or exits 1 with one line naming the variable to change. */
async function listenOrExit(server: Server, plan: ListenPlan): Promise<void> {
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(plan.port, plan.host, () => done());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'is not allowed for this user' : `cannot be opened (${(error as Error).message})`;
    process.stderr.write(`all-in-one: port ${plan.port} on ${plan.host} ${problem}; set ${plan.portKey} to a free port (e.g. ${plan.portKey}=${plan.port === 65535 ? 8080 : plan.port + 1} npm start)\n`);
    process.exit(1);
  }
}

function announce(
  plan: ListenPlan,
  configs: { definition: ServiceDefinition<BaseServiceConfig>; config: BaseServiceConfig }[],
  apps: ServiceApp[],
  router: SinglePortRouter,
  demo: Awaited<ReturnType<typeof replayDemoOnce>>,
  logger: Logger,
  forPeople: boolean,
  consoleBuilt: boolean,
): void {
  const env = configs.map((c) => c.config as BaseServiceConfig & Record<string, unknown>);
  const correlator = configs.findIndex((c) => c.definition.name === 'correlator');
  const catalog = apps[correlator].app.get<symbol, { current(): RuleCatalogSnapshot }>(RULE_CATALOG).current();
  const ingest = env[configs.findIndex((c) => c.definition.name === 'ingest')];
  const facts = {
    url: plan.url,
    consoleBuilt,
    demoKey: plan.demoKey ? DEMO_API_KEYS.split(':')[1] : undefined,
    dataDir: env[0].CLICKHOUSE_URL ? `ClickHouse at ${new URL(env[0].CLICKHOUSE_URL).host}` : resolve(env[0].CLICKHOUSE_DATA_DIR),
    rules: { dir: String(env[correlator]['RULES_DIR']), loaded: catalog.detectionRules.length + catalog.correlationRules.length, errors: catalog.errors },
    syslog: { tcp: ingest['INGEST_SYSLOG_TCP_PORT'] as number | undefined, udp: ingest['INGEST_SYSLOG_UDP_PORT'] as number | undefined },
    demo,
    routes: router.routes(),
  };
  // A person gets the banner as text; a log collector gets the same facts as one JSON line.
  if (forPeople) process.stdout.write(`\n${bannerLines(facts).join('\n')}\n\n`);
  else logger.info({ ...facts, rules: { ...facts.rules, errors: facts.rules.errors.length } }, `Quell all-in-one is running on ${plan.url}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A setting to correct (a bad routing or catalog file) is one line; only the unexpected gets the stack trace.
  const told = error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`all-in-one: failed to start: ${told}\n`);
  process.exit(1);
});
