import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { RULE_CATALOG, type DirectoryRuleCatalog } from '../rules-api';
import { CorrelatorRules } from './correlator-rules';

/**
 * The rules both stages run, rebuilt whenever the catalog (RULES_DIR, the rules API) serves a new
 * version; each batch reads `current` once, so it runs on one consistent rule set. While the
 * catalog holds no detection rule, the built-in failed-authentication rule runs, so that a fresh
 * install still raises something.
 */
@Injectable()
export class CorrelatorRulesSource implements OnModuleDestroy {
  private rules: CorrelatorRules;
  private readonly unsubscribe: () => void;

  constructor(@Inject(RULE_CATALOG) catalog: DirectoryRuleCatalog, @Inject(LOGGER) private readonly logger: Logger) {
    this.rules = this.build(catalog.current());
    this.unsubscribe = catalog.onChange((snapshot) => {
      this.rules = this.build(snapshot);
    });
  }

  get current(): CorrelatorRules {
    return this.rules;
  }

  private build(snapshot: RuleCatalogSnapshot): CorrelatorRules {
    if (snapshot.detectionRules.length === 0) {
      this.logger.info({ version: snapshot.version }, 'no detection rule in RULES_DIR: running the built-in failed-authentication rule');
      return CorrelatorRules.builtin();
    }
    const rules = CorrelatorRules.fromCatalog(snapshot);
    this.logger.info({ version: snapshot.version, detections: rules.detections.length, correlations: rules.correlations.definitions.length }, 'correlator rules in use');
    return rules;
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
