import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { AnomalyRuleSet } from '@quell/anomaly';
import { AnomalyMetrics } from './anomaly.metrics';
import { parseAnomalyRulesText } from './anomaly-rules-file';
import { AnomalyRulesFile } from './anomaly-rules-source';

const HOURLY = ['  - name: hourly', '    entity: user'];
const BURST = ['  - name: burst', '    entity: host', '    interval: 15m'];
const FIRST_SEEN = ['firstSeen:', '  - name: user-on-host', '    entity: host', '    value: user'];
const rulesText = (...rate: string[][]) => ['rate:', ...rate.flat(), ...FIRST_SEEN, ''].join('\n');

function setup(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-reload-')), 'anomaly.yaml');
  writeFileSync(path, text);
  const errors: object[] = [];
  const infos: Array<[object, string]> = [];
  const registry = new Registry();
  const metrics = new AnomalyMetrics(registry);
  const logger = { info: (obj: object, msg: string) => void infos.push([obj, msg]), warn: () => undefined, error: (obj: object) => errors.push(obj) };
  // Reloads are driven by hand here (no watch, no periodic check); the last test watches for real.
  const file = new AnomalyRulesFile({ path, initial: parseAnomalyRulesText(text, 'anomaly.yaml'), watch: false, pollIntervalMs: 0, logger, metrics });
  const changes: AnomalyRuleSet[] = [];
  file.onChange((next) => changes.push(next));
  const reloadErrors = async () => (await metrics.rulesReloadErrors.get()).values.map((v) => ({ ...v.labels, count: v.value }));
  return { path, file, changes, errors, infos, metrics, reloadErrors };
}

const rateIds = (rules: AnomalyRuleSet) => rules.rate.map((r) => r.id);

describe('AnomalyRulesFile', () => {
  it('starts on the boot rules without announcing a change', async () => {
    const { file, changes } = setup(rulesText(HOURLY));
    const boot = file.current();
    expect(await file.start()).toEqual({ changed: false });
    file.stop();
    expect(file.current()).toBe(boot);
    expect(changes).toEqual([]);
  });

  it('swaps in a changed file: added and removed rate rules, unchanged lists keep their identity', async () => {
    const { path, file, changes } = setup(rulesText(HOURLY));
    const firstSeen = file.current().firstSeen;
    writeFileSync(path, rulesText(BURST));
    expect(await file.reload()).toEqual({ changed: true });
    expect(rateIds(file.current())).toEqual(['anomaly:burst']);
    expect(file.current().firstSeen).toBe(firstSeen);
    expect(changes).toHaveLength(1);

    writeFileSync(path, `# a comment only\n${rulesText(BURST)}`);
    expect(await file.reload()).toEqual({ changed: false });
    expect(changes).toHaveLength(1);
  });

  it('keeps the last good rules when the file breaks, and logs and counts the error once with the file and reason', async () => {
    const { path, file, changes, errors, reloadErrors } = setup(rulesText(HOURLY));
    const good = file.current();
    writeFileSync(path, ['rate:', '  - name: hourly', '    entity: user', '    threshold:', '      stdDevs: -2', ''].join('\n'));
    const result = await file.reload('watch');
    expect(result.changed).toBe(false);
    expect(result.error).toMatch(/^anomaly\.yaml:5: rate\[0\]\.threshold\.stdDevs: /);
    expect(file.current()).toBe(good);
    expect(changes).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ file: path, error: result.error })]);
    expect(await reloadErrors()).toEqual([{ file: path, reason: 'invalid', count: 1 }]);

    // The same broken text seen again (another fs event, a periodic check) is not a new error.
    await file.reload('watch');
    await file.reload('poll');
    expect(await reloadErrors()).toEqual([{ file: path, reason: 'invalid', count: 1 }]);

    writeFileSync(path, rulesText(HOURLY, BURST));
    expect(await file.reload()).toEqual({ changed: true });
    expect(rateIds(file.current())).toEqual(['anomaly:hourly', 'anomaly:burst']);
  });

  it('logs that a file restored to the rules in force is good again, counts reloads and rules, and reports its status', async () => {
    const { path, file, infos, metrics } = setup(rulesText(HOURLY));
    const count = async (result: string) => (await metrics.rulesReloads.get()).values.find((v) => v.labels.result === result)?.value;
    expect((await metrics.rules.get()).values.map((v) => [v.labels.kind, v.value])).toEqual([['rate', 1], ['first_seen', 1]]);
    writeFileSync(path, 'rate: [');
    await file.reload('watch');
    expect(file.status()).toEqual({ file: path, rate: 1, firstSeen: 1, error: expect.stringContaining('anomaly.yaml'), servingPrevious: true });
    expect(await count('failed')).toBe(1);

    writeFileSync(path, rulesText(HOURLY));
    expect(await file.reload('watch')).toEqual({ changed: false });
    expect(infos.at(-1)).toEqual([{ file: path, reason: 'watch', rate: 1, firstSeen: 1 }, 'anomaly rules file loaded again; its rules are the ones in force']);
    expect(file.status()).toEqual({ file: path, rate: 1, firstSeen: 1, servingPrevious: false });
    expect(await count('ok')).toBe(1);

    writeFileSync(path, rulesText(HOURLY, BURST));
    await file.reload('watch');
    expect((await metrics.rules.get()).values.map((v) => [v.labels.kind, v.value])).toEqual([['rate', 2], ['first_seen', 1]]);
  });

  it('keeps the last good rules while the file is missing, and reports that once', async () => {
    const { path, file, reloadErrors } = setup(rulesText(HOURLY));
    const good = file.current();
    rmSync(path);
    expect((await file.reload('poll')).error).toMatch(/anomaly\.yaml: ENOENT/);
    await file.reload('poll');
    expect(file.current()).toBe(good);
    expect(await reloadErrors()).toEqual([{ file: path, reason: 'unreadable', count: 1 }]);
    writeFileSync(path, rulesText(BURST));
    expect(await file.reload('poll')).toEqual({ changed: true });
  });

  it('reloads by itself when the file is replaced the way editors and ConfigMaps do (rename over it)', async () => {
    const { path, file, changes } = setup(rulesText(HOURLY));
    const watched = new AnomalyRulesFile({ path, initial: file.current(), debounceMs: 20, pollIntervalMs: 100 });
    await watched.start();
    try {
      const changed = new Promise<AnomalyRuleSet>((resolve) => watched.onChange(resolve));
      writeFileSync(`${path}.tmp`, rulesText(BURST));
      renameSync(`${path}.tmp`, path);
      expect(rateIds(await changed)).toEqual(['anomaly:burst']);
    } finally {
      watched.stop();
    }
    expect(changes).toEqual([]);
  });
});
