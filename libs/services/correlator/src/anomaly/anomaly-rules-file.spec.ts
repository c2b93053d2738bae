import { join } from 'node:path';
import { AnomalyRuleError } from '@quell/anomaly';
import { loadAnomalyRulesFile, parseAnomalyRulesText } from './anomaly-rules-file';

function errorOf(text: string): AnomalyRuleError {
  try {
    parseAnomalyRulesText(text, 'anomaly.yaml');
  } catch (error) {
    if (error instanceof AnomalyRuleError) return error;
    throw error;
  }
  throw new Error('expected an AnomalyRuleError');
}

describe('anomaly rules file', () => {
  it('loads the example file shipped beside the module', () => {
    const rules = loadAnomalyRulesFile(join(__dirname, 'anomaly-rules.example.yaml'));
    expect(rules.rate.map((r) => r.id)).toEqual(['anomaly:failed-logins-per-user', 'anomaly:host-event-burst']);
    expect(rules.firstSeen.map((r) => r.id)).toEqual(['anomaly:user-on-host', 'anomaly:process-on-host', 'anomaly:country-for-user']);
  });

  it('names the file, the line and the key of a bad value', () => {
    const error = errorOf(['rate:', '  - name: r', '    entity: user', '    threshold:', '      stdDevs: -2', ''].join('\n'));
    expect(error.message).toMatch(/^anomaly\.yaml:5: rate\[0\]\.threshold\.stdDevs: /);
  });

  it('places an unknown key on its line', () => {
    const error = errorOf(['firstSeen:', '  - name: f', '    entity: host', '    value: user', '    lookbak: 30d', ''].join('\n'));
    expect(error.message).toBe('anomaly.yaml:5: firstSeen[0].lookbak: unknown key');
  });

  it('reports YAML syntax errors with their line', () => {
    expect(errorOf('rate:\n  - name: [unclosed\n').message).toMatch(/^anomaly\.yaml:\d+: \(root\): /);
  });
});
