import type { Event, RawEvent } from '@quell/contracts';
import { detectFormat, normalizeRecord, stableId } from '@quell/normalize';
import { belongsToLogsource, loadSigmaRules, type BacktestRun, type SigmaDetectionRule } from '@quell/rules';
import { toEcsJson } from '../ecs-json';
import { splitJsonValues, splitLines } from '../record-splitter';
import type { RulesIo } from './rules-check';
import { rulesTestCorrelation } from './rules-test-correlation';
import { FilterTally, loadFilteredRules } from './rules-test-filters';

export interface RulesTestOptions {
  rule: string;
  events: string;
  /** Files or directories of Sigma global filter documents; those naming the rule apply. */
  filters?: readonly string[];
  /** For a correlation: where the rules it references live, when not in the rule file. */
  rulesDir?: string;
  /** Fixed clock for reproducible event ids in tests. */
  now: number;
  /** One RulesTestReport document instead of lines. */
  json?: boolean;
}

/** What `quell rules test --json` prints: one document. */
export interface RulesTestReport {
  matched: number;
  events: number;
  /** The events matched, ECS-named as `quell normalize` prints them. */
  matches: Record<string, unknown>[];
  /** Detection rule: each filter applied and the events it excluded. */
  filters?: ReturnType<FilterTally['counts']>;
  /** Correlation: one alert per episode. */
  alerts?: ReturnType<BacktestRun['correlationAlerts']>;
}

/**
 * `quell rules test --rule F --events F [--filters P…]`: prints each event of the file that the
 * rule's detection matches (and whose log source the rule is written for), then with filters one
 * line per filter applied and how many events it excluded, then `matched K of N events`.
 * A file holding a correlation runs it with the rules it references (rules-test-correlation.ts).
 * Exit 0 when the rule and every filter load, 2 when the rule is rejected (nothing runs) or a
 * filter is (it is reported and the others still apply).
 */
export async function rulesTest(options: RulesTestOptions, io: RulesIo): Promise<number> {
  const text = await io.read(options.rule);
  const loaded = loadSigmaRules(text, options.rule);
  if (loaded.errors.length === 0 && loaded.rules.some((r) => r.kind === 'correlation')) {
    // Sigma filters name detection rules only (the catalog refuses them on correlations).
    if (options.filters?.length) io.err('quell: --filters applies to detection rules; it is ignored for a correlation');
    return rulesTestCorrelation(options, eventsOf(await io.read(options.events), options, io), io);
  }
  for (const e of loaded.errors) io.err(`${e.file}:${e.line}: ${e.reason}`);
  const unfiltered = loaded.rules.filter((r): r is SigmaDetectionRule => r.kind === 'detection');
  if (loaded.errors.length > 0 || unfiltered.length === 0) {
    if (unfiltered.length === 0 && loaded.errors.length === 0) io.err(`${options.rule}: no detection rule`);
    return 2;
  }
  const filtered = options.filters?.length ? await loadFilteredRules(options.rule, text, options.filters, io) : undefined;
  for (const e of filtered?.errors ?? []) io.err(`${e.file}:${e.line}: ${e.reason}`);
  const rules = filtered?.rules ?? unfiltered;
  const tally = new FilterTally(filtered?.filters ?? []);

  const events = eventsOf(await io.read(options.events), options, io);
  const matches: Record<string, unknown>[] = [];
  let matched = 0;
  for (const event of events) {
    if (rules.some((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event))) {
      matched++;
      if (options.json) matches.push(toEcsJson(event));
      else io.out(JSON.stringify(toEcsJson(event)));
      continue;
    }
    if (!filtered) continue;
    const matchedAlone = unfiltered.filter((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event));
    if (matchedAlone.length > 0) tally.recordExcluded(event, matchedAlone);
  }
  if (options.json) io.out(JSON.stringify({ matched, events: events.length, matches, filters: tally.counts() } satisfies RulesTestReport));
  else {
    for (const line of tally.lines()) io.out(line);
    io.out(`matched ${matched} of ${events.length} events`);
  }
  return (filtered?.errors.length ?? 0) > 0 ? 2 : 0;
}

/** The events of a file; a record that does not normalize is reported and left out. */
export function eventsOf(text: string, options: Pick<RulesTestOptions, 'events' | 'now'>, io?: RulesIo): Event[] {
  const records = /^\s*[[{]/.test(text) ? splitJsonValues(text) : splitLines(text);
  return records.flatMap((record) => {
    if (record.rejected !== undefined) {
      io?.err(`${options.events}:${record.line}: ${record.rejected}`);
      return [];
    }
    const raw: RawEvent = {
      id: stableId(options.now, `${options.events}:${record.line}:${record.text.length}`),
      tenant: 'default',
      receivedAt: options.now,
      source: { type: 'file', name: options.events, host: null },
      format: detectFormat(record.text) ?? null,
      contentType: 'text/plain',
      payload: Buffer.from(record.text),
      attributes: { line: String(record.line) },
    };
    try {
      return [normalizeRecord(raw, options.now)];
    } catch (error) {
      io?.err(`${options.events}:${record.line}: ${(error as Error).message}`);
      return [];
    }
  });
}
