import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { normalizerConfigSchema, normalizerService } from '@quell/service-normalizer';
import type { ReadinessSource } from '@quell/platform-testing';

/**
 * The normalizer (and its history writer) in the test process, over the fault broker: the embedded
 * ClickHouse engine binds its data directory to one process, so the test can only reach the
 * history writer's engine (to take its table away and give it back) from inside that process.
 */
export class InProcessNormalizer implements ReadinessSource {
  readonly name = 'normalizer-in-process';

  private constructor(
    private readonly service: ServiceApp,
    private readonly infra: SharedInfrastructure,
    readonly database: string,
  ) {}

  static async start(env: Record<string, string>): Promise<InProcessNormalizer> {
    const config = loadConfig(normalizerConfigSchema, { ...env, SERVICE_NAME: 'normalizer' });
    const logger = createLogger({ service: 'normalizer', level: config.LOG_LEVEL });
    const infra = await createSharedInfrastructure(config, normalizerService.uses, logger);
    const service = await startServiceApp(normalizerService, config, infra, { httpPort: 0, logger });
    return new InProcessNormalizer(service, infra, config.CLICKHOUSE_DATABASE);
  }

  get clickhouse(): ClickHouseClient {
    if (!this.infra.clickhouse) throw new Error('the normalizer has no ClickHouse client');
    return this.infra.clickhouse;
  }

  async readiness(): Promise<number | undefined> {
    const { port } = this.service.app.getHttpServer().address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    await response?.body?.cancel();
    return response?.status;
  }

  async stop(): Promise<void> {
    await this.service.close();
    await this.infra.close();
  }
}
