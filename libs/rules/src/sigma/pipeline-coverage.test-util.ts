import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { Event, RawEvent } from '@quell/contracts';
import { parseYamlWithinLimits } from '@quell/input-limits';
import { normalizeRecord } from '@quell/normalize';
import { belongsToLogsource, CATEGORY_CLASSES } from './logsource-router';
import type { PipelineSource } from './mapping-pipeline';
import { loadSigmaRules } from './rule-loader';
import { activeMappingPipelines, SHIPPED_PIPELINES_DIR } from './shipped-pipelines';
import type { SigmaDetectionRule, SigmaLogsource } from './sigma-rule';

/**
 * The measured check of the shipped mapping pipelines (issue 11): for each pipeline source, its
 * fixture records (real formats, cited origins) and, by hand, which rule must match which record
 * (libs/rules/pipelines/tests/expected-matches.yml). Every SigmaHQ rule applicable to the source
 * runs, with the source's sample rules; any (rule, record) pair not listed must not match.
 */
const ROOT = join(__dirname, '../../../..');
const SIGMA = join(ROOT, '../shared/corpora/sigma');
const SIGMA_SETS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting'];
export const EXPECTED_FILE = join(SHIPPED_PIPELINES_DIR, 'tests/expected-matches.yml');

interface ExpectedSource {
  fixtures: string[];
  samples?: string[];
  expect?: Record<string, string[]>;
}

export interface FixtureRecord {
  /** `<fixture file name>:<line>`, as expected-matches.yml names it. */
  ref: string;
  event: Event;
}

export interface SourceCoverage {
  source: PipelineSource;
  records: FixtureRecord[];
  /** Fixture records of the source's own fixture files that the pipelines give to another source (a fixture mistake). */
  strays: string[];
  /** Rule key (file relative to the repo, or `sigma:` + path in the corpus) → refs it must match / did match. */
  expected: Map<string, readonly string[]>;
  actual: Map<string, string[]>;
  /** SigmaHQ rules written for the source's product/service/category (or its events' classes). */
  applicable: string[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

let sigmaRules: Map<string, SigmaDetectionRule> | undefined;

/** Every SigmaHQ detection rule not written for Windows, by `sigma:<path>`. */
function nonWindowsSigmaRules(): Map<string, SigmaDetectionRule> {
  if (sigmaRules) return sigmaRules;
  sigmaRules = new Map();
  for (const file of SIGMA_SETS.flatMap((set) => filesUnder(join(SIGMA, set)))) {
    const text = readFileSync(file, 'utf8');
    if (/^\s+product:\s*windows\s*$/m.test(text)) continue;
    for (const rule of loadSigmaRules(text, relative(SIGMA, file)).rules) {
      if (rule.kind === 'detection' && rule.logsource.product !== 'windows') sigmaRules.set(`sigma:${relative(SIGMA, file)}`, rule);
    }
  }
  return sigmaRules;
}

function fixtureRecords(file: string): { ref: string; event: Event }[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    const record = JSON.parse(line) as { input: string; format?: string | null };
    const ref = `${basename(file)}:${i + 1}`;
    const raw: RawEvent = {
      id: ref,
      tenant: 'default',
      receivedAt: 0,
      source: { type: 'file', name: file, host: null },
      format: record.format ?? null,
      contentType: 'text/plain',
      payload: Buffer.from(record.input),
      attributes: {},
    };
    try {
      return [{ ref, event: normalizeRecord(raw, Date.UTC(2026, 11, 2)) }];
    } catch {
      return []; // the normalizer's fixtures include records it must refuse: they are no events
    }
  });
}

/** A SigmaHQ rule is applicable when written for the source's product and service, or for a category the source is or its events' classes give. */
function applicableTo(logsource: SigmaLogsource, source: PipelineSource, classes: ReadonlySet<string>): boolean {
  const category = logsource.category?.toLowerCase();
  const categoryFits = category === undefined || source.categories.includes(category) || (CATEGORY_CLASSES[category] ?? []).some((c) => classes.has(c));
  if (logsource.product === undefined && logsource.service === undefined) return category !== undefined && source.categories.includes(category);
  if (logsource.product !== undefined && logsource.product.toLowerCase() !== source.product) return false;
  if (logsource.service !== undefined && !source.services.includes(logsource.service.toLowerCase())) return false;
  return categoryFits;
}

function ruleAt(key: string): SigmaDetectionRule {
  if (key.startsWith('sigma:')) {
    const rule = nonWindowsSigmaRules().get(key);
    if (!rule) throw new Error(`${EXPECTED_FILE}: ${key} is not a SigmaHQ detection rule in ${SIGMA}`);
    return rule;
  }
  const loaded = loadSigmaRules(readFileSync(join(ROOT, key), 'utf8'), key);
  const rule = loaded.rules.find((r): r is SigmaDetectionRule => r.kind === 'detection');
  if (!rule) throw new Error(`${EXPECTED_FILE}: ${key} holds no detection rule (${loaded.errors.map((e) => e.reason).join('; ')})`);
  return rule;
}

/** Runs every source listed in expected-matches.yml; the spec compares, the table tool prints. */
export function pipelineCoverage(): SourceCoverage[] {
  const pipelines = activeMappingPipelines();
  const listed = parseYamlWithinLimits(readFileSync(EXPECTED_FILE, 'utf8')) as Record<string, ExpectedSource>;
  return Object.entries(listed).map(([id, spec]) => {
    const source = pipelines.sources.find((s) => s.id === id);
    if (!source) throw new Error(`${EXPECTED_FILE}: ${id} is not a pipeline source (${pipelines.sources.map((s) => s.id).join(', ')})`);
    const records: FixtureRecord[] = [];
    const strays: string[] = [];
    for (const file of spec.fixtures) {
      const own = file.startsWith('libs/rules/');
      for (const record of fixtureRecords(file)) {
        if (pipelines.sourceOf(record.event)?.id === id) records.push(record);
        else if (own) strays.push(record.ref);
      }
    }
    const classes = new Set(records.map((r) => r.event.className));
    const applicable = [...nonWindowsSigmaRules()].filter(([, rule]) => applicableTo(rule.logsource, source, classes)).map(([key]) => key);
    const keys = [...new Set([...(spec.samples ?? []), ...applicable, ...Object.keys(spec.expect ?? {})])];
    const actual = new Map<string, string[]>();
    for (const key of keys) {
      const rule = ruleAt(key);
      actual.set(key, records.filter((r) => belongsToLogsource(rule.logsource, r.event) && rule.matches(r.event)).map((r) => r.ref));
    }
    const expected = new Map(Object.entries(spec.expect ?? {}));
    return { source, records, strays, expected, actual, applicable };
  });
}

/** One table row: rules applicable / exercised (a positive sample listed) / fired exactly as listed, with no benign record matched. */
export function coverageRow(c: SourceCoverage): { source: string; records: number; applicable: number; exercised: number; asExpected: number; unexercised: string[] } {
  const exercised = c.applicable.filter((key) => (c.expected.get(key) ?? []).length > 0);
  const asExpected = exercised.filter((key) => sameRefs(c.actual.get(key) ?? [], c.expected.get(key) ?? []));
  return {
    source: c.source.id,
    records: c.records.length,
    applicable: c.applicable.length,
    exercised: exercised.length,
    asExpected: asExpected.length,
    unexercised: c.applicable.filter((key) => !exercised.includes(key)),
  };
}

export function sameRefs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((ref, i) => ref === [...b].sort()[i]);
}
