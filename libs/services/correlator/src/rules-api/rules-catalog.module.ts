import { Module, type DynamicModule } from '@nestjs/common';
import { HttpApiModule } from '@quell/platform-http';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { DirectoryRuleCatalog } from './directory-rule-catalog';
import { rulesKeyStoreProvider } from './rules-api-keys';
import { RulesController } from './rules.controller';
import { RULE_CATALOG, RULES_API_OPTIONS, type RulesCatalogModuleOptions } from './rules-tokens';

export type { RulesCatalogModuleOptions } from './rules-tokens';

/**
 * The directory-backed rule catalog (RULE_CATALOG, loaded before the app starts) and the rules
 * API under /v1/rules. The catalog stops watching when the app shuts down.
 */
@Module({})
export class RulesCatalogModule {
  static forRoot(options: RulesCatalogModuleOptions): DynamicModule {
    return {
      module: RulesCatalogModule,
      imports: [HttpApiModule],
      controllers: [RulesController],
      providers: [
        { provide: RULES_API_OPTIONS, useValue: options },
        rulesKeyStoreProvider(options.apiKeys),
        {
          provide: RULE_CATALOG,
          inject: [
            { token: LOGGER, optional: true },
            { token: METRICS, optional: true },
          ],
          useFactory: async (logger?: Logger, metrics?: PipelineMetrics) => {
            const catalog = new DirectoryRuleCatalog({
              dir: options.dir,
              debounceMs: options.debounceMs,
              pollIntervalMs: options.pollIntervalMs,
              load: options.load,
              logger: logger?.child({ component: 'rules' }),
              registry: options.registry ?? metrics?.registry,
            });
            await catalog.start();
            return catalog;
          },
        },
      ],
      exports: [RULE_CATALOG],
    };
  }
}
