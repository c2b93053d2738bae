// `npm run bench`: Quell end to end under a realistic traffic mix (Windows/Sysmon, Linux syslog,
// firewall CEF and key=value, ECS JSON; 1% of events raising alerts, and a 10% variant) with
// SigmaHQ rules and 10 correlations loaded: the all-in-one over HTTP, then every stage as its own
// process over a real broker. Each figure has a baseline from the same run. The last line is the
// headline as one JSON object. A script, not a test: it prints. See README "Benchmarks".
//
//   npm run bench -- --quick        (about 2-3 minutes)    npm run bench   (about 15 minutes on 2 cores)
import { rmSync } from 'node:fs';
import os from 'node:os';
import { benchAllInOne, benchBaselineServer, log, type InstanceResult } from './pipeline/all-in-one-bench';
import { parseOptions, type BenchOptions } from './pipeline/bench-options';
import { benchDistributed, HISTORY_WRITER, type DistributedResult } from './pipeline/distributed-bench';
import type { BesideCpu } from './pipeline/machine-meter';
import type { PhaseResult } from './pipeline/phase';
import { profileAllInOne } from './pipeline/profile-bench';
import { printStageProfiles } from './pipeline/stage-profiles';
import { fmt, PHASE_HEADER, phaseRow, ratio, table } from './pipeline/report';
import { allTemplates, type Template } from './pipeline/traffic-mix';
import { WebhookSink } from './pipeline/webhook-sink';

interface Headline {
  allInOneEventsPerSec: number | null;
  allInOneP99Ms: number | null;
  allInOnePeakRssMb: number | null;
  distributedEventsPerSec: number | null;
  rules1000Over10: number | null;
}

const round = (value: number | undefined, digits = 0): number | null =>
  value === undefined || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

async function allInOne(options: BenchOptions, templates: readonly Template[], headline: Headline): Promise<void> {
  const sink = new WebhookSink();
  const webhookUrl = await sink.start();
  try {
    const main = await benchAllInOne(options, sink, webhookUrl, templates, options.rules, true);
    const baseline = await benchBaselineServer(options, main.calibration);
    const variants: InstanceResult[] = [];
    for (const rules of [options.rules * 2, 10, 1000]) variants.push(await benchAllInOne(options, sink, webhookUrl, templates, rules, false));
    printAllInOne(options, main, baseline, variants);
    const sustained = main.phases[0];
    const paced50 = main.phases.find((p) => p.label.includes('50%'));
    const cost = (rules: number) => variants.find((v) => v.rules === rules)?.phases[0].cpuPer1000;
    headline.allInOneEventsPerSec = round(sustained.eventsPerSec);
    headline.allInOneP99Ms = round(paced50?.p99Ms);
    headline.allInOnePeakRssMb = round(main.peakRssMb);
    const c10 = cost(10);
    const c1000 = cost(1000);
    headline.rules1000Over10 = c10 && c1000 ? round(c1000 / c10, 2) : null;
  } finally {
    await sink.stop();
  }
}

function printAllInOne(options: BenchOptions, main: InstanceResult, baseline: { eventsPerSec: number; cpuPer1000: number }, variants: InstanceResult[]): void {
  const c = main.calibration;
  console.log(`\n== all-in-one (one process, in-process bus, embedded ClickHouse), ${main.rules} SigmaHQ rules + 10 correlations (${main.rulesLoaded})`);
  console.log(
    `traffic: ${c.quiet.length} quiet and ${c.alerting.length} alert-raising templates; ${options.batchSize} events per request, ${options.clients} clients; ` +
      `end point: the notifier's webhook (first incident naming each alert-raising event's own host)` +
      (c.unattributed > 0 ? `; ${c.droppedHostless} host-less templates left out (${c.unattributed} calibration incidents named no calibration host, e.g. per-user ones)` : ''),
  );
  console.log(`start-up ${main.startSeconds.toFixed(1)} s, RSS idle ${fmt(main.idleRssMb)} MB, peak ${fmt(main.peakRssMb)} MB (VmHWM over all runs)`);
  const rows = main.phases.map((p) => phaseRow(p.label, p));
  rows.push(['baseline: trivial Node HTTP server, same requests', '', fmt(baseline.eventsPerSec), fmt(baseline.eventsPerSec), '', '', '', '', '', fmt(baseline.cpuPer1000, 3), '', '']);
  for (const v of variants) rows.push(phaseRow(`${v.rules} rules, sustained, 1% alerts`, v.phases[0]));
  console.log(table(PHASE_HEADER, rows));
  const sustained = main.phases[0];
  const p50 = main.phases.find((p) => p.label.includes('50%'));
  const doubled = variants.find((v) => v.rules === main.rules * 2)?.phases[0];
  const ten = variants.find((v) => v.rules === 10)?.phases[0];
  const thousand = variants.find((v) => v.rules === 1000)?.phases[0];
  console.log(`end-to-end rate vs baseline server: ${((sustained.eventsPerSec / baseline.eventsPerSec) * 100).toFixed(1)}%`);
  if (p50) {
    console.log(
      `rate doubled (50% paced → 100% unpaced): CPU s/1k ${ratio(p50.cpuPer1000, sustained.cpuPer1000)}, RSS steady ${ratio(p50.rssSteadyMb, sustained.rssSteadyMb)}, RSS max ${ratio(p50.rssMaxMb, sustained.rssMaxMb)}, p99 ${ratio(p50.p99Ms, sustained.p99Ms)}`,
    );
  }
  if (doubled) {
    console.log(
      `rules doubled (${main.rules} → ${main.rules * 2}): events/s ${ratio(sustained.eventsPerSec, doubled.eventsPerSec)}, CPU s/1k ${ratio(sustained.cpuPer1000, doubled.cpuPer1000)}, RSS max ${ratio(sustained.rssMaxMb, doubled.rssMaxMb)}`,
    );
  }
  if (ten && thousand) {
    console.log(
      `1,000 rules vs 10: CPU per event ${ratio(ten.cpuPer1000, thousand.cpuPer1000)} (rules1000Over10), events/s ${ratio(ten.eventsPerSec, thousand.eventsPerSec)}`,
    );
  }
  printMachineCpu(`the all-in-one (${sustained.label})`, sustained, main.beside);
}

