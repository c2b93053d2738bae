// Where the all-in-one's memory goes under an unpaced HTTP flood: every second, the process's RSS
// split by /proc smaps_rollup (anonymous vs file-backed) beside the V8 heap and external memory
// from its /metrics, so RSS not explained by JavaScript is the embedded ClickHouse (chdb) and code.
// Measured 2026-12-02 (60,000 events, 2 shared cores): RSS 560 MB idle (240 file-backed: the chdb
// library) to 1.1-1.3 GB, of which the main V8 heap ~400 and external ~100 at most; the rest is
// native, mostly the embedded ClickHouse: one 5,000-row history insert alone needs ~300 MiB of it
// (a 300 MiB engine cap refused it). Neither the queue bound (5,000), engine memory or cache caps,
// MALLOC_ARENA_MAX, MALLOC_CONF decay nor V8's semi-space size brought the peak under 1 GB.
// Later the same day, alternating runs: peak 1,194-1,201 MB before the byte bound (16 MiB a topic)
// and the engine's cache sizes, 1,064-1,082 after (V8 heap 456-464 → 324-394 MB; native alike, ~650).
// The peak grows with the rate (1,471 MB at ~2,800 events/s with a 64 MiB bound, 1,207 with 16).
// A 400 MiB max_server_memory_usage on the engine made it worse (1,373 MB, native 928).
// 2026-12-04: node --max-old-space-size=384 lowers the peak ~100 MB every round (1,085-1,143 beside
// 1,171-1,264) but not under 1 GB, for ~10-20% fewer events/s: not adopted; serial insert parsing
// and 2,000 or 1,000-event history inserts lowered nothing. Peak RSS MB (anon + file), V8 heap used
// / total at peak, events/s; rounds in run order, each run --events=60000 --log-level=warn with
// --env= as shown (NODE_OPTIONS for the cap); the shared machine's load varied, hence events/s:
//   default                         1,192 (933+259) 376/462 3,159 | 1,212 (963+248) 369/467 3,673 | 1,171 (923+248) 384/471 2,962
//   HISTORY_INSERT_SERIAL (serial)  1,244 (985+259) 365/447 5,285 | 1,247 (998+248) 351/449 4,423 | 1,167 (919+248) 353/438 2,681
//   HISTORY_BATCH_MAX_RECORDS=2000  1,235 (987+248) 356/438 3,602 | 1,264 (1016+248) 403/482 3,118 | 1,171 (924+248) 368/473 3,369
//   HISTORY_BATCH_MAX_RECORDS=1000  1,238 (990+248) 367/467 3,048 | 1,260 (1012+248) 340/440 1,862 | 1,194 (946+248) 335/436 2,929
//   NODE_OPTIONS=--max-old-space-size=384
//                                   1,085 (837+248) 243/350 2,014 | 1,092 (845+247) 242/355 3,747 | 1,088 (840+248) 253/357 3,030
//   then default / cap + 2,000 alternating:
//   default                         1,247 (1000+247) 380/482 5,595 | 1,184 (936+248) 380/467 3,917 | 1,264 (1017+248) 370/453 3,178
//   cap 384 + 2,000                 1,084 (837+248) 237/346 4,233 | 1,143 (895+248) 234/346 3,015 | 1,081 (833+248) 225/359 2,821
// CPU s per 1,000 events (the child, flood included): default 0.29-0.63, serial 0.31-0.39, 2,000 0.37-0.56,
// 1,000 0.52-0.59, cap 0.32-0.51, cap + 2,000 0.45-0.69. Serial was a provisional key, not kept.
// Native beside the capped heap (rss - heapTotal - external) still reaches ~730 MB, 248 of it file-backed.
// 2026-12-06, npm run bench -- --only=all-in-one --quick (whose peak is in the 10%-alert phase): the
// engine's own count (system.metrics MemoryTracking, read each second from inside the process) sits at
// 20-40 MB and jumps to 190-285 MB while it merges eight events parts horizontally; vertical merges
// (now in the engine's config) keep a merge at 4-12 MB; peak 1,034-1,109 MB beside 1,067-1,222 (4 rounds).
// What stays is V8's heap (heapTotal ~400 at the peak, ~150 MB of it live in a heap snapshot), the
// chdb library's pages (~235 file-backed) and ~350 MB of native memory the engine does not count.
// A 1.4 heap growing factor (v8.setFlagsFromString('--heap-growing-percent=40') from a preload)
// brought the peak to 988-1,001 MB for 10-17% fewer events/s (5,797 / 5,340 beside 6,414 / 6,154):
// not adopted; glibc's GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072 (with arena_max=2 or not)
// gave 985-1,088, within the noise.
// 2026-12-06, later: glibc held freed native memory; malloc_trim(0) from gdb at 928 MB took 107 MB at
// once. With the embedded engine's trim (CLICKHOUSE_EMBEDDED_TRIM_MS), this flood peaked at 923 / 956
// beside 946 / 948 (two rounds alternated, 0.379 / 0.422 CPU s per 1,000 beside 0.267 / 0.394), and
// the quick bench's 10%-alert phase at 943 / 921 / 938 beside 958 / 964 / 1,040 (three rounds).
// LD_PRELOAD of Debian's libjemalloc2 crashed the engine at start (munmap_chunk(): invalid pointer).
// 2026-12-07: a longer flood at 10% alerts (--alert-every=10, each alert its own incident), 450,000
// events at ~4,500/s: RSS climbed 969 → 1,266 MB over 100 s (VmHWM 1,368), heapTotal 401 → 566 MB
// and native (rss - heapTotal - external) 513 → 653. Two heap snapshots 50 s apart
// (--env=NODE_OPTIONS=--heapsnapshot-signal=SIGUSR2, then kill -USR2) held 235 and 177 MB of live
// objects, 83-93 MB of it the strings of events in flight: what grows is V8's sizing of its heap
// and the engine's native memory as the tables grow, not live state. INPROCESS_QUEUE_MAX_BYTES of
// 8 MiB beside the 16 MiB default, npm run bench -- --only=all-in-one --quick, four rounds
// alternated: peak 964 / 987 / 1,003 / 1,000 MB beside 1,026 / 1,073 / 1,028 / 1,037, events/s
// 7,304 / 5,444 / 6,609 / 6,213 beside 6,995 / 6,637 / 6,596 / 8,247: not adopted (under 1 GB in
// two rounds of four, for ~10% fewer events/s on average).
// SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/all-in-one-memory.ts [--events=N] [--alert-every=N] [--env=K=V,...]
// (--alert-every: one event in N raises an alert, 100 by default; the quick bench peaks in its 10%-alert phase, --alert-every=10)
// (flags as npm run bench; a pipeline that stalls keeps the flood retrying: wrap it in `timeout`).
import { readFileSync, rmSync } from 'node:fs';
import { withAllInOne } from './pipeline/all-in-one-bench';
import { parseOptions } from './pipeline/bench-options';
import { calibrate, phaseStream, runPhase } from './pipeline/phase';
import { allTemplates } from './pipeline/traffic-mix';
import { WebhookSink } from './pipeline/webhook-sink';

