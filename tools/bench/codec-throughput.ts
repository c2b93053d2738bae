// Probe: records per second and nanoseconds per record through the Avro codec, for realistic
// RawEvent, Event and Alert values, beside the old way measured in the same run: validate with
// isValid (errorHook, noUndeclaredFields) then toBuffer and Buffer.concat on encode; fromBuffer to
// avsc record instances then a deep copy to plain objects on decode, with avsc's copying read of
// `bytes` values (the codec reads them in place, avro-bytes-reads.ts). Both ways run interleaved in
// short slices, so the load of a shared machine falls on both alike; only the ratios travel.
// Values: the libs/normalize fixtures (Windows/Sysmon, Linux syslog, firewall CEF/kv, ECS JSON)
// as RawEvents, normalized to Events, and a Sigma detection alert of each event.
// Not a test: it prints; its last line is the ratios as one JSON object.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/codec-throughput.ts [seconds per figure]
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Type } from 'avsc';
import { AvroCodec, decodeWire, loadSchemaCatalog, type Alert, type Event, type RawEvent, type SchemaName } from '@quell/contracts';
import { normalizeRecord, type RecordFormat } from '@quell/normalize';
import { entitiesOf, fingerprintOf } from '@quell/rules';
import { avscReadBytes, readBytesInPlace } from '../../libs/contracts/src/avro-bytes-reads';
import { AvscTap } from '../../libs/contracts/src/avro-string-writes';

const SECONDS = Number(process.argv[2] ?? 2);
const SLICES = 8; // per variant and figure, old and new alternating
const BATCH = 1_000; // records per call loop, kept until the next batch like a consumer's batch
const DISTINCT = 1_000; // distinct values per kind, cycled
const FIXTURES = join(process.cwd(), 'libs/normalize/fixtures');

// The traffic mix of the pipeline benchmark: four families, equally weighted.
const FAMILIES: Record<string, string[]> = {
  'windows/sysmon': ['windows'],
  'linux syslog': ['syslog3164', 'syslog5424', 'sshd', 'sudo'],
  'firewall cef/kv': ['cef', 'kv', 'firewall'],
  'ecs json': ['ecs'],
};

// ---- the old way, as libs/contracts/src/avro-codec.ts did it before (the baseline) ----------

/** Old encode: a full isValid walk with an error hook, then toBuffer, then a header concatenated. */
function oldEncode(type: Type, schemaId: number, name: string, value: unknown): Buffer {
  const problems: string[] = [];
  const valid = type.isValid(value, {
    noUndeclaredFields: true,
    errorHook: (path: string[], val: unknown) => problems.push(`${path.join('.')}: got ${typeof val}`),
  });
  if (!valid) throw new Error(`invalid ${name}: ${problems.join('; ')}`);
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, type.toBuffer(value)]);
}

/** Old decode: avsc record instances, then a deep copy into plain objects. */
function oldDecode(type: Type, bytes: Buffer): unknown {
  const { payload } = decodeWire(bytes);
  return toPlain(type.fromBuffer(payload));
}

function isPlainObject(val: unknown): val is Record<string, unknown> {
  return typeof val === 'object' && val !== null && !Array.isArray(val) && !Buffer.isBuffer(val);
}

function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = toPlain(field);
  return out;
}

// ---- realistic values ---------------------------------------------------------------------

interface Fixture {
  format: RecordFormat | null;
  input: string;
}

function rawEvent(fixture: Fixture, i: number): RawEvent {
  return {
    id: randomUUID(),
    tenant: 'acme',
    receivedAt: Date.now() - i,
    source: { type: fixture.format === null ? 'http' : 'syslog', name: 'bench', host: `collector-${i % 3}.acme.local` },
    format: fixture.format,
    contentType: fixture.input.startsWith('{') ? 'application/json' : 'text/plain',
    payload: Buffer.from(fixture.input),
    attributes: { 'http.remote': `10.1.${i % 4}.${i % 250}` },
  };
}

/** Each family's fixtures that normalize, as RawEvents, taken in turn until DISTINCT. */
function rawEvents(): RawEvent[] {
  const families = Object.values(FAMILIES).map((dirs) =>
    dirs.flatMap((dir) =>
      readdirSync(join(FIXTURES, dir))
        .filter((file) => file.endsWith('.jsonl'))
        .sort()
        .flatMap((file) => readFileSync(join(FIXTURES, dir, file), 'utf8').split('\n').filter(Boolean))
        .map((line) => JSON.parse(line) as Fixture)
        .filter((fixture) => {
          try {
            normalizeRecord(rawEvent(fixture, 0), Date.now());
            return true;
          } catch {
            return false; // some fixture files hold rejected records on purpose
          }
        }),
    ),
  );
  return Array.from({ length: DISTINCT }, (_, i) => {
    const family = families[i % families.length];
    return rawEvent(family[Math.floor(i / families.length) % family.length], i);
  });
}

