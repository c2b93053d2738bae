import { CorrelationRuleError, CorrelationSet, parseCorrelationRule, type CorrelationDefinition } from '@quell/correlation';
import { loadSigmaRules, type LoadOptions, type LoadResult } from '../sigma/rule-loader';
import type { RuleLoadCache } from './rule-load-cache';
import type { SigmaCorrelationRule, SigmaDetectionRule, SigmaFilterRule, SigmaRule } from '../sigma/sigma-rule';
import { resolvedFilters, withFiltersApplied } from './catalog-filters';
import type { CatalogError } from './catalog-types';
import { lineOfPath } from './yaml-lines';

/** What one set of file texts loads to, before any fallback to last good texts. */
export interface Evaluation {
  /** With the global filters applied (see withFiltersApplied). */
  detectionRules: SigmaDetectionRule[];
  /** The global filters whose every reference resolved, hence applied. */
  filterRules: SigmaFilterRule[];
  correlationRules: SigmaCorrelationRule[];
  definitions: Map<SigmaCorrelationRule, CorrelationDefinition>;
  correlations: CorrelationSet;
  errors: CatalogError[];
}

/**
 * Loads every file (sorted by name, so conflicts always resolve the same way), then checks what
 * no single file can: ids and names unique across files, correlation references resolvable, no
 * correlation cycles. A rule that fails a check is left out with an error on its own file.
 */
export function evaluate(texts: ReadonlyMap<string, string>, load: LoadOptions, preferred: ReadonlySet<string> = new Set(), cache?: RuleLoadCache): Evaluation {
  const errors: CatalogError[] = [];
  const loaded: (SigmaRule | SigmaFilterRule)[] = [];
  for (const [file, text] of texts) {
    const result = loadGuarded(text, file, load, cache);
    errors.push(...result.errors);
    loaded.push(...result.rules, ...(result.filters ?? []));
  }
  const all = withoutDuplicates(loaded, preferred, errors);
  const unique = all.filter((r): r is SigmaRule => r.kind !== 'filter');
  const filters = resolvedFilters(
    all.filter((r): r is SigmaFilterRule => r.kind === 'filter'),
    unique,
    texts,
    errors,
  );
  const detectionRules = withFiltersApplied(
    unique.filter((r): r is SigmaDetectionRule => r.kind === 'detection'),
    filters,
  );
  const definitions = new Map<SigmaCorrelationRule, CorrelationDefinition>();
  for (const rule of unique) {
    if (rule.kind !== 'correlation') continue;
    const definition = parseCorrelation(rule, texts.get(rule.file) ?? '', errors);
    if (definition) definitions.set(rule, definition);
  }
  const correlations = correlationSetOf(detectionRules, definitions, texts, errors);
  return { detectionRules, filterRules: [...filters.keys()], correlationRules: [...definitions.keys()], definitions, correlations, errors };
}

/**
 * One file's load, where a failure nobody foresaw (a bug, not a rule error) rejects that file
 * only: a reload must never fail as a whole because of one text.
 */
function loadGuarded(text: string, file: string, load: LoadOptions, cache?: RuleLoadCache): LoadResult {
  try {
    return cache ? cache.load(text, file, load) : loadSigmaRules(text, file, load);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { rules: [], errors: [{ file, line: 1, reason: `the file could not be loaded: ${message.split('\n')[0]}` }] };
  }
}

/**
 * Keeps one rule per id and per name: a preferred file's (one already served) over a newcomer's,
 * else the first in file order. Every other one is an error naming both places.
 */
