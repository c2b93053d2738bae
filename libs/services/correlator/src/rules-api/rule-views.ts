import type { RuleCatalogSnapshot, SigmaRule } from '@quell/rules';

/** A rule as the list shows it: what an analyst needs to find it and credit its author. */
export function ruleSummary(rule: SigmaRule, snapshot: RuleCatalogSnapshot) {
  return {
    id: rule.id,
    name: rule.name,
    title: rule.title,
    kind: rule.kind,
    level: rule.level,
    status: rule.status,
    author: rule.author,
    tags: rule.tags,
    file: rule.file,
    line: rule.line,
    /** `previous` while the file's current text is rejected and its last good rules are served. */
    servedFrom: snapshot.files.find((f) => f.file === rule.file)?.servedFrom ?? 'current',
  };
}

/** One rule in full: the summary plus what it matches or correlates. */
export function ruleDetail(rule: SigmaRule, snapshot: RuleCatalogSnapshot) {
  const base = { ...ruleSummary(rule, snapshot), description: rule.description, falsepositives: rule.falsepositives, tactics: rule.tactics, techniques: rule.techniques };
  if (rule.kind === 'detection') return { ...base, logsource: rule.logsource, detection: rule.detection, fields: rule.fields };
  return { ...base, correlation: rule.correlation };
}
