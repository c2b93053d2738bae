import { isMap, type Document } from 'yaml';
import { readYamlDocuments, yamlValue, YamlReadError } from '@quell/input-limits';
import { attackOf, canonicalAttackTag } from './attack-tags';
import { compileDetection } from './detection-compiler';
import { createFieldResolver, type FieldResolver, type FieldResolverOptions } from './field-resolver';
import { UnresolvedPlaceholderError, type SearchOptions } from './field-search';
import { inputFor } from './match-input';
import { asLevel, asStatus, stringList, validateCommon, validateDetection, validateLogsource } from './rule-validator';
import { buildFilter, isFilterDocument } from './sigma-filter';
import { SigmaRuleError, type RuleLoadError, type SigmaFilterRule, type SigmaRule } from './sigma-rule';

export interface LoadOptions extends SearchOptions, FieldResolverOptions {
  /** Resolves fields for every rule loaded; built from the mapping options when absent. */
  resolver?: FieldResolver;
}

export interface LoadResult {
  rules: SigmaRule[];
  errors: RuleLoadError[];
  /** Global filter documents (kind 'filter'); the catalog applies them to the rules they name. */
  filters?: SigmaFilterRule[];
}

type Doc = Record<string, unknown>;

/** Shared by every file loaded without mapping options, so rules tested on one event share its field reads (EventInputs). */
const DEFAULT_RESOLVER = createFieldResolver();

function resolverFor(options: FieldResolverOptions): FieldResolver {
  return options.mapping === undefined && options.perSource === undefined ? DEFAULT_RESOLVER : createFieldResolver(options);
}

/**
 * Parses one rule file (one or more YAML documents) into typed, compiled rules. Nothing in a rule
 * is ever executed: YAML is read with the core schema (no custom tags) and patterns run on RE2.
 * YAML is read within the input limits (size, nesting, aliases), so a hostile file is one more
 * rejected document. Each rejected document yields an error naming the file, the line and the reason.
 */
export function loadSigmaRules(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const { documents, lineOf } = readYamlDocuments(text, { schema: 'core', uniqueKeys: true });
  const resolver = options.resolver ?? resolverFor(options);
  const result: LoadResult = { rules: [], errors: [] };
  let global: Doc = {};
  let previous: Doc | null = null;
  for (const { document: doc, line: start, problem } of documents) {
    if (problem || !doc) {
      result.errors.push({ file, line: problem?.line ?? start, reason: `YAML: ${problem?.reason ?? 'unreadable document'}` });
      continue;
    }
    if (doc.contents === null) continue;
    try {
      if (!isMap(doc.contents)) throw new SigmaRuleError('a rule must be a YAML map');
      const own = yamlValue(doc, start) as Doc;
      // Rule collections (deprecated but still found): `action: global` parts apply to every later rule.
      const action = own.action;
      if (action === 'global') {
        global = withoutAction(own);
        continue;
      }
      if (action === 'reset') {
        global = {};
        continue;
      }
      const base = action === 'repeat' ? (previous ?? {}) : global;
      const merged = deepMerge(base, withoutAction(own));
      previous = merged;
      if (isFilterDocument(merged)) {
        (result.filters ??= []).push(buildFilter(merged, file, start, resolver, options));
        continue;
      }
      result.rules.push(buildRule(merged, file, start, resolver, options));
    } catch (error) {
      if (error instanceof YamlReadError) {
        result.errors.push({ file, line: error.line, reason: `YAML: ${error.reason}` });
        continue;
      }
      if (!(error instanceof SigmaRuleError)) throw error;
      result.errors.push({ file, line: lineAt(doc, error.path, lineOf) ?? start, reason: error.message });
    }
  }
  return result;
}

function buildRule(doc: Doc, file: string, line: number, resolver: FieldResolver, options: SearchOptions): SigmaRule {
  validateCommon(doc);
  const tags = stringList(doc, 'tags').map(canonicalAttackTag);
  const common = {
    id: typeof doc.id === 'string' ? doc.id : null,
    title: doc.title as string,
    name: typeof doc.name === 'string' ? doc.name : null,
    status: asStatus(doc.status),
    level: asLevel(doc.level),
    author: typeof doc.author === 'string' ? doc.author : null,
    description: typeof doc.description === 'string' ? doc.description : null,
    tags,
    ...attackOf(tags),
    falsepositives: stringList(doc, 'falsepositives'),
    file,
    line,
  };
  if ('correlation' in doc) {
    const correlation = doc.correlation;
    if (correlation === null || typeof correlation !== 'object' || Array.isArray(correlation)) throw new SigmaRuleError('correlation must be a map', ['correlation']);
    return { ...common, kind: 'correlation', correlation: correlation as Doc };
  }
  const logsource = validateLogsource(doc);
  const detection = validateDetection(doc);
  const predicate = compileNamingRule(doc.title as string, () => compileDetection(detection, options));
  return {
    ...common,
    kind: 'detection',
    logsource,
    detection,
    fields: stringList(doc, 'fields'),
    matches: (event, inputs) => predicate(inputFor(event, resolver, inputs)),
  };
}

/** A placeholder error names its rule: a file may hold several, and `rules check` shows the reason alone. */
function compileNamingRule<T>(title: string, compile: () => T): T {
  try {
    return compile();
  } catch (error) {
    if (error instanceof UnresolvedPlaceholderError) throw new SigmaRuleError(`rule "${title}": ${error.message}`, error.path);
    throw error;
  }
}

/** The line of the deepest node on `path` that exists in the document. */
function lineAt(doc: Document, path: readonly (string | number)[], lineOf: (offset: number) => number): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineOf(node.range[0]);
  }
  return undefined;
}

function withoutAction(doc: Doc): Doc {
  const rest = { ...doc };
  delete rest.action;
  return rest;
}

function deepMerge(base: Doc, over: Doc): Doc {
  const out: Doc = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    const bothMaps = [prior, value].every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    out[key] = bothMaps ? deepMerge(prior as Doc, value as Doc) : value;
  }
  return out;
}