interface Sample {
  at: number;
  rssMb: number;
  anonMb: number;
  fileMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
}

function smaps(pid: number): { rss: number; anon: number; file: number } {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) / 1024;
  return { rss: kb('Rss'), anon: kb('Anonymous'), file: kb('Rss') - kb('Anonymous') };
}

async function metric(url: string): Promise<Map<string, number>> {
  // A busy process may drop the scrape: that sample shows no heap figures rather than ending the run.
  const text = await fetch(url).then((response) => response.text()).catch(() => '');
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(nodejs_heap_size_used_bytes|nodejs_heap_size_total_bytes|nodejs_external_memory_bytes)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) values.set(match[1], Number(match[2]) / 2 ** 20);
  }
  return values;
}

/** `--alert-every=N` (this script's own flag) and the arguments left for parseOptions. */
function alertEveryOf(argv: readonly string[]): { alertEvery: number; rest: string[] } {
  const flag = /^--alert-every=(.*)$/;
  const text = argv.map((arg) => flag.exec(arg)?.[1]).find((value) => value !== undefined);
  const alertEvery = Number(text ?? 100);
  if (!Number.isInteger(alertEvery) || alertEvery < 1) throw new Error(`--alert-every must be an integer of at least 1, got ${JSON.stringify(text)}`);
  return { alertEvery, rest: argv.filter((arg) => !flag.test(arg)) };
}

