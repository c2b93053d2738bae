import { ConfigError, loadConfig, type BaseServiceConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { startServiceApp, type ServiceApp } from './service-app';
import type { ServiceDefinition } from './service-definition';
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
    infra = await createSharedInfrastructure(config, definition.uses, logger);
    service = await startServiceApp(definition, config, infra, { logger });
  } catch (error) {
    logger.fatal({ err: error }, `${definition.name} failed to start`);
    await infra?.close().catch(() => undefined);
    process.exit(1);
  }
  onShutdownSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
    await service?.close();
    await infra?.close();
  });
}

export function onShutdownSignal(
  logger: { info(msg: string): void; error(obj: object, msg: string): void },
  timeoutMs: number,
  shutdown: () => Promise<void>,
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
