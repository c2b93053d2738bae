// The rules a run loads: an even sample of the SigmaHQ corpus (as rule-matching-throughput.ts
// takes it), a tenth of the slots going to rules that have a regression log (so that real logs of
// loaded rules are what raises the alerts), and ten correlations over those rules.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSigmaRules, type SigmaDetectionRule } from '@quell/rules';
import { SIGMA_DIR } from './bench-paths';

const RULE_SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? ruleFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

function hasRegressionLog(file: string): boolean {
  return existsSync(join(SIGMA_DIR, 'regression', relative(SIGMA_DIR, file).replace(/\.ya?ml$/, '')));
}

function detectionRule(file: string): SigmaDetectionRule | undefined {
  try {
    return loadSigmaRules(readFileSync(file, 'utf8'), relative(SIGMA_DIR, file)).rules.find((r): r is SigmaDetectionRule => r.kind === 'detection');
  } catch {
    return undefined;
  }
}

/** `count` files spread evenly over `files`, each one that loads as a detection rule (else the next that does). */
function evenSample(files: readonly string[], count: number): { file: string; rule: SigmaDetectionRule }[] {
  const picked: { file: string; rule: SigmaDetectionRule }[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < count && i < files.length; i++) {
    for (let at = Math.floor((i * files.length) / count); at < files.length; at++) {
      if (taken.has(at)) continue;
      taken.add(at);
      const rule = detectionRule(files[at]);
      if (rule) {
        picked.push({ file: files[at], rule });
        break;
      }
    }
  }
  return picked;
}

export interface RuleSet {
  dir: string;
  sigma: number;
  correlations: number;
}

/** Writes `count` SigmaHQ rules and 10 correlations into `dir` (created). */
export function writeRuleSet(dir: string, count: number): RuleSet {
  const files = RULE_SETS.flatMap((set) => ruleFiles(join(SIGMA_DIR, set)));
  const withLogs = files.filter(hasRegressionLog);
  const others = files.filter((file) => !hasRegressionLog(file));
  const alerting = evenSample(withLogs, Math.max(1, Math.round(count / 10)));
  const sample = [...alerting, ...evenSample(others, count - alerting.length)];
  mkdirSync(dir, { recursive: true });
  sample.forEach(({ file }, i) => writeFileSync(join(dir, `sigma-${String(i).padStart(4, '0')}.yml`), readFileSync(file)));
  const ids = alerting.flatMap(({ rule }) => (rule.id ? [rule.id] : []));
  const correlations = correlationRules(ids);
  correlations.forEach((text, i) => writeFileSync(join(dir, `correlation-${i}.yml`), text));
  return { dir, sigma: sample.length, correlations: correlations.length };
}

/**
 * Ten correlations of each kind over the alert-raising rules, grouped by host or user. Each
 * alert-raising event has a host of its own, so their conditions do not hold: they cost window
 * state per match and add no alerts; `generate: true` keeps the rules' own alerts.
 */
function correlationRules(ids: string[]): string[] {
  const at = (i: number) => ids[i % ids.length];
  const rule = (i: number, body: string) =>
    `title: Bench correlation ${i}\nid: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}\ncorrelation:\n${body}  generate: true\nlevel: high\n`;
  const kinds = [
    (i: number) => `  type: event_count\n  rules: [${at(i)}]\n  group-by: [host.name]\n  timespan: 5m\n  condition: { gte: 20 }\n`,
    (i: number) => `  type: value_count\n  rules: [${at(i)}]\n  group-by: [host.name]\n  timespan: 10m\n  condition: { field: user.name, gte: 5 }\n`,
    (i: number) =>
      ids.length > 1
        ? `  type: temporal\n  rules: [${at(i)}, ${at(i + 1)}]\n  group-by: [host.name]\n  timespan: 2m\n`
        : `  type: event_count\n  rules: [${at(i)}]\n  group-by: [user.name]\n  timespan: 1m\n  condition: { gte: 1000 }\n`,
  ];
  return Array.from({ length: 10 }, (_, i) => rule(i + 1, kinds[i % kinds.length](i)));
}
