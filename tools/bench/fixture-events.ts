/**
 * The normalizer's real fixtures as bench input: every record its format's parser accepts,
 * normalized — the realistic mix of shapes and sizes the Kafka and history benchmarks carry.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event, RawEvent } from '@quell/contracts';
import { normalizeRecord, PARSERS, type RecordFormat } from '@quell/normalize';

export const FIXTURES = join(process.cwd(), 'libs/normalize/fixtures');

/** A bench RawEvent carrying `text` in `format`. */
export function benchRawEvent(format: RecordFormat, text: string): RawEvent {
  return {
    id: randomUUID(),
    tenant: 'bench',
    receivedAt: Date.now(),
    source: { type: 'bench', name: 'bench', host: null },
    format,
    contentType: 'text/plain',
    payload: Buffer.from(text),
    attributes: {},
  };
}

export function fixtureEvents(): Event[] {
  const events: Event[] = [];
  for (const format of Object.keys(PARSERS) as RecordFormat[]) {
    const dir = join(FIXTURES, format);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
        try {
          events.push(normalizeRecord(benchRawEvent(format, (JSON.parse(line) as { input: string }).input), Date.now()));
        } catch {
          // A fixture of a rejected record (some files hold them on purpose) is no event.
        }
      }
    }
  }
  return events;
}