function withoutDuplicates<T extends Pick<SigmaRule, 'id' | 'file' | 'line'> & { name?: string | null }>(rules: readonly T[], preferred: ReadonlySet<string>, errors: CatalogError[]): T[] {
  const owners = new Map<string, T>();
  const kept = new Set<T>();
  const ordered = [...rules.filter((r) => preferred.has(r.file)), ...rules.filter((r) => !preferred.has(r.file))];
  for (const rule of ordered) {
    const keys = [rule.id && `id ${rule.id}`, rule.name && `name ${rule.name}`].filter((k): k is string => !!k);
    const clash = keys.map((key) => [key, owners.get(key)] as const).find(([, owner]) => owner);
    if (clash) {
      const [key, owner] = clash as readonly [string, T];
      const where = owner.file === rule.file ? `line ${owner.line} of this file` : `${owner.file}:${owner.line}`;
      errors.push({ file: rule.file, line: rule.line, reason: `rule ${key} is already defined in ${where}` });
      continue;
    }
    for (const key of keys) owners.set(key, rule);
    kept.add(rule);
  }
  return rules.filter((rule) => kept.has(rule));
}

function parseCorrelation(rule: SigmaCorrelationRule, text: string, errors: CatalogError[]): CorrelationDefinition | undefined {
  const doc = { id: rule.id ?? undefined, name: rule.name ?? undefined, title: rule.title, level: rule.level ?? undefined, correlation: rule.correlation };
  try {
    return parseCorrelationRule(doc, { fallbackId: `${rule.file}:${rule.line}` });
  } catch (error) {
    if (!(error instanceof CorrelationRuleError)) throw error;
    for (const issue of error.issues) {
      const line = lineOfPath(text, rule.line, issue.path.split('.'));
      errors.push({ file: rule.file, line, reason: `${issue.path}: ${issue.message}` });
    }
    return undefined;
  }
}

/**
 * Drops correlations that reference a rule the catalog does not hold, repeatedly, since dropping
 * one leaves dangling the correlations that chain on it.
 */
function dropUnresolved(
  detections: readonly SigmaDetectionRule[],
  definitions: Map<SigmaCorrelationRule, CorrelationDefinition>,
  texts: ReadonlyMap<string, string>,
  errors: CatalogError[],
): void {
  const detectionRefs = new Set(detections.flatMap((r) => [r.id, r.name].filter((v): v is string => !!v)));
  let changed = true;
  while (changed) {
    changed = false;
    const known = new Set(detectionRefs);
    for (const def of definitions.values()) for (const ref of [def.id, def.name]) if (ref) known.add(ref);
    for (const [rule, def] of definitions) {
      const missing = def.rules.filter((ref) => !known.has(ref));
      if (missing.length === 0) continue;
      const line = lineOfPath(texts.get(rule.file) ?? '', rule.line, ['correlation', 'rules']);
      errors.push({ file: rule.file, line, reason: `correlation ${def.id} references ${missing.map((m) => `"${m}"`).join(', ')}, which no loaded rule has as id or name` });
      definitions.delete(rule);
      changed = true;
    }
  }
}

/**
 * Builds the set; a correlation the set refuses (e.g. part of a cycle) is dropped with the set's
 * reason, and references are checked again since that may leave others dangling.
 */
function correlationSetOf(
  detections: readonly SigmaDetectionRule[],
  definitions: Map<SigmaCorrelationRule, CorrelationDefinition>,
  texts: ReadonlyMap<string, string>,
  errors: CatalogError[],
): CorrelationSet {
  for (;;) {
    dropUnresolved(detections, definitions, texts, errors);
    try {
      return new CorrelationSet([...definitions.values()]);
    } catch (error) {
      if (!(error instanceof CorrelationRuleError)) throw error;
      const before = definitions.size;
      for (const issue of error.issues) {
        const entry = [...definitions].find(([, def]) => issue.path.startsWith(`${def.id}.`));
        if (!entry) continue;
        errors.push({ file: entry[0].file, line: entry[0].line, reason: `correlation ${entry[1].id}: ${issue.message}` });
        definitions.delete(entry[0]);
      }
      // Every issue names a definition by id; should one not, give up on all rather than loop.
      if (definitions.size === before) definitions.clear();
    }
  }
}

