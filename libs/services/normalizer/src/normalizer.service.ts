import { Module } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { AssetEnrichmentService } from './assets/asset-enrichment.service';
import { normalizerConfigSchema } from './config';
import { EventHistoryHandler } from './event-history.handler';
import { RawEventsHandler } from './raw-events.handler';

@Module({ controllers: [RawEventsHandler, EventHistoryHandler], providers: [AssetEnrichmentService] })
export class NormalizerModule {}

export const normalizerService = defineService({
  name: 'normalizer',
  defaultHttpPort: 8081,
  configSchema: normalizerConfigSchema,
  module: () => NormalizerModule,
  uses: { clickhouse: true },
});
