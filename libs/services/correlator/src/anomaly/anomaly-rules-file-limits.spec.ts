import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { AnomalyRuleError } from '@quell/anomaly';
import { AnomalyMetrics } from './anomaly.metrics';
import { anomalyOptionsFromConfig } from './anomaly.module';
import { parseAnomalyRulesText } from './anomaly-rules-file';
import { AnomalyRulesFile } from './anomaly-rules-source';

/** Hostile YAML in the anomaly rules file: an AnomalyRuleError with its line; on reload the last good rules stay. */
const GOOD = ['rate:', '  - name: hourly', '    entity: user', 'firstSeen:', '  - name: user-on-host', '    entity: host', '    value: user', ''].join('\n');
const ALIASES = `${GOOD.replace('entity: user', 'entity: &e user')}notes: [${Array(120).fill('*e').join(', ')}]\n`;
const LAUGHS = `${GOOD}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]\n`).join('')}`;
const DEEP = `${GOOD}deep: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`;

function errorOf(text: string): AnomalyRuleError {
  try {
    parseAnomalyRulesText(text, 'anomaly.yaml');
  } catch (error) {
    if (error instanceof AnomalyRuleError) return error;
    throw error;
  }
  throw new Error('expected an AnomalyRuleError');
}

describe('anomaly rules file within the YAML limits', () => {
  it.each([
    ['120 aliases', ALIASES, 'anomaly.yaml:8: (root): YAML: uses 120 aliases, at most 100 allowed'],
    ['a billion laughs', LAUGHS, 'anomaly.yaml:11: (root): YAML: aliases expand to more than 100 nodes (counting the aliases inside anchored nodes)'],
    ['10,000 levels of nesting', DEEP, 'anomaly.yaml:8: (root): YAML: nested deeper than 64 levels'],
    ['a repeated key', `${GOOD}rate: []\n`, 'anomaly.yaml:8: (root): YAML: map key "rate" is already defined on line 1'],
  ])('refuses %s with the line and the reason', (_name, text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('keeps the last good rules when the file turns into a bomb, logging and counting the error', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-limits-')), 'anomaly.yaml');
    writeFileSync(path, GOOD);
    const errors: object[] = [];
    const metrics = new AnomalyMetrics(new Registry());
    const logger = { info: () => undefined, warn: () => undefined, error: (obj: object) => errors.push(obj) };
    const file = new AnomalyRulesFile({ path, initial: parseAnomalyRulesText(GOOD, 'anomaly.yaml'), watch: false, pollIntervalMs: 0, logger, metrics });
    const good = file.current();
    for (const bomb of [ALIASES, LAUGHS, DEEP]) {
      writeFileSync(path, bomb);
      const result = await file.reload('watch');
      expect(result).toEqual({ changed: false, error: expect.stringMatching(/^anomaly\.yaml:\d+: \(root\): YAML: /) });
      expect(file.current()).toBe(good);
    }
    expect(errors).toHaveLength(3);
    expect((await metrics.rulesReloadErrors.get()).values.map((v) => [v.labels, v.value])).toEqual([[{ file: path, reason: 'invalid' }, 3]]);
    file.stop();
  });

  it('boots without anomaly rules when the file is a bomb, then the first reload reports it and a fixed file loads', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-boot-')), 'anomaly.yaml');
    writeFileSync(path, LAUGHS);
    const config = { ANOMALY_RULES_FILE: path, ANOMALY_SCHEDULER: true, ANOMALY_TICK_MS: 60_000, ANOMALY_SETTLE_MS: 0, ANOMALY_MAX_CATCHUP_WINDOWS: 0, ANOMALY_KNOWN_PAIRS: 10 };
    const options = anomalyOptionsFromConfig(config);
    expect(options.rules).toEqual({ rate: [], firstSeen: [] });
    const errors: object[] = [];
    const metrics = new AnomalyMetrics(new Registry());
    const logger = { info: () => undefined, warn: () => undefined, error: (obj: object) => errors.push(obj) };
    const file = new AnomalyRulesFile({ path, initial: options.rules, watch: false, pollIntervalMs: 0, logger, metrics });
    expect(await file.start()).toEqual({ changed: false, error: expect.stringMatching(/^anomaly\.yaml:11: \(root\): YAML: aliases expand/) });
    expect(errors).toEqual([expect.objectContaining({ file: path, error: expect.stringContaining('aliases expand') })]);
    writeFileSync(path, GOOD);
    expect(await file.reload('watch')).toEqual({ changed: true });
    expect(file.current().rate.map((r) => r.id)).toEqual(['anomaly:hourly']);
    file.stop();
    // A path that cannot be read is still a boot error.
    expect(() => anomalyOptionsFromConfig({ ...config, ANOMALY_RULES_FILE: `${path}.missing` })).toThrow(/ENOENT/);
  });
});
