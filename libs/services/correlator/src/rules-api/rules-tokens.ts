import type { Registry } from 'prom-client';
import type { LoadOptions } from '@quell/rules';

/** Port token of the rule catalog: `current()` and `onChange(listener)` (a DirectoryRuleCatalog). */
export const RULE_CATALOG = Symbol('RULE_CATALOG');
export const RULES_API_OPTIONS = Symbol('RULES_API_OPTIONS');

export interface RulesCatalogModuleOptions {
  /** RULES_DIR: the directory of rule files. */
  dir: string;
  /** RULES_API_KEYS: `name:key` or `name:key:read`, comma-separated; none means every API call gets 401. */
  apiKeys?: string;
  debounceMs?: number;
  pollIntervalMs?: number;
  /** Largest rule file the API accepts (default 1 MiB). */
  maxBodyBytes?: number;
  /** Field mappings and search options for every rule loaded. */
  load?: LoadOptions;
  /** Metrics registry; by default the service's (METRICS) when there is one. */
  registry?: Registry;
}
