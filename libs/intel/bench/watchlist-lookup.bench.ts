// Probe: events per second through WatchlistIndex.matchEvent with large lists loaded (addresses,
// CIDRs of every prefix length, exact and *.domains, hashes, users), beside a baseline that only
// extracts the same events' observables, so the figure travels between machines; plus build time
// and heap per indicator. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register libs/intel/bench/watchlist-lookup.bench.ts [indicatorsPerKind] [events]
import { emptyEventParts, type Event } from '@quell/contracts';
import { observablesOf, WatchlistIndex, type Indicator, type Watchlist } from '../src';

const PER_KIND = Number(process.argv[2] ?? 100_000);
const EVENTS = Number(process.argv[3] ?? 200_000);

const hex = (n: number, length: number) => n.toString(16).padStart(length, '0').slice(-length);
const ipOf = (n: number) => `${10 + ((n >>> 24) % 200)}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

function indicators(): Indicator[] {
  const out: Indicator[] = [];
  for (let i = 0; i < PER_KIND; i++) {
    out.push({ kind: 'ip', value: ipOf(i * 7919) });
    // Networks of every prefix length from /16 to /31.
    const prefix = 16 + (i % 16);
    out.push({ kind: 'ip', value: `${ipOf((i * 104729) & ~((1 << (32 - prefix)) - 1) >>> 0)}/${prefix}` });
    out.push({ kind: 'domain', value: i % 2 === 0 ? `host${i}.bad${i % 997}.example` : `*.zone${i}.example` });
    out.push({ kind: 'hash', value: hex(i, 8).repeat(8) });
    if (i % 10 === 0) out.push({ kind: 'user', value: `user${i}` });
  }
  return out;
}

function event(n: number): Event {
  return {
    ...emptyEventParts(),
    id: `e${n}`, tenant: 't', time: n, ingestTime: n, source: { type: 'x', name: 'x' }, className: 'network', classUid: 4001, action: null, outcome: 'unknown', severity: 0,
    host: { name: `ws${n % 500}`, ip: ipOf(n * 31) }, user: { name: `user${n % 50_000}`, domain: null }, src: { ip: ipOf(n * 13), port: 1 }, dst: { ip: ipOf(n * 7919), port: 443 },
    process: null, service: null, message: null, tags: [],
    original: { QueryName: n % 3 === 0 ? `a.zone${n % PER_KIND}.example` : `www.site${n}.example`, 'url.full': `https://cdn${n % 100}.example/x?${n}`, Hashes: `SHA1=${hex(n, 40)},MD5=${hex(n, 32)},SHA256=${hex(n % PER_KIND, 8).repeat(8)}` },
    rawText: null, attackTechniques: [], late: false, parseWarnings: [],
  };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('run node with --expose-gc');
  collect();
  collect();
}

const list: Watchlist = { name: 'bench', indicators: indicators(), errors: [], skipped: { revoked: 0, expired: 0 } };
gc();
const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const index = new WatchlistIndex([list]);
const buildMs = performance.now() - started;
gc();
const heapIndex = process.memoryUsage().heapUsed - heapBefore;
const events = Array.from({ length: EVENTS }, (_, n) => event(n));

started = performance.now();
let observables = 0;
for (const e of events) observables += observablesOf(e).length;
const baselineMs = performance.now() - started;

started = performance.now();
let hits = 0;
for (const e of events) hits += index.matchEvent(e).length;
const matchMs = performance.now() - started;

const rate = (ms: number) => Math.round(EVENTS / (ms / 1000)).toLocaleString('en-US');
console.log(`indicators: ${index.size.toLocaleString('en-US')} (${PER_KIND.toLocaleString('en-US')} per kind: addresses, CIDRs /16-/31, domains half *.zone, sha256; users ${Math.ceil(PER_KIND / 10).toLocaleString('en-US')})`);
console.log(`build: ${buildMs.toFixed(0)} ms; index heap ${(heapIndex / 1024 / 1024).toFixed(1)} MiB (${Math.round(heapIndex / index.size)} bytes per indicator)`);
console.log(`events: ${EVENTS.toLocaleString('en-US')}, observables per event ${(observables / EVENTS).toFixed(1)}, hits per event ${(hits / EVENTS).toFixed(2)}`);
console.log(`baseline (observables only): ${rate(baselineMs)} events/s`);
console.log(`matchEvent:                  ${rate(matchMs)} events/s`);
