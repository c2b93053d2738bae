// Probe: what the all-in-one's state stores cost per call as the state they hold grows.
// Incidents, deliveries and dedup keys live 30 days by default, so a long-running all-in-one holds
// hundreds of thousands of documents and a pending timer per escalating incident; a call must cost
// what it touches, not what is held. Per size it prints µs per call beside a baseline from the same
// run: a plain Map doing the same JSON work (the floor of any store), and the heap after a GC; and
// µs per new listing under a term that lists many documents, beside listings under terms of their own. The
// documents run in memory (InMemoryDocumentStore) and in a state file (SqliteDocumentStore, the
// all-in-one's), each put awaited alone, so each commits a transaction of its own (the worst case:
// the all-in-one's writes of one turn share one). Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/state-stores.ts [calls]
//
// 2026-12-05, 2 shared cores, the default 50,000 calls, this script run on 166afaa (before) and on
// the expiry queue (after), µs per call:
//   documents, get + put among 10k / 100k / 500k: before 5.44 / 12.35 / 41.54 (a sweep walked every
//   document each 1,000 calls), after 4.85 / 4.50 / 4.91; baseline 0.8-1.4; heap held 354-374 MB at 500k
//   timers, schedule + claim + ack, 1k / 10k / 100k pending: before 19.7 / 124 / 1,899 (each claim
//   sorted every pending timer), after 3.86 / 3.29 / 4.26; baseline 0.1-0.3
// 2026-12-06, the all-in-one's documents moved from memory (with a SQLite journal) to the state file
// (SqliteDocumentStore), µs per call among 10k / 100k / 500k documents and the heap held:
//   journaled in memory (edb8257, this script with the journal): 41.8 / 36.7 / 34.4 µs; heap 58 / 114 / 355 MB
//   state file: 49.2 / 88.9 / 87.0 µs (after writing only a change of index terms; 67.0 / 98.9 / 109.7
//   before); heap 50 MB at every size, the file 44 / 75 / 209 MB. Each put here commits alone; in the
//   all-in-one the writes of one turn share a commit, and over four alternated rounds of its 10%-alert
//   phase (npm run bench -- --only=all-in-one --quick) it spent about 3% more CPU per event than with
//   the journal (means 0.629 against 0.608 CPU s per 1,000 events).
// 2026-12-06, later: a new listing beside 100 / 1,000 / 9,000 in the state file, µs per put: 126 / 258 /
//   754 when each counted the term's entries (05f7f8e), 56 / 52 / 54 with the counts kept (TermEntryCounts);
//   listings under terms of their own 56-110 in both runs.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryDocumentStore, SqliteDocumentStore, StateFile, type DocumentStore } from '@quell/platform-state';
import { InMemoryTimerStore } from '@quell/platform-timers';

const CALLS = Number(process.argv[2] ?? 50_000);
const TTL_MS = 30 * 24 * 3600 * 1000;
const incident = { title: 'Suspicious PowerShell download cradle on host-17', severity: 'high', alerts: Array.from({ length: 8 }, (_, i) => `alert-${i}`) };

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

interface Opened {
  store: DocumentStore;
  /** Bytes on disk after the run (0 in memory). */
  fileBytes(): number;
  close(): void;
}

function inMemory(): Opened {
  return { store: new InMemoryDocumentStore(), fileBytes: () => 0, close: () => undefined };
}

