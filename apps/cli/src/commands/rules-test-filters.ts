import { resolve } from 'node:path';
import type { Event } from '@quell/contracts';
import { belongsToLogsource, loadSigmaRules, RuleCatalog, type CatalogError, type SigmaDetectionRule, type SigmaFilterRule } from '@quell/rules';
import type { RulesIo } from './rules-check';
import { ruleFilesUnder } from './rules-files';

/** The tested rules with the global filters that name them applied, as the correlator's catalog applies them. */
export interface FilteredRules {
  /** The detection rules of the rule file, each with its filters applied to its matcher. */
  rules: SigmaDetectionRule[];
  /** The filters applied (every reference resolved to a tested rule), in file order. */
  filters: SigmaFilterRule[];
  /** Filter files or documents left out: not a filter, invalid, or naming a rule the rule file does not hold. */
  errors: CatalogError[];
}

/**
 * Builds one RuleCatalog from the rule file and the filter files under `filterPaths` (files, or
 * directories searched for .yml/.yaml), so filters resolve and apply exactly as in the correlator.
 * The filter files must hold filter documents only: a rule there would be one more rule for the
 * filters to name, which the correlator would only have if it were in its rules directory too.
 */
export async function loadFilteredRules(ruleFile: string, ruleText: string, filterPaths: readonly string[], io: RulesIo): Promise<FilteredRules> {
  const errors: CatalogError[] = [];
  const texts = new Map([[ruleFile, ruleText]]);
  for (const file of await ruleFilesUnder(filterPaths)) {
    if (resolve(file) === resolve(ruleFile)) continue;
    const text = await io.read(file);
    const notFilters = loadSigmaRules(text, file).rules; // filters come back apart, in `filters`
    if (notFilters.length > 0) {
      errors.push(...notFilters.map((rule) => ({ file, line: rule.line, reason: `a ${rule.kind} rule, not a filter document (--filters takes filter files only); file left out` })));
      continue;
    }
    texts.set(file, text);
  }
  const catalog = RuleCatalog.build(texts, { preferFiles: new Set([ruleFile]) });
  const rules = catalog.detectionRules.filter((rule) => rule.file === ruleFile);
  // The rule file's own errors come from its own load, as without filters; the catalog's (e.g. a
  // correlation naming a rule elsewhere) matter here only when they cost it a detection rule.
  const lost = rules.length < loadSigmaRules(ruleText, ruleFile).rules.filter((rule) => rule.kind === 'detection').length;
  errors.push(...catalog.errors.filter((e) => lost || e.file !== ruleFile));
  const names = new Set(rules.flatMap((rule) => [rule.id, rule.name].filter((ref): ref is string => Boolean(ref))));
  const filters = catalog.filterRules.filter((filter) => filter.rules.some((ref) => names.has(ref)));
  return { rules, filters, errors };
}

/** How many of the events a rule matched on its own each filter took away. */
export class FilterTally {
  private readonly excluded = new Map<SigmaFilterRule, number>();

  constructor(private readonly filters: readonly SigmaFilterRule[]) {
    for (const filter of filters) this.excluded.set(filter, 0);
  }

  /**
   * Records an event the unfiltered rules matched and the filtered ones did not: it counts for every
   * filter that names one of those rules and matches it (so one event may count for several).
   */
  recordExcluded(event: Event, matchedBy: readonly SigmaDetectionRule[]): void {
    const refs = new Set(matchedBy.flatMap((rule) => [rule.id, rule.name]));
    for (const filter of this.filters) {
      if (!filter.rules.some((ref) => refs.has(ref))) continue;
      if (belongsToLogsource(filter.logsource, event) && filter.matches(event)) this.excluded.set(filter, (this.excluded.get(filter) ?? 0) + 1);
    }
  }

  /** One line per filter applied: `filter <id or title> (<file>:<line>) excluded K events`. */
  lines(): string[] {
    return this.counts().map(({ id, title, file, line, excluded }) => `filter ${id ?? `"${title}"`} (${file}:${line}) excluded ${excluded} event${excluded === 1 ? '' : 's'}`);
  }

  /** Each filter applied and how many events it excluded (what `--json` prints). */
  counts(): { id: string | null; title: string; file: string; line: number; excluded: number }[] {
    return this.filters.map((filter) => ({ id: filter.id ?? null, title: filter.title, file: filter.file, line: filter.line, excluded: this.excluded.get(filter) ?? 0 }));
  }
}
