import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { AnomalyRuleError, parseAnomalyRules, type AnomalyRuleSet } from '@quell/anomaly';

/**
 * Reads anomaly rules from a YAML (or JSON) file. Errors name the file, the line and the key:
 * `anomaly.yaml:7: rate[0].threshold.stdDevs: Too small: expected number to be >0`.
 */
export function loadAnomalyRulesFile(path: string): AnomalyRuleSet {
  return parseAnomalyRulesText(readFileSync(path, 'utf8'), basename(path));
}

export function parseAnomalyRulesText(text: string, source: string): AnomalyRuleSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const [syntax] = doc.errors;
  if (syntax) throw new AnomalyRuleError([], syntax.message.split('\n')[0], source, syntax.linePos?.[0].line);
  try {
    return parseAnomalyRules(doc.toJS(), source);
  } catch (error) {
    if (!(error instanceof AnomalyRuleError)) throw error;
    // The deepest node of the bad key's path that exists (an unknown or missing key points at its parent).
    for (let depth = error.path.length; depth > 0; depth -= 1) {
      const node = doc.getIn(error.path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) throw error.atLine(lineCounter.linePos(node.range[0]).line);
    }
    throw error;
  }
}