const THREAD_GROUPS = ['main', 'V8 workers', 'libuv', 'ClickHouse and other'] as const;

/** Which of THREAD_GROUPS a thread of a stage process belongs to, by its name. */
function threadGroup(name: string): (typeof THREAD_GROUPS)[number] {
  if (name === 'main') return 'main';
  if (name.startsWith('V8')) return 'V8 workers';
  if (name.startsWith('libuv')) return 'libuv';
  return 'ClickHouse and other';
}

function printDistributed(options: BenchOptions, d: DistributedResult): void {
  console.log(`\n== distributed: 7 stage processes (the history writer an eighth, apart from the normalizer) over the broker (${d.infra}), ${options.rules} SigmaHQ rules + 10 correlations, events produced to the ingest topic`);
  console.log(`start-up ${d.startSeconds.toFixed(1)} s; ${d.calibration.quiet.length} quiet and ${d.calibration.alerting.length} alert-raising templates; end point: the notifier's webhook`);
  const rows = d.phases.map((p) => phaseRow(p.label, p));
  console.log(table(PHASE_HEADER, rows));
  const sustained = d.phases[0];
  if (!sustained) return;
  console.log(`\nper stage, sustained run (${fmt(sustained.events)} events); records/s is while the pipeline ran (a stage waits for its input), records per CPU-second of the process is what it does with one core of its own`);
  const groups = d.groups.map((g) => ({ ...g, name: g.group.replace(/^bench-[0-9a-f]+\.g\.?/, '') }));
  // The history writer's group is its own process's when it runs apart (HISTORY_WRITER), else the normalizer's.
  const stageOf = (group: string) => (group === HISTORY_WRITER && !d.pids.has(HISTORY_WRITER) ? 'normalizer' : group.replace(/-windows$/, ''));
  const stageRows = [...d.pids].map(([name, pid]) => {
    const cpu = sustained.cpuByPid.get(pid) ?? 0;
    const mine = groups.filter((g) => stageOf(g.name) === name);
    const main = mine.find((g) => g.name === name) ?? mine[0];
    return [
      name,
      mine.map((g) => `${g.name} ${fmt(g.records)}`).join(', '),
      fmt(main?.perSec ?? NaN),
      fmt((cpu / sustained.events) * 1000, 3),
      main && cpu > 0 ? fmt(main.records / cpu) : '-',
      main && cpu > 0 ? `${((main.records / cpu / d.copy.perCpuSecond) * 100).toFixed(0)}%` : '-',
      fmt(d.peakRssMb.get(name) ?? NaN),
    ];
  });
  stageRows.push(['baseline: raw kafkajs copy', `raw ${fmt(d.copy.records)}`, fmt(d.copy.perSec), '', fmt(d.copy.perCpuSecond), '100%', '']);
  console.log(table(['stage', 'groups: records', 'records/s', 'CPU s/1k events', 'records/CPU-s', 'of copy/CPU-s', 'peak RSS MB'], stageRows));
  console.log(`raw kafkajs copy: ${fmt(d.copy.records)} records in ${d.copy.seconds.toFixed(2)} s, ${fmt(d.copy.perSec)} records/s`);
  console.log(`\nCPU s per 1,000 events of each stage by thread, same run: main (JavaScript), V8's workers (GC), libuv's pool, and the embedded ClickHouse's threads`);
  const perThousand = (seconds: number) => fmt((seconds / sustained.events) * 1000, 3);
  const threadRows = [...d.pids].map(([name, pid]) => {
    const threads = sustained.threadsByPid.get(pid) ?? [];
    return [name, ...THREAD_GROUPS.map((group) => perThousand(threads.filter((t) => threadGroup(t.name) === group).reduce((sum, t) => sum + t.seconds, 0)))];
  });
  console.log(table(['stage', ...THREAD_GROUPS], threadRows));
  for (const [name, pid] of d.pids) {
    const others = (sustained.threadsByPid.get(pid) ?? []).filter((t) => threadGroup(t.name) === 'ClickHouse and other' && t.seconds > 0);
    if ((others.reduce((sum, t) => sum + t.seconds, 0) / sustained.events) * 1000 < 0.01) continue;
    console.log(`  ${name}, ClickHouse and other by thread: ${others.map((t) => `${t.name} ${perThousand(t.seconds)}`).join(', ')}`);
  }
  const history = d.pids.get(HISTORY_WRITER);
  const stored = groups.find((g) => g.name === HISTORY_WRITER)?.records;
  if (history !== undefined && stored) {
    const cpu = sustained.cpuByPid.get(history) ?? 0;
    console.log(`history writer (own process, NORMALIZER_ROLES=history): ${((cpu / stored) * 1000).toFixed(3)} CPU s per 1,000 events stored (${fmt(stored)} events, ${cpu.toFixed(1)} CPU s)`);
  }
  printMachineCpu('the stages (all processes above)', sustained, d.beside);
}