const RULES = [
  { title: 'Suspicious Encoded PowerShell Command Line', level: 'high', tags: ['attack.execution', 'attack.t1059.001'], tactics: ['execution'], techniques: ['T1059.001'] },
  { title: 'LSASS Memory Dump via Comsvcs DLL', level: 'critical', tags: ['attack.credential-access', 'attack.t1003.001'], tactics: ['credential-access'], techniques: ['T1003.001'] },
  { title: 'SSH Brute Force Attempt', level: 'medium', tags: ['attack.credential-access', 'attack.t1110'], tactics: ['credential-access'], techniques: ['T1110'] },
  { title: 'Firewall Denied Outbound Connection to Rare Port', level: 'low', tags: ['attack.command-and-control', 'attack.t1571'], tactics: ['command-and-control'], techniques: ['T1571'] },
];

/** A Sigma detection alert of the event, shaped as the correlator builds them. */
function alertOf(event: Event, i: number): Alert {
  const rule = RULES[i % RULES.length];
  const ruleId = `sigma:${randomUUID()}`;
  const entities = entitiesOf(event);
  return {
    id: randomUUID(),
    tenant: event.tenant,
    rule: { id: ruleId, title: rule.title, version: null, level: rule.level, author: 'Florian Roth (Nextron Systems), Nasreddine Bencherchali', tags: rule.tags },
    kind: 'detection',
    entities,
    fingerprint: fingerprintOf(event.tenant, ruleId, entities),
    firstSeen: event.time,
    lastSeen: event.time,
    eventCount: 1,
    sampleEventIds: [event.id],
    tactics: rule.tactics,
    techniques: rule.techniques,
    killChainPhase: rule.tactics[0],
    explanation: `Sigma rule "${rule.title}" matched ${event.className} event ${event.id}${event.host?.name ? ` on ${event.host.name}` : ''}`,
    details: { 'event.id': event.id, 'event.class': event.className, 'rule.file': 'rules/windows/process_creation/proc_creation_win_powershell_enc.yml', 'rule.line': '1', 'rule.status': 'test', 'rule.condition': 'selection and not filter' },
    suppression: { state: 'none', changeId: null, reason: null },
    dedup: null,
  };
}

// ---- measurement --------------------------------------------------------------------------

interface Tally {
  records: number;
  ns: number;
  peakHeap: number;
  windows: Array<[number, number]>;
}

const newTally = (): Tally => ({ records: 0, ns: 0, peakHeap: 0, windows: [] });
const gcEntries: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => gcEntries.push({ start: e.startTime, duration: e.duration }))).observe({ entryTypes: ['gc'] });

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

/** Runs `op` over `inputs` in batches for `ms` milliseconds, adding to `tally`. */
function slice<I>(op: (input: I) => unknown, inputs: readonly I[], tally: Tally, ms: number): void {
  const started = performance.now();
  const begun = process.hrtime.bigint();
  let cursor = 0;
  let kept: unknown[] = [];
  do {
    const batch = new Array<unknown>(BATCH);
    for (let i = 0; i < BATCH; i++) batch[i] = op(inputs[(cursor + i) % inputs.length]);
    cursor += BATCH;
    tally.records += BATCH;
    tally.peakHeap = Math.max(tally.peakHeap, getHeapStatistics().used_heap_size);
    kept = batch;
  } while (performance.now() - started < ms);
  tally.ns += Number(process.hrtime.bigint() - begun);
  tally.windows.push([started, performance.now()]);
  void kept;
}

/** avsc's Tap reads `bytes` values with `reader` from now on, in every type (the codec installs its own once). */
function readBytesWith(reader: typeof avscReadBytes): void {
  (AvscTap.prototype as unknown as { readBytes: typeof avscReadBytes }).readBytes = reader;
}

/** Old and new over the same inputs, interleaved; each slice with its own way of reading `bytes`. */
function compare<I>(inputs: readonly I[], oldOp: (input: I) => unknown, newOp: (input: I) => unknown): [Tally, Tally] {
  const [old, neu] = [newTally(), newTally()];
  gc();
  for (let s = 0; s < SLICES; s++) {
    const ms = (SECONDS * 1_000) / SLICES;
    const order: Array<[(input: I) => unknown, Tally, typeof avscReadBytes]> = [
      [oldOp, old, avscReadBytes],
      [newOp, neu, readBytesInPlace],
    ];
    if (s % 2 === 1) order.reverse();
    for (const [op, tally, reader] of order) {
      readBytesWith(reader);
      slice(op, inputs, tally, ms);
    }
  }
  readBytesWith(readBytesInPlace);
  return [old, neu];
}

/** Share of a tally's wall time spent in GC, from the gc entries inside its windows. */
function gcShare(tally: Tally): number {
  const inside = gcEntries.filter((e) => tally.windows.some(([from, to]) => e.start >= from && e.start < to));
  const total = tally.windows.reduce((sum, [from, to]) => sum + (to - from), 0);
  return inside.reduce((sum, e) => sum + e.duration, 0) / total;
}

