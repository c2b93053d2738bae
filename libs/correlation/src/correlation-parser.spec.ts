import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CorrelationRuleError, parseCorrelationRule } from './index';

const SPEC_DIR = '/work/shared/corpora/sigma-specification';

function parseYaml(text: string): unknown {
  return parseAllDocuments(text)[0].toJS();
}

function issuesOf(doc: unknown): string[] {
  try {
    parseCorrelationRule(doc, { fallbackId: 'test' });
  } catch (error) {
    if (error instanceof CorrelationRuleError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const base = { title: 't', id: 'c1', correlation: { type: 'event_count', rules: ['r1'], 'group-by': ['User'], timespan: '5m', condition: { gte: 3 } } };
function withSection(section: Record<string, unknown>): unknown {
  return { ...base, correlation: { ...base.correlation, ...section } };
}

describe('parseCorrelationRule', () => {
  it.each(readdirSync(join(SPEC_DIR, 'tests/schema/correlation')))('accepts the specification example %s', (file) => {
    const doc = parseYaml(readFileSync(join(SPEC_DIR, 'tests/schema/correlation', file), 'utf8'));
    expect(() => parseCorrelationRule(doc, { fallbackId: file })).not.toThrow();
  });

  it('reads the failed-logins example of the specification (multi-document, chained by name)', () => {
    const docs = parseAllDocuments(`
title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
`).map((d) => d.toJS());
    const outer = parseCorrelationRule(docs[0]);
    const inner = parseCorrelationRule(docs[1]);
    expect(outer).toMatchObject({ type: 'temporal_ordered', timespanMs: 600_000, comparisons: { gte: 2 }, level: 'high', generate: false });
    expect(inner).toMatchObject({ id: 'a8418a5a-5fc4-46b5-b23b-6c73beb19d41', name: 'multiple_failed_login', comparisons: { gte: 10 } });
  });

  it('reads value fields, ranges, aliases and generate', () => {
    const def = parseCorrelationRule(
      withSection({
        type: 'value_count',
        rules: ['a', 'b'],
        'group-by': ['ip'],
        condition: { field: ['User', 'Domain'], gt: 100, lte: 200 },
        aliases: { ip: { a: 'source.ip', b: 'destination.ip' } },
        generate: true,
      }),
    );
    expect(def).toMatchObject({ valueFields: ['User', 'Domain'], comparisons: { gt: 100, lte: 200 }, aliases: { ip: { a: 'source.ip' } }, generate: true });
  });

  it.each([
    ['10s', 10_000],
    ['90m', 5_400_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
  ])('parses timespan %s', (timespan, ms) => {
    expect(parseCorrelationRule(withSection({ timespan })).timespanMs).toBe(ms);
  });

  it.each([
    ['unknown type', { type: 'event_sum' }, 'correlation.type: must be one of'],
    ['bad timespan unit', { timespan: '5M' }, 'correlation.timespan'],
    ['zero timespan', { timespan: '0s' }, 'correlation.timespan'],
    ['no rules', { rules: [] }, 'correlation.rules'],
    ['duplicate rules', { rules: ['a', 'a'] }, 'correlation.rules'],
    ['one rule for temporal', { type: 'temporal', rules: ['a'], condition: undefined }, 'temporal needs at least two rules'],
    ['group-by not a list', { 'group-by': 'User' }, 'correlation.group-by'],
    ['missing condition', { condition: undefined }, 'event_count needs a condition'],
    ['empty condition', { condition: {} }, 'needs at least one of'],
    ['non-numeric bound', { condition: { gte: 'ten' } }, 'correlation.condition.gte: must be a number'],
    ['unknown operator', { condition: { ge: 3 } }, 'correlation.condition.ge: unknown key'],
    ['empty range', { condition: { gt: 200, lte: 100 } }, 'can never hold'],
    ['eq outside range', { condition: { eq: 5, gt: 5 } }, 'can never hold'],
    ['value type without field', { type: 'value_sum', condition: { gt: 1 } }, 'value_sum needs the field'],
    ['field on event_count', { condition: { field: 'x', gt: 1 } }, 'only value_count'],
    ['list field on value_sum', { type: 'value_sum', condition: { field: ['a', 'b'], gt: 1 } }, 'must be a field name'],
    ['percentile above 100', { type: 'value_percentile', condition: { field: 'Image', lte: 101 } }, 'between 0 and 100'],
    ['alias naming an unlisted rule', { aliases: { ip: { zz: 'source.ip' } } }, 'names a rule that correlation.rules does not list'],
    ['typo in a key', { groupby: ['User'] }, 'correlation.groupby: unknown key'],
    ['generate not boolean', { generate: 'yes' }, 'generate: must be true or false'],
  ])('rejects %s', (_label, section, expected) => {
    expect(issuesOf(withSection(section)).join('\n')).toContain(expected);
  });

  it('rejects a bad level and a missing title, reporting both', () => {
    const issues = issuesOf({ ...base, title: undefined, level: 'severe' });
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(/^title:/), expect.stringMatching(/^level:/)]));
  });

  it('names the rule in the message and is not retriable', () => {
    try {
      parseCorrelationRule(withSection({ timespan: 'soon' }));
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(CorrelationRuleError);
      expect((error as CorrelationRuleError).retriable).toBe(false);
      expect((error as Error).message).toMatch(/^correlation rule c1: correlation.timespan/);
    }
  });
});
