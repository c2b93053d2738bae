import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { defineService } from '@quell/platform-service-kit';
import { AssetEnrichmentService } from './assets/asset-enrichment.service';
import { normalizerConfigSchema, type NormalizerRole } from './config';
import { EventHistoryHandler } from './event-history.handler';
import { RawEventsHandler } from './raw-events.handler';
import { normalizePoolProvider } from './workers/normalize-pool.provider';

@Module({})
export class NormalizerModule {
  /** The handlers of the roles this process runs (NORMALIZER_ROLES); each role is its own consumer group. */
  static forRoles(roles: readonly NormalizerRole[]): DynamicModule {
    const controllers: Type[] = [];
    const providers: Provider[] = [];
    if (roles.includes('normalize')) {
      controllers.push(RawEventsHandler);
      providers.push(AssetEnrichmentService, normalizePoolProvider);
    }
    if (roles.includes('history')) controllers.push(EventHistoryHandler);
    return { module: NormalizerModule, controllers, providers };
  }
}

export const normalizerService = defineService({
  name: 'normalizer',
  defaultHttpPort: 8081,
  configSchema: normalizerConfigSchema,
  module: (config) => NormalizerModule.forRoles(config.NORMALIZER_ROLES),
  uses: { clickhouse: true },
  // Only the history writer touches ClickHouse: a normalize-only process neither loads the embedded
  // engine nor turns unready while ClickHouse is away.
  usesFor: (config) => ({ clickhouse: config.NORMALIZER_ROLES.includes('history') }),
});
