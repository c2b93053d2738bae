import { join } from 'node:path';
import type { Provider } from '@nestjs/common';
import { RuleCatalog } from '@quell/rules';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import type { CorrelatorConfig } from '../config';
import { CorrelatorRules } from './correlator-rules';
import { readRulesDirectory } from './rules-directory';

export const CORRELATOR_RULES = Symbol('CORRELATOR_RULES');

/**
 * Loads RULES_DIR once at start. A rejected file (or rule) is logged with its file, line and
 * reason and left out; the others run. A missing directory stops the boot.
 */
export async function loadCorrelatorRules(config: Pick<CorrelatorConfig, 'RULES_DIR'>, logger: Pick<Logger, 'info' | 'warn'>): Promise<CorrelatorRules> {
  if (!config.RULES_DIR) {
    logger.info('RULES_DIR is not set: running the built-in failed-authentication rule only');
    return CorrelatorRules.builtin();
  }
  const catalog = RuleCatalog.build(await readRulesDirectory(config.RULES_DIR));
  for (const error of catalog.errors) {
    logger.warn({ file: join(config.RULES_DIR, error.file), line: error.line, reason: error.reason }, 'rule rejected');
  }
  const rules = CorrelatorRules.fromCatalog(catalog);
  logger.info(
    { dir: config.RULES_DIR, detections: rules.detections.length, correlations: rules.correlations.definitions.length, rejected: catalog.errors.length, version: catalog.version },
    'rules loaded',
  );
  return rules;
}

export const correlatorRulesProvider: Provider = {
  provide: CORRELATOR_RULES,
  useFactory: (config: CorrelatorConfig, logger: Logger) => loadCorrelatorRules(config, logger),
  inject: [SERVICE_CONFIG, LOGGER],
};
