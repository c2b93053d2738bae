import type { Event, RawEvent } from '@quell/contracts';
import { detectFormat, normalizeRecord, stableId } from '@quell/normalize';
import { belongsToLogsource, loadSigmaRules, type SigmaDetectionRule } from '@quell/rules';
import { toEcsJson } from '../ecs-json';
import { splitJsonValues, splitLines } from '../record-splitter';
import type { RulesIo } from './rules-check';

export interface RulesTestOptions {
  rule: string;
  events: string;
  /** Fixed clock for reproducible event ids in tests. */
  now: number;
}

/**
 * `quell rules test --rule F --events F`: prints each event of the file that the rule's detection
 * matches (and whose log source the rule is written for), then `matched K of N events`.
 * Exit 0 when the rule loads, 2 when it is rejected.
 */
export async function rulesTest(options: RulesTestOptions, io: RulesIo): Promise<number> {
  const loaded = loadSigmaRules(await io.read(options.rule), options.rule);
  for (const e of loaded.errors) io.err(`${e.file}:${e.line}: ${e.reason}`);
  const rules = loaded.rules.filter((r): r is SigmaDetectionRule => r.kind === 'detection');
  if (loaded.errors.length > 0 || rules.length === 0) {
    if (rules.length === 0 && loaded.errors.length === 0) io.err(`${options.rule}: no detection rule`);
    return 2;
  }
  const events = eventsOf(await io.read(options.events), options, io);
  let matched = 0;
  for (const event of events) {
    if (!rules.some((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event))) continue;
    matched++;
    io.out(JSON.stringify(toEcsJson(event)));
  }
  io.out(`matched ${matched} of ${events.length} events`);
  return 0;
}

/** The events of a file; a record that does not normalize is reported and left out. */
export function eventsOf(text: string, options: Pick<RulesTestOptions, 'events' | 'now'>, io?: RulesIo): Event[] {
  const records = /^\s*[[{]/.test(text) ? splitJsonValues(text) : splitLines(text);
  return records.flatMap((record) => {
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
