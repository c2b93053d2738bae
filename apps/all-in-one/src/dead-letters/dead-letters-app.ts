import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { API_KEY_STORE, ApiKeyStore, buildOpenApiDocument, HttpApiModule, setUpHttpServer, type OpenApiDocument } from '@quell/platform-http';
import type { ConsumerHandle, EventBus, InboundRecord } from '@quell/platform-kafka';
import { HealthRegistry, PinoNestLogger, type Logger } from '@quell/platform-observability';
import type { MountedService } from '../single-port';
import { DeadLetterInbox } from './dead-letter-inbox';
import { DEAD_LETTER_INBOX, DeadLettersController } from './dead-letters.controller';

// Warning: a consumer group name; renaming it would make the inbox start again from the topic's start.
const GROUP = 'all-in-one.dead-letter-inbox';

export interface DeadLettersApp {
  mounted: MountedService;
  close(): Promise<void>;
}

/**
 * GET /v1/dead-letters on the all-in-one's port: a consumer of the dead-letter topic fills the
 * inbox, and a small HTTP app (the platform kit: API keys, problem+json, OpenAPI) shows it.
 * Keys: the incidents API's (INCIDENTS_API_KEYS, the demo key while it is unset).
 */
export async function startDeadLettersApp(options: { bus: EventBus; topic: string; apiKeys: string | undefined; logger: Logger; maxBodyBytes: number }): Promise<DeadLettersApp> {
  const inbox = new DeadLetterInbox();
  @Module({
    imports: [HttpApiModule],
    controllers: [DeadLettersController],
    providers: [
      { provide: DEAD_LETTER_INBOX, useValue: inbox },
      { provide: API_KEY_STORE, useValue: ApiKeyStore.fromList(options.apiKeys) },
    ],
  })
  class DeadLettersModule {}

  const app: INestApplication = await NestFactory.create(DeadLettersModule, { logger: new PinoNestLogger(options.logger), abortOnError: false, bodyParser: false });
  setUpHttpServer(app, { logger: options.logger, maxBodyBytes: options.maxBodyBytes });
  await app.init();
  const consumer: ConsumerHandle = await options.bus.consume({
    groupId: GROUP,
    subscriptions: [
      {
        topic: options.topic,
        decode: (bytes) => bytes,
        handle: async (records) => {
          for (const record of records) inbox.add(record as InboundRecord<Buffer>);
          return [];
        },
      },
    ],
    // Nothing here fails a record; a dead letter of a dead letter would only loop.
    deadLetterTopic: options.topic,
    policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
  });
  const document: OpenApiDocument = buildOpenApiDocument({ title: 'Quell all-in-one dead letters', version: 'v1', controllers: [DeadLettersController] });
  return {
    mounted: { name: 'dead-letters', handle: app.getHttpAdapter().getInstance(), document, health: new HealthRegistry() },
    close: async () => {
      await consumer.stop();
      await app.close();
    },
  };
}
