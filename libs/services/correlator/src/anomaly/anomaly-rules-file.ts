import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AnomalyRuleError, parseAnomalyRules, type AnomalyRuleSet } from '@quell/anomaly';
import { readYamlDocument, yamlValue, YamlReadError } from '@quell/input-limits';

/**
 * Reads anomaly rules from a YAML (or JSON) file. Errors name the file, the line and the key:
 * `anomaly.yaml:7: rate[0].threshold.stdDevs: Too small: expected number to be >0`.
 */
export function loadAnomalyRulesFile(path: string): AnomalyRuleSet {
  return parseAnomalyRulesText(readFileSync(path, 'utf8'), basename(path));
}

/**
 * The YAML is read within the input limits (size, nesting, aliases), so a hostile file is an
 * AnomalyRuleError with its line like any other mistake (`anomaly.yaml:9: (root): YAML: uses 120
 * aliases, at most 100 allowed`), never another kind of exception.
 */
export function parseAnomalyRulesText(text: string, source: string): AnomalyRuleSet {
  let doc: ReturnType<typeof readYamlDocument>['document'];
  let lineOf: (offset: number) => number;
  let value: unknown;
  try {
    ({ document: doc, lineOf } = readYamlDocument(text, { uniqueKeys: true }));
    value = yamlValue(doc, 1);
  } catch (error) {
    if (error instanceof YamlReadError) throw new AnomalyRuleError([], `YAML: ${error.reason}`, source, error.line);
    throw error;
  }
  try {
    return parseAnomalyRules(value, source);
  } catch (error) {
    if (!(error instanceof AnomalyRuleError)) throw error;
    // The deepest node of the bad key's path that exists (an unknown or missing key points at its parent).
    for (let depth = error.path.length; depth > 0; depth -= 1) {
      const node = doc.getIn(error.path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) throw error.atLine(lineOf(node.range[0]));
    }
    throw error;
  }
}
