import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { API_KEY_STORE, ApiKeyStore, buildOpenApiDocument, HttpApiModule, OIDC_VERIFIER, setUpHttpServer, type OidcVerifier } from '@quell/platform-http';
import { HealthRegistry, PinoNestLogger, type Logger } from '@quell/platform-observability';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { BacktestsController, HISTORY_BACKTESTS } from './backtests/backtests.controller';
import { HistoryBacktests, type HistoryPages } from './backtests/history-backtests';
import { QueriesController, QUERY_RUNNER, SAVED_QUERIES } from './queries/queries.controller';
import { QueryRunner, type QueryLimits } from './queries/query-runner';
import { readSavedQueries } from './queries/saved-queries';
import type { MountedService } from './single-port';

export interface OperatorApi {
  mounted: MountedService;
  close(): Promise<void>;
}

export interface OperatorApiOptions {
  /** `tenant:name:scope:key` entries: the incidents API's (INCIDENTS_API_KEYS, the demo key while it is unset). */
  apiKeys: string | undefined;
  logger: Logger;
  /** The process's OIDC verifier: the provider's tokens open these APIs as they open the services'. */
  oidc?: OidcVerifier | null;
  maxBodyBytes: number;
  /** The all-in-one's ClickHouse, its database and docs/investigations.md: /v1/queries, when given. */
  queries?: { clickhouse: ClickHouseClient; database: string; file: string; limits?: QueryLimits };
  /** The event history and the correlator's rule catalog: /v1/backtests, when given. */
  backtests?: { history: HistoryPages; rules: { current(): RuleCatalogSnapshot } };
}

/**
 * What the all-in-one serves beside the services, on its one port, through the platform HTTP kit
 * (API keys, problem+json, OpenAPI): investigation queries and backtests over the ClickHouse it
 * holds (the embedded engine admits one process, so this is how they reach it while it runs). Dead
 * letters are the incident-manager's (/v1/dead-letters), as in the distributed mode.
 */
export async function startOperatorApi(options: OperatorApiOptions): Promise<OperatorApi> {
  const controllers: Type[] = [];
  const providers: Provider[] = [
    { provide: API_KEY_STORE, useValue: ApiKeyStore.fromList(options.apiKeys) },
    { provide: OIDC_VERIFIER, useValue: options.oidc ?? null },
  ];
  if (options.queries) {
    controllers.push(QueriesController);
    providers.push(
      { provide: SAVED_QUERIES, useValue: readSavedQueries(options.queries.file) },
      { provide: QUERY_RUNNER, useValue: new QueryRunner(options.queries.clickhouse, options.queries.database, options.queries.limits) },
    );
  }
  if (options.backtests) {
    controllers.push(BacktestsController);
    providers.push({ provide: HISTORY_BACKTESTS, useValue: new HistoryBacktests(options.backtests.history, options.backtests.rules) });
  }
  @Module({ imports: [HttpApiModule], controllers, providers })
  class OperatorApiModule {}

  const app: INestApplication = await NestFactory.create(OperatorApiModule, { logger: new PinoNestLogger(options.logger), abortOnError: false, bodyParser: false });
  setUpHttpServer(app, { logger: options.logger, maxBodyBytes: options.maxBodyBytes });
  await app.init();
  const document = buildOpenApiDocument({ title: 'Quell all-in-one operator API', version: 'v1', controllers });
  return {
    mounted: { name: 'operator-api', handle: app.getHttpAdapter().getInstance(), document, health: new HealthRegistry() },
    close: () => app.close(),
  };
}