/** Where the machine's CPU went over a sustained run: the measured processes beside the broker, Redis, the bench and the kernel. */
function printMachineCpu(measured: string, sustained: PhaseResult, beside: BesideCpu): void {
  const measuredSeconds = [...sustained.cpuByPid.values()].reduce((a, b) => a + b, 0);
  const servers = beside.servers.reduce((sum, s) => sum + s.seconds, 0);
  // Clock ticks are counted per process and per core apart: the difference can round below zero.
  const rest = Math.max(0, beside.machine.busy - measuredSeconds - servers - beside.bench);
  const row = (name: string, seconds: number) => [name, seconds.toFixed(1), fmt((seconds / sustained.events) * 1000, 3), `${((seconds / beside.machine.busy) * 100).toFixed(0)}%`];
  console.log(`\nthe whole machine over the sustained run (${os.cpus().length} cores): what ${measured} spent beside what runs with them`);
  const rows = [
    row(measured, measuredSeconds),
    ...beside.servers.map((s) => row(s.name, s.seconds)),
    row('the bench: load driver, webhook sink', beside.bench),
    row('kernel and everything else', rest),
    row('machine busy', beside.machine.busy),
  ];
  rows.push(['stolen by the host (waiting, not working)', beside.machine.stolen.toFixed(1), fmt((beside.machine.stolen / sustained.events) * 1000, 3), '']);
  console.log(table(['where', 'CPU s', 'CPU s/1k events', 'of machine busy'], rows));
  for (const server of beside.servers) {
    const busiest = server.threads.filter((t) => (t.seconds / sustained.events) * 1000 >= 0.005).slice(0, 8);
    console.log(`  ${server.name} by thread: ${busiest.map((t) => `${t.name}${t.threads > 1 ? ` (${t.threads})` : ''} ${fmt((t.seconds / sustained.events) * 1000, 3)}`).join(', ')}`);
  }
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const headline: Headline = { allInOneEventsPerSec: null, allInOneP99Ms: null, allInOnePeakRssMb: null, distributedEventsPerSec: null, rules1000Over10: null };
  const started = performance.now();
  log(`node ${process.version}, ${options.quick ? 'quick' : 'full'} run, ${options.seconds} s per phase, work directory ${options.workDir}`);
  try {
    const templates = allTemplates();
    const kinds = templates.reduce((counts, t) => counts.set(t.kind, (counts.get(t.kind) ?? 0) + 1), new Map<string, number>());
    log(`${templates.length} event templates (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);
    if (options.profile) {
      const sink = new WebhookSink();
      await profileAllInOne(options, sink, await sink.start(), templates).finally(() => sink.stop());
      rmSync(options.workDir, { recursive: true, force: true });
      process.exit(0);
    }
    if (options.modes.allInOne) await allInOne(options, templates, headline);
    if (options.modes.distributed) {
      const result = await benchDistributed(options, templates);
      printDistributed(options, result);
      if (result.stageProfiles) printStageProfiles(result.stageProfiles, options.profileStages, result.phases[0]?.events ?? 1);
      headline.distributedEventsPerSec = round(result.phases[0]?.eventsPerSec);
    }
  } catch (error) {
    // The processes' logs stay for the post-mortem.
    log(`failed: ${(error as Error).stack ?? String(error)}\nlogs kept in ${options.workDir}`);
    process.exit(1);
  }
  rmSync(options.workDir, { recursive: true, force: true });
  console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(0)} s (machine: figures depend on what else runs; see README "Benchmarks")`);
  console.log(JSON.stringify(headline));
  process.exit(0);
}

void main();
