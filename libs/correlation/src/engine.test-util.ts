import { parseAllDocuments } from 'yaml';
import { CorrelationEngine, CorrelationEngineOptions } from './correlation-engine';
import { parseCorrelationRule } from './correlation-parser';
import { CorrelationResult } from './correlation-result';
import { CorrelationSet } from './correlation-set';
import { FieldValue, RuleMatch } from './rule-match';

/** A settable wall clock for tests. */
export class FakeClock {
  now = 1_700_000_000_000;
  readonly read = (): number => this.now;
}

/** Parses the correlation documents of a (multi-document) YAML text into a set. */
export function correlationsFrom(yamlText: string): CorrelationSet {
  const docs = parseAllDocuments(yamlText)
    .map((doc) => doc.toJS() as Record<string, unknown>)
    .filter((doc) => doc && 'correlation' in doc);
  return new CorrelationSet(docs.map((doc, i) => parseCorrelationRule(doc, { fallbackId: `correlation-${i}` })));
}

export function engineFor(yamlText: string, options: Partial<CorrelationEngineOptions> = {}): CorrelationEngine {
  return new CorrelationEngine(correlationsFrom(yamlText), { clock: new FakeClock().read, ...options });
}

let sequence = 0;

/** A match of `rule` at `seconds` (event time) carrying `fields`. */
export function hit(rule: string, seconds: number, fields: Record<string, FieldValue>, extra: Partial<RuleMatch> = {}): RuleMatch {
  sequence++;
  return { ruleId: rule, time: seconds * 1000, matchId: `${rule}@${seconds}#${sequence}`, fields, ...extra };
}

/** Feeds matches in order and returns every result, tagged with the index of the match that caused it. */
export function feed(engine: CorrelationEngine, matches: readonly RuleMatch[]): Array<CorrelationResult & { at: number }> {
  return matches.flatMap((m, at) => engine.process(m).map((result) => ({ ...result, at })));
}

export function kinds(results: readonly CorrelationResult[]): string[] {
  return results.map((r) => `${r.kind}:${r.correlationId}`);
}
