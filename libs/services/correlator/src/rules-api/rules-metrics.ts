import { Counter, Gauge, type Registry } from 'prom-client';

export type ReloadOutcome = 'clean' | 'with_errors' | 'failed';

/** Reload results for dashboards: a rise in rule errors or failed reloads means rules silently stopped changing. */
export class RulesMetrics {
  // WARNING: metric names are dashboard inputs; rename only with them.
  readonly reloads: Counter<'result'>;
  readonly rules: Gauge<'kind'>;
  readonly errors: Gauge;

  constructor(registry: Registry) {
    this.reloads = existing(registry, 'quell_rules_reloads_total') ?? new Counter({
      name: 'quell_rules_reloads_total',
      help: 'Rule directory reloads, by result: clean, with_errors (some files rejected) or failed (directory unreadable).',
      labelNames: ['result'] as const,
      registers: [registry],
    });
    this.rules = existing(registry, 'quell_rules_loaded') ?? new Gauge({
      name: 'quell_rules_loaded',
      help: 'Rules served by the catalog, by kind (detection, correlation).',
      labelNames: ['kind'] as const,
      registers: [registry],
    });
    this.errors = existing(registry, 'quell_rules_errors') ?? new Gauge({
      name: 'quell_rules_errors',
      help: 'Errors in the rule directory at the last reload (rejected rules, conflicts, dangling references).',
      registers: [registry],
    });
  }
}

// Two catalogs on one registry (tests, restarts of a module) share the metric instead of failing on the name.
function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}