function inStateFile(): Opened {
  const dir = mkdtempSync(join(tmpdir(), 'quell-state-stores-'));
  const file = new StateFile(join(dir, 'state.sqlite'));
  const bytes = (name: string) => statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0;
  return {
    store: new SqliteDocumentStore(file),
    fileBytes: () => bytes('state.sqlite') + bytes('state.sqlite-wal'),
    close: () => {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** µs per call of `calls` alternating reads and conditional writes over `live` documents. */
async function documents(live: number, open: () => Opened): Promise<{ store: number; baseline: number; heapMb: number; fileMb: number }> {
  const opened = open();
  const { store } = opened;
  const indexOf = (i: number) => ({ host: [`host-${i % 5_000}`] });
  for (let i = 0; i < live; i += 1_000) {
    const keys = Array.from({ length: Math.min(1_000, live - i) }, (_, j) => i + j);
    await store.putMany(keys.map((k) => ({ ref: { tenant: 't', key: `incident:${k}` }, value: incident, options: { ttlMs: TTL_MS, index: indexOf(k) } })));
  }
  const held = heapMb();
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS / 2; i += 1) {
    const ref = { tenant: 't', key: `incident:${(i * 7) % live}` };
    const read = await store.get<typeof incident>(ref);
    await store.put(ref, read?.value, { ttlMs: TTL_MS, ifVersion: read?.version ?? 0, index: indexOf(i) });
  }
  const storeUs = Number(process.hrtime.bigint() - started) / 1000 / CALLS;

  const map = new Map<string, { json: string; version: number }>();
  for (let i = 0; i < live; i += 1) map.set(`t\u0000incident:${i}`, { json: JSON.stringify(incident), version: 1 });
  const mapStarted = process.hrtime.bigint();
  for (let i = 0; i < CALLS / 2; i += 1) {
    const id = `t\u0000incident:${(i * 7) % live}`;
    const read = map.get(id);
    const value = read && (JSON.parse(read.json) as typeof incident);
    map.set(id, { json: JSON.stringify(value), version: (read?.version ?? 0) + 1 });
  }
  const baselineUs = Number(process.hrtime.bigint() - mapStarted) / 1000 / CALLS;
  const fileMb = opened.fileBytes() / 1e6;
  opened.close();
  return { store: storeUs, baseline: baselineUs, heapMb: held, fileMb };
}

/**
 * µs per put listing a new document under a term that already lists `members` (a user or address
 * shared by many open incidents), beside the same puts each under a term of its own; each awaited alone.
 */
async function crowdedTerm(members: number, open: () => Opened): Promise<{ store: number; baseline: number }> {
  const opened = open();
  const { store } = opened;
  for (let i = 0; i < members; i += 1_000) {
    const keys = Array.from({ length: Math.min(1_000, members - i) }, (_, j) => i + j);
    await store.putMany(keys.map((k) => ({ ref: { tenant: 't', key: `incident:${k}` }, value: incident, options: { ttlMs: TTL_MS, index: { entity: ['user:system'] } } })));
  }
  const puts = Math.max(100, CALLS / 100);
  const timed = async (term: (i: number) => string, prefix: string) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < puts; i += 1) await store.put({ tenant: 't', key: `${prefix}:${i}` }, incident, { ttlMs: TTL_MS, index: { entity: [term(i)] } });
    return Number(process.hrtime.bigint() - started) / 1000 / puts;
  };
  const baseline = await timed((i) => `user:u${i}`, 'alone');
  const crowded = await timed(() => 'user:system', 'crowded');
  opened.close();
  return { store: crowded, baseline };
}

/** µs per delivery-like timer (scheduled due now, claimed, acked) while `pending` escalation-like ones wait an hour. */
async function timers(pending: number): Promise<{ store: number; baseline: number; heapMb: number }> {
  let now = Date.parse('2026-12-05T00:00:00Z');
  const store = new InMemoryTimerStore({ maxPerTenant: 1_000_000, maxHorizonMs: TTL_MS, maxPayloadBytes: 10_000 }, () => now);
  for (let i = 0; i < pending; i += 1) await store.schedule({ key: `escalation:${i}`, tenant: 't', dueAt: now + 3_600_000 + i, kind: 'escalation', payload: '{}' });
  const held = heapMb();
  const rounds = CALLS / 10;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) {
    await store.schedule({ key: `delivery:${i}`, tenant: 't', dueAt: now, kind: 'delivery', payload: '{}' });
    const { timers: claimed } = await store.claim(30_000, 16);
    for (const timer of claimed) await store.ack(timer.key, timer.fireId);
    now += 1;
  }
  const storeUs = Number(process.hrtime.bigint() - started) / 1000 / rounds;

  const map = new Map<string, { dueAt: number; payload: string }>();
  for (let i = 0; i < pending; i += 1) map.set(`escalation:${i}`, { dueAt: now + 3_600_000 + i, payload: '{}' });
  const mapStarted = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) {
    map.set(`delivery:${i}`, { dueAt: now, payload: '{}' });
    map.delete(`delivery:${i}`);
  }
  const baselineUs = Number(process.hrtime.bigint() - mapStarted) / 1000 / rounds;
  return { store: storeUs, baseline: baselineUs, heapMb: held };
}

function row(cells: (string | number)[]): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(50) : String(cell).padStart(14))).join('');
}

async function main(): Promise<void> {
  const exact = 'gc' in globalThis ? '' : ' (heap figures are rough without --expose-gc)';
  console.log(`${CALLS} calls per size; baseline: a plain Map doing the same JSON work, same run${exact}`);
  console.log(row(['', 'store µs/call', 'baseline µs', 'heap held MB', 'file MB']));
  for (const [name, open] of [['in memory', inMemory], ['state file', inStateFile]] as const) {
    for (const live of [10_000, 100_000, 500_000]) {
      const figures = await documents(live, open);
      console.log(row([`documents ${name}: get + put among ${live.toLocaleString('en')}`, figures.store.toFixed(2), figures.baseline.toFixed(2), figures.heapMb.toFixed(0), figures.fileMb.toFixed(0)]));
    }
  }
  for (const [name, open] of [['in memory', inMemory], ['state file', inStateFile]] as const) {
    for (const members of [100, 1_000, 9_000]) {
      const figures = await crowdedTerm(members, open);
      console.log(row([`documents ${name}: a new listing beside ${members.toLocaleString('en')}`, figures.store.toFixed(2), figures.baseline.toFixed(2)]));
    }
  }
  for (const pending of [1_000, 10_000, 100_000]) {
    const figures = await timers(pending);
    console.log(row([`timers: schedule + claim + ack, ${pending.toLocaleString('en')} pending`, figures.store.toFixed(2), figures.baseline.toFixed(2), figures.heapMb.toFixed(0)]));
  }
}

void main();