async function main(): Promise<void> {
  const { alertEvery, rest } = alertEveryOf(process.argv.slice(2));
  const options = parseOptions(rest);
  const sink = new WebhookSink();
  const webhookUrl = await sink.start();
  try {
    await withAllInOne(options, sink, webhookUrl, options.rules, async (target, correlatorUrl) => {
      const pid = target.pids()[0];
      const metricsUrl = `${correlatorUrl}/metrics`;
      const calibration = await calibrate(target, allTemplates(), 'mem-cal', 2000);
      const samples: Sample[] = [];
      const started = performance.now();
      const sample = async () => {
        const m = await metric(metricsUrl);
        const s = smaps(pid);
        samples.push({ at: (performance.now() - started) / 1000, rssMb: s.rss, anonMb: s.anon, fileMb: s.file, heapUsedMb: m.get('nodejs_heap_size_used_bytes') ?? NaN, heapTotalMb: m.get('nodejs_heap_size_total_bytes') ?? NaN, externalMb: m.get('nodejs_external_memory_bytes') ?? NaN });
      };
      await sample();
      const timer = setInterval(() => void sample(), 1000);
      const events = options.events ?? 60_000;
      const result = await runPhase(target, { label: 'flood', events, clients: options.clients, idleMs: options.idleMs, stream: phaseStream(calibration, alertEvery, options.batchSize, 'mem-flood') });
      clearInterval(timer);
      await sample();
      const f = (n: number) => n.toFixed(0).padStart(6);
      console.log('     s    rss   anon   file heapUsed heapTotal external  rss-heapTotal-external');
      for (const s of samples) console.log(`${f(s.at)} ${f(s.rssMb)} ${f(s.anonMb)} ${f(s.fileMb)} ${f(s.heapUsedMb)}   ${f(s.heapTotalMb)}   ${f(s.externalMb)}   ${f(s.rssMb - s.heapTotalMb - s.externalMb)}`);
      const peak = samples.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
      const max = (of: (s: Sample) => number) => Math.round(Math.max(...samples.map(of).filter((n) => !Number.isNaN(n))));
      console.log(
        JSON.stringify({
          env: options.childEnv,
          events,
          alertEvery,
          eventsPerSec: Math.round(result.eventsPerSec),
          cpuPer1000: Number(result.cpuPer1000.toFixed(3)),
          p99Ms: Math.round(result.p99Ms),
          missing: result.missing,
          peakRssMb: Math.round(peak.rssMb),
          // Anonymous and file-backed at the peak sample; each one's own peak; the V8 heap's peaks.
          atPeak: { anonMb: Math.round(peak.anonMb), fileMb: Math.round(peak.fileMb) },
          peakAnonMb: max((s) => s.anonMb),
          peakFileMb: max((s) => s.fileMb),
          peakHeapUsedMb: max((s) => s.heapUsedMb),
          peakHeapTotalMb: max((s) => s.heapTotalMb),
          rssMaxMb: Math.round(result.rssMaxMb),
        }),
      );
    });
  } finally {
    await sink.stop();
    rmSync(options.workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
