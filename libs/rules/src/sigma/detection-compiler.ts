import { parseCondition, type ConditionNode } from './condition-parser';
import { compileFieldSearch, type SearchOptions } from './field-search';
import type { Predicate } from './match-input';
import { SigmaRuleError, type SigmaDetection } from './sigma-rule';

type Path = readonly (string | number)[];

/**
 * Compiles a rule's `detection` section into one predicate: each search identifier becomes a
 * predicate, then the condition combines them. Everything a rule can get wrong is found here, at
 * load time, never while matching.
 */
export function compileDetection(detection: SigmaDetection, options: SearchOptions = {}): Predicate {
  const searches = new Map<string, Predicate>();
  for (const [name, body] of Object.entries(detection)) {
    if (name === 'condition' || name === 'timeframe') continue;
    searches.set(name, compileSearch(body, ['detection', name], options));
  }
  const condition = detection.condition;
  const texts = Array.isArray(condition) ? condition : [condition];
  if (texts.length === 0 || texts.some((t) => typeof t !== 'string' || t.trim() === '')) {
    throw new SigmaRuleError('detection.condition must be a non-empty string', ['detection', 'condition']);
  }
  // A list of conditions (deprecated form) means any of them.
  const compiled = (texts as string[]).map((text) => compileCondition(parseCondition(text), searches));
  return compiled.length === 1 ? compiled[0] : (input) => compiled.some((p) => p(input));
}

function compileSearch(body: unknown, path: Path, options: SearchOptions): Predicate {
  if (Array.isArray(body)) {
    if (body.length === 0) throw new SigmaRuleError('empty search', path);
    const scalars = body.filter((item) => item === null || typeof item !== 'object');
    const maps = body.flatMap((item, i) => (item !== null && typeof item === 'object' ? [compileSearch(item, [...path, i], options)] : []));
    // A list of plain values is a keyword search: any of them anywhere in the event's text.
    const parts = scalars.length > 0 ? [compileFieldSearch('', scalars, path, options), ...maps] : maps;
    return parts.length === 1 ? parts[0] : (input) => parts.some((p) => p(input));
  }
  if (body !== null && typeof body === 'object') {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.length === 0) throw new SigmaRuleError('empty search', path);
    const parts = entries.map(([key, value]) => compileFieldSearch(key, value, [...path, key], options));
    return parts.length === 1 ? parts[0] : allOf(parts);
  }
  if (typeof body === 'string' || typeof body === 'number') return compileFieldSearch('', body, path, options);
  throw new SigmaRuleError('a search must be a map, a list or a keyword', path);
}

function compileCondition(node: ConditionNode, searches: ReadonlyMap<string, Predicate>): Predicate {
  switch (node.type) {
    case 'and': {
      const [l, r] = [compileCondition(node.left, searches), compileCondition(node.right, searches)];
      return (input) => l(input) && r(input);
    }
    case 'or': {
      const [l, r] = [compileCondition(node.left, searches), compileCondition(node.right, searches)];
      return (input) => l(input) || r(input);
    }
    case 'not': {
      const operand = compileCondition(node.operand, searches);
      return (input) => !operand(input);
    }
    case 'ref': {
      const search = searches.get(node.name);
      if (!search) throw new SigmaRuleError(`condition names "${node.name}", which the detection does not define`, ['detection', 'condition']);
      return search;
    }
    case 'of': {
      const selected = selectSearches(node.target, searches);
      const need = node.quantifier === 'all' ? selected.length : node.quantifier;
      if (node.quantifier === 'all') return allOf(selected);
      return (input) => {
        let hits = 0;
        for (const p of selected) if (p(input) && ++hits >= need) return true;
        return false;
      };
    }
  }
}

/** A conjunction as a plain loop: it runs for every candidate rule of every event. */
function allOf(parts: readonly Predicate[]): Predicate {
  return (input) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i](input)) return false;
    return true;
  };
}

/** `them` is every search except those whose name starts with `_`; a pattern may use `*`. */
function selectSearches(target: string, searches: ReadonlyMap<string, Predicate>): Predicate[] {
  const names = [...searches.keys()].filter((name) => (target === 'them' ? !name.startsWith('_') : globMatches(target, name)));
  if (names.length === 0) throw new SigmaRuleError(`condition pattern "${target}" matches no search identifier`, ['detection', 'condition']);
  return names.map((name) => searches.get(name) as Predicate);
}

function globMatches(pattern: string, name: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === name;
  if (!name.startsWith(pieces[0]) || !name.endsWith(pieces[pieces.length - 1])) return false;
  let at = pieces[0].length;
  for (const piece of pieces.slice(1, -1)) {
    const found = name.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return at <= name.length - pieces[pieces.length - 1].length;
}
