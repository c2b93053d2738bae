// Probe: what building one history insert's body costs the main thread, per event. The pipeline
// bench's traffic mix, normalized, 500 events at a time (the in-process bus's slice): eventToRow
// and the row's values in column order, then the body as chdb's raw insert takes it. `joined`:
// the lines joined and the string encoded at once (the former body); `jsonLines`: each line
// encoded into one buffer (the repository's). Rounds alternate; thread CPU µs per event. Not a
// test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/history-encode.ts [rounds]
import type { Event } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { jsonLines } from '@quell/platform-clickhouse';
import { eventToRow, rowValues, type EventRow } from '@quell/platform-event-history';
import { quietRawEvents } from './pipeline/traffic-stream';

const ROUNDS = Number(process.argv[2] ?? 5);
const EVENTS = 20_000;
const BATCH = 500;

const events: Event[] = quietRawEvents(EVENTS, 'he').map((raw) => normalizeRecord(raw, Date.now()));
const columns = Object.keys(eventToRow(events[0])) as (keyof EventRow)[];
const values = (batch: Event[]): unknown[][] => batch.map(eventToRow).map((row) => rowValues(row, columns));

const BODIES: Record<string, (batch: Event[]) => Buffer> = {
  'values only (no body)': (batch) => Buffer.of(values(batch).length),
  joined: (batch) => Buffer.from(values(batch).map((row) => JSON.stringify(row)).join('\n')),
  jsonLines: (batch) => jsonLines(values(batch)),
};

function microsPerEvent(body: (batch: Event[]) => Buffer): { micros: number; bytes: number } {
  const started = process.threadCpuUsage();
  let bytes = 0;
  for (let start = 0; start < events.length; start += BATCH) bytes += body(events.slice(start, start + BATCH)).length;
  const used = process.threadCpuUsage(started);
  return { micros: (used.user + used.system) / events.length, bytes: bytes / events.length };
}

const results = new Map<string, string[]>(Object.keys(BODIES).map((name) => [name, []]));
let bodyBytes = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, body] of Object.entries(BODIES)) {
    const { micros, bytes } = microsPerEvent(body);
    results.get(name)?.push(micros.toFixed(2));
    bodyBytes = Math.max(bodyBytes, bytes);
  }
}
const wide = events.filter((e) => [...JSON.stringify(eventToRow(e))].some((c) => c.charCodeAt(0) > 0xff)).length;
console.log(`${EVENTS} events, ${BATCH} per body, ~${Math.round(bodyBytes)} bytes per row; ${wide} rows hold a character beyond Latin-1`);
console.log('body                    thread CPU µs per event, each round');
for (const [name, rounds] of results) console.log(`${name.padEnd(24)}${rounds.join('  ')}`);
