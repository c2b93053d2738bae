import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ClickHouseClient } from '@quell/platform-clickhouse';
import { API_KEY_STORE, ApiKeyStore, buildOpenApiDocument, HttpApiModule, OIDC_VERIFIER, setUpHttpServer, type OidcVerifier } from '@quell/platform-http';
import type { ConsumerHandle, EventBus, InboundRecord } from '@quell/platform-kafka';
import { HealthRegistry, PinoNestLogger, type Logger } from '@quell/platform-observability';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { DeadLetterInbox } from './dead-letters/dead-letter-inbox';
import { DEAD_LETTER_BUS, DEAD_LETTER_INBOX, DeadLettersController } from './dead-letters/dead-letters.controller';
import { BacktestsController, HISTORY_BACKTESTS } from './backtests/backtests.controller';
import { HistoryBacktests, type HistoryPages } from './backtests/history-backtests';
import { QueriesController, QUERY_RUNNER, SAVED_QUERIES } from './queries/queries.controller';
import { QueryRunner, type QueryLimits } from './queries/query-runner';
import { readSavedQueries } from './queries/saved-queries';
import type { MountedService } from './single-port';

// Warning: a consumer group name; renaming it would make the inbox start again from the topic's start.
const DEAD_LETTER_GROUP = 'all-in-one.dead-letter-inbox';

export interface OperatorApi {
  mounted: MountedService;
  close(): Promise<void>;
}

export interface OperatorApiOptions {
  bus: EventBus;
  deadLetterTopic: string;
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
 * (API keys, problem+json, OpenAPI): its dead letters (a consumer of the dead-letter topic fills
 * the inbox), and investigation queries over the ClickHouse it holds (the embedded engine admits
 * one process, so this is how queries and backtests reach it while it runs).
 */
export async function startOperatorApi(options: OperatorApiOptions): Promise<OperatorApi> {
  const inbox = new DeadLetterInbox(undefined, options.deadLetterTopic);
  const controllers: Type[] = [DeadLettersController];
  const providers: Provider[] = [
    { provide: DEAD_LETTER_INBOX, useValue: inbox },
    { provide: DEAD_LETTER_BUS, useValue: options.bus },
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
  const consumer: ConsumerHandle = await options.bus.consume({
    groupId: DEAD_LETTER_GROUP,
    subscriptions: [
      {
        topic: options.deadLetterTopic,
        decode: (bytes) => bytes,
        handle: async (records) => {
          for (const record of records) inbox.add(record as InboundRecord<Buffer>);
          return [];
        },
      },
    ],
    // Nothing here fails a record; a dead letter of a dead letter would only loop.
    deadLetterTopic: options.deadLetterTopic,
    policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
  });
  const document = buildOpenApiDocument({ title: 'Quell all-in-one operator API', version: 'v1', controllers });
  return {
    mounted: { name: 'operator-api', handle: app.getHttpAdapter().getInstance(), document, health: new HealthRegistry() },
    close: async () => {
      await consumer.stop();
      await app.close();
    },
  };
}