/** Heap retained per decoded record, a batch of them kept. */
function retainedPerRecord(decode: (bytes: Buffer) => unknown, encoded: readonly Buffer[]): number {
  gc();
  const before = getHeapStatistics().used_heap_size;
  const kept = encoded.map(decode);
  gc();
  const bytes = getHeapStatistics().used_heap_size - before;
  void kept.length;
  return bytes / encoded.length;
}

// ---- main ---------------------------------------------------------------------------------

async function main(): Promise<void> {
  const catalog = loadSchemaCatalog();
  const codec = new AvroCodec(catalog);
  const raws = rawEvents();
  const events = raws.map((raw) => normalizeRecord(raw, Date.now()));
  const alerts = events.map(alertOf);
  const kinds: Array<[SchemaName, readonly unknown[]]> = [['RawEvent', raws], ['Event', events], ['Alert', alerts]];

  console.log(`node ${process.version}, ${DISTINCT} distinct values per kind (${Object.keys(FAMILIES).join(', ')}; alerts: a Sigma detection per event)`);
  console.log(`batches of ${BATCH}, ~${SECONDS} s per variant and figure in ${SLICES} interleaved slices; old = isValid + toBuffer / fromBuffer + deep copy`);
  console.log(
    `${'kind'.padEnd(9)}${'op'.padEnd(7)}${'bytes'.padStart(6)}${'old rec/s'.padStart(11)}${'new rec/s'.padStart(11)}${'old ns'.padStart(8)}${'new ns'.padStart(8)}${'new/old'.padStart(8)}` +
      `${'old heap MB'.padStart(12)}${'new heap MB'.padStart(12)}${'old gc%'.padStart(8)}${'new gc%'.padStart(8)}`,
  );
  const ratios: Record<string, number> = {};
  const rows: Array<{ label: string; bytes: number; old: Tally; neu: Tally }> = [];
  const kept: string[] = [];
  const prepared = kinds.map(([name, values]) => ({
    name,
    values,
    oldType: Type.forSchema(catalog.current[name].schema),
    encoded: values.map((value) => codec.encode(name, value as never)),
  }));
  // Both ways must agree before their speed means anything. Three passes over every kind also warm
  // the JIT up the way a process handling all kinds is warm, whatever order the figures come in.
  for (let pass = 0; pass < 3; pass++) {
    for (const { name, values, oldType, encoded } of prepared) {
      values.forEach((value, i) => {
        if (!oldEncode(oldType, codec.schemaIdOf(name), name, value).equals(encoded[i])) throw new Error(`${name} ${i}: old and new bytes differ`);
        if (!codec.encode(name, value as never).equals(encoded[i])) throw new Error(`${name} ${i}: encoding is not stable`);
        if (!isDeepStrictEqual(oldDecode(oldType, encoded[i]), codec.decode(encoded[i], name))) throw new Error(`${name} ${i}: old and new decode differ`);
      });
    }
  }
  for (const { name, values, oldType, encoded } of prepared) {
    const schemaId = codec.schemaIdOf(name);
    const bytes = encoded.reduce((sum, b) => sum + b.length, 0) / encoded.length;
    const [encOld, encNew] = compare(values, (v) => oldEncode(oldType, schemaId, name, v), (v) => codec.encode(name, v as never));
    rows.push({ label: `${name.padEnd(9)}encode `, bytes, old: encOld, neu: encNew });
    const [decOld, decNew] = compare(encoded, (b) => oldDecode(oldType, b), (b) => codec.decode(b, name));
    rows.push({ label: `${name.padEnd(9)}decode `, bytes, old: decOld, neu: decNew });
    readBytesWith(avscReadBytes);
    const retainedOld = retainedPerRecord((b) => oldDecode(oldType, b), encoded);
    readBytesWith(readBytesInPlace);
    const retainedNew = retainedPerRecord((b) => codec.decode(b, name), encoded);
    kept.push(`${name}: old ${Math.round(retainedOld)} B, new ${Math.round(retainedNew)} B`);
  }
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 20)); // the gc observer delivers late

  const n = (x: number, width: number) => Math.round(x).toLocaleString('en-US').padStart(width);
  for (const { label, bytes, old, neu } of rows) {
    const perSec = (t: Tally) => t.records / (t.ns / 1e9);
    const ratio = perSec(neu) / perSec(old);
    ratios[label.replace(/\s+/g, ' ').trim().replace(' ', '.')] = Number(ratio.toFixed(2));
    const mb = (t: Tally) => (t.peakHeap / 2 ** 20).toFixed(1).padStart(12);
    const pct = (t: Tally) => `${(gcShare(t) * 100).toFixed(1)}%`.padStart(8);
    console.log(
      `${label}${n(bytes, 6)}${n(perSec(old), 11)}${n(perSec(neu), 11)}${n(old.ns / old.records, 8)}${n(neu.ns / neu.records, 8)}${ratio.toFixed(2).padStart(8)}${mb(old)}${mb(neu)}${pct(old)}${pct(neu)}`,
    );
  }
  console.log(`heap kept per decoded record (a batch of ${DISTINCT} retained): ${kept.join('; ')}`);
  console.log(JSON.stringify(ratios));
}

void main();
