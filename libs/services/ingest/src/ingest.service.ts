import { Module } from '@nestjs/common';
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

export const ingestService = defineService({
  name: 'ingest',
  defaultHttpPort: 8080,
  configSchema: ingestConfigSchema,
  module: () => IngestModule,
  uses: {},
});
