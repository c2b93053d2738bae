import { compileDetection } from './detection-compiler';
import type { FieldResolver } from './field-resolver';
import type { SearchOptions } from './field-search';
import { inputFor } from './match-input';
import { validateCommon, validateLogsource } from './rule-validator';
import { SigmaRuleError, type SigmaFilterRule } from './sigma-rule';

type Doc = Record<string, unknown>;

/** Whether a YAML document is a Sigma global filter rather than a detection or correlation rule. */
export const isFilterDocument = (doc: Doc): boolean => 'filter' in doc && !('detection' in doc) && !('correlation' in doc);

/**
 * Validates a global filter document against the Sigma filters specification (title, logsource,
 * `filter` with `rules`, `selection` and `condition`) and compiles its condition like a detection.
 */
export function buildFilter(doc: Doc, file: string, line: number, resolver: FieldResolver, options: SearchOptions): SigmaFilterRule {
  validateCommon(doc);
  const logsource = validateLogsource(doc);
  const section = doc.filter;
  if (section === null || typeof section !== 'object' || Array.isArray(section)) throw new SigmaRuleError('filter is required (a map)', ['filter']);
  const { rules, ...detection } = section as Doc;
  const references = ruleReferences(rules);
  const selection = detection.selection;
  if (selection === undefined || selection === null) throw new SigmaRuleError('filter.selection is required', ['filter']);
  if (typeof selection !== 'object') throw new SigmaRuleError('filter.selection must be a map or a list', ['filter', 'selection']);
  if (typeof detection.condition !== 'string' || detection.condition.trim() === '') {
    throw new SigmaRuleError('filter.condition is required (a string)', detection.condition === undefined ? ['filter'] : ['filter', 'condition']);
  }
  const predicate = compileFilterCondition(detection, options);
  return {
    kind: 'filter',
    id: typeof doc.id === 'string' ? doc.id : null,
    title: doc.title as string,
    description: typeof doc.description === 'string' ? doc.description : null,
    logsource,
    rules: references,
    detection,
    matches: (event, inputs) => predicate(inputFor(event, resolver, inputs)),
    file,
    line,
  };
}

function ruleReferences(rules: unknown): string[] {
  if (rules === undefined || rules === null) throw new SigmaRuleError('filter.rules is required (a list of rule ids or names)', ['filter']);
  // A single reference written as a scalar is read as a list of one, as correlations allow.
  const list = Array.isArray(rules) ? rules : [rules];
  if (list.length === 0) throw new SigmaRuleError('filter.rules must name at least one rule', ['filter', 'rules']);
  const seen = new Set<string>();
  list.forEach((ref, i) => {
    if (typeof ref !== 'string' || ref.trim() === '') throw new SigmaRuleError('filter.rules must hold rule ids or names (strings)', ['filter', 'rules', i]);
    if (seen.has(ref)) throw new SigmaRuleError(`filter.rules names "${ref}" twice`, ['filter', 'rules', i]);
    seen.add(ref);
  });
  return list as string[];
}

/** Compiles the filter's searches; the compiler's error paths point into `detection`, here `filter`. */
function compileFilterCondition(detection: Doc, options: SearchOptions) {
  try {
    return compileDetection(detection, options);
  } catch (error) {
    if (!(error instanceof SigmaRuleError)) throw error;
    const path = error.path[0] === 'detection' ? ['filter', ...error.path.slice(1)] : error.path;
    throw new SigmaRuleError(error.message.replace(/^detection\./, 'filter.'), path);
  }
}
