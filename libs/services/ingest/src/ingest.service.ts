import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpApiModule } from '@quell/platform-http';
import { defineService } from '@quell/platform-service-kit';
import { ingestKeyStoreProvider } from './api-keys';
import { ingestConfigSchema } from './config';
import { ExtraTopicsConsumer } from './kafka/extra-topics.consumer';
import { EventsController } from './events.controller';
import { SyslogReceiver } from './syslog/syslog-receiver';
import { ShipperRecordsHandler } from './shipper-records.handler';

@Module({
  imports: [HttpApiModule],
  controllers: [EventsController, ShipperRecordsHandler],
  providers: [ExtraTopicsConsumer, SyslogReceiver, ingestKeyStoreProvider],
})
export class IngestModule {}

// Express matches routes ignoring case and a trailing slash: the body parser must skip the same paths.
const EVENTS_PATH = /^\/v1\/events\/?(?:[?#]|$)/i;

/** The events route reads its own body (gzip, NDJSON, text, inflated-size limit); JSON parsing elsewhere. */
export function parsedAsJson(req: Pick<IncomingMessage, 'url' | 'headers'>): boolean {
  if (EVENTS_PATH.test(req.url ?? '')) return false;
  return /^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '');
}

export const ingestService = defineService({
  name: 'ingest',
  defaultHttpPort: 8080,
  configSchema: ingestConfigSchema,
  module: () => IngestModule,
  configureApp: (app, config) => {
    (app as NestExpressApplication).useBodyParser('json', { limit: config.INGEST_MAX_BODY_BYTES, type: parsedAsJson });
  },
  uses: {},
});
