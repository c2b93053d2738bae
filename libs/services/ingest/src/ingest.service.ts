import { Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { defineService } from '@quell/platform-service-kit';
import { ingestConfigSchema } from './config';
import { EventsController } from './events.controller';
import { ShipperRecordsHandler } from './shipper-records.handler';

@Module({ controllers: [EventsController, ShipperRecordsHandler] })
export class IngestModule {}

export const ingestService = defineService({
  name: 'ingest',
  defaultHttpPort: 8080,
  configSchema: ingestConfigSchema,
  module: () => IngestModule,
  configureApp: (app, config) => {
    (app as NestExpressApplication).useBodyParser('json', { limit: config.INGEST_MAX_BODY_BYTES });
  },
  uses: {},
});
