import { ConfigError, loadConfig, type BaseServiceConfig } from '@quell/platform-config';
import { KafkaUnavailableError } from '@quell/platform-kafka';
import { createLogger, HealthRegistry } from '@quell/platform-observability';
import { PortInUseError, startServiceApp, type ServiceApp } from './service-app';
import { serviceUses, type ServiceDefinition } from './service-definition';
import { createSharedInfrastructure, type SharedInfrastructure } from './shared-infrastructure';

/**
 * Process entry of one service: validate config (or exit 1 naming the bad keys), connect, serve,
 * and on SIGTERM/SIGINT stop consuming, finish and commit the batch in hand, flush the producer,
 * close ClickHouse and Redis, and exit 0.
 */
export async function runService<C extends BaseServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = loadConfig(definition.configSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  let infra: SharedInfrastructure | undefined;
  let service: ServiceApp | undefined;
  try {
    infra = await createSharedInfrastructure(config, serviceUses(definition, config), logger);
    service = await startServiceApp(definition, config, infra, { logger });
  } catch (error) {
    // A setting that contradicts the broker (KAFKA_MAX_REQUEST_BYTES), a taken port or an unreachable
    // broker is one line naming the setting; only the unexpected gets the stack trace.
    if (error instanceof ConfigError || error instanceof KafkaUnavailableError) process.stderr.write(`${definition.name}: ${error.message}\n`);
    else if (error instanceof PortInUseError) process.stderr.write(`${definition.name}: ${error.message}; set HTTP_PORT to a free port\n`);
    else logger.fatal({ err: error }, `${definition.name} failed to start`);
    await infra?.close().catch(() => undefined);
    process.exit(1);
  }
  const shutdown = onShutdownSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    await service?.close();
    await infra?.close();
  });
  exitWhenNotLive(service.app.get(HealthRegistry), logger, shutdown);
}

/** How often the process checks its own liveness (a given-up consumer, …). */
const LIVENESS_WATCH_MS = 1_000;

/**
 * Exits non-zero once liveness fails (e.g. a consumer whose restarts were given up), after the
 * same orderly shutdown as SIGTERM: the supervisor (Kubernetes, compose `restart:`) then starts a
 * fresh process, which is all that is left to try. /health/live answers 503 in between.
 */
export function exitWhenNotLive(
  health: HealthRegistry,
  logger: { fatal(obj: object, msg: string): void },
  shutdown: (reason: string, exitCode: number) => void,
  intervalMs = LIVENESS_WATCH_MS,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    const report = health.liveness();
    if (report.live) return;
    clearInterval(timer);
    logger.fatal({ failed: report.failed }, 'not live: exiting so that the process is restarted');
    shutdown('liveness failed', 1);
  }, intervalMs);
  timer.unref();
  return timer;
}

/**
 * Shuts down once on SIGTERM/SIGINT (exit 0) and returns the same shutdown for other reasons
 * (e.g. liveness lost), which exit with their own code.
 */
export function onShutdownSignal(
  logger: { info(msg: string): void; error(obj: object, msg: string): void },
  timeoutMs: number,
  shutdown: () => Promise<void>,
): (reason: string, exitCode: number) => void {
  let stopping = false;
  const stop = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${reason}, shutting down`);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    shutdown().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM received', 0));
  process.on('SIGINT', () => stop('SIGINT received', 0));
  return stop;
}
