import { drive, percentile, type BatchSender, type DriveOptions } from './load-driver';
import { RssSampler, threadCpuBetween, threadCpuSeconds, totalCpuSeconds } from './process-meter';
import { calibrationBatches, TrafficStream, type StreamOptions } from './traffic-stream';
import type { Template } from './traffic-mix';
import type { WebhookSink } from './webhook-sink';

/** The system under test as the bench sees it: where batches go, where incidents come out, which processes to meter. */
export interface Target {
  sender: BatchSender;
  sink: WebhookSink;
  pids: () => number[];
}

export interface PhaseResult {
  label: string;
  events: number;
  /** Events sent per second of sending (what was offered). */
  offeredPerSec: number;
  /** Events per second from the first send to the last expected incident. */
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  incidents: number;
  missing: number;
  cpuPer1000: number;
  rssSteadyMb: number;
  rssMaxMb: number;
  /** Per metered process: CPU seconds in the phase. */
  cpuByPid: Map<number, number>;
  /** Per metered process: CPU seconds in the phase by thread name (the main thread as `main`). */
  threadsByPid: Map<number, { name: string; seconds: number }[]>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the processes use under 0.1 of a core over a second (background work done), at most `maxMs`. */
export async function settle(pids: readonly number[], maxMs = 20_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let before = totalCpuSeconds(pids);
  while (performance.now() < deadline) {
    await sleep(1000);
    const now = totalCpuSeconds(pids);
    if (now - before < 0.1) return;
    before = now;
  }
}

/** Waits for an incident naming each host, until all came or none came for `idleMs`. */
async function arrivals(sink: WebhookSink, hosts: readonly string[], idleMs: number): Promise<number> {
  let count = -1;
  let lastProgress = performance.now();
  for (;;) {
    const arrived = hosts.filter((host) => sink.firstByHost.has(host)).length;
    if (arrived === hosts.length) return arrived;
    if (arrived !== count) {
      count = arrived;
      lastProgress = performance.now();
    } else if (performance.now() - lastProgress > idleMs) return arrived;
    await sleep(50);
  }
}

export interface PhaseOptions extends DriveOptions {
  label: string;
  stream: StreamOptions;
  idleMs: number;
}

/** Drives one phase and measures it end to end: rate, event→incident latency, CPU, RSS. */
export async function runPhase(target: Target, options: PhaseOptions): Promise<PhaseResult> {
  const pids = target.pids();
  const cpuBefore = new Map(pids.map((pid) => [pid, totalCpuSeconds([pid])]));
  const threadsBefore = new Map(pids.map((pid) => [pid, threadCpuSeconds(pid)]));
  const rss = new RssSampler(() => pids).start();
  const stream = new TrafficStream(options.stream);
  const sent = await drive(() => stream.next(), target.sender, options);
  const hosts = [...sent.sentAt.keys()];
  const arrived = await arrivals(target.sink, hosts, options.idleMs);
  const latencies = hosts
    .flatMap((host) => {
      const at = target.sink.firstByHost.get(host);
      const sentAt = sent.sentAt.get(host);
      return at === undefined || sentAt === undefined ? [] : [at - sentAt];
    })
    .sort((a, b) => a - b);
  const lastArrival = Math.max(sent.endedAt, ...hosts.map((host) => target.sink.firstByHost.get(host) ?? 0));
  const memory = rss.stop();
  await settle(pids);
  const cpuByPid = new Map(pids.map((pid) => [pid, totalCpuSeconds([pid]) - (cpuBefore.get(pid) ?? 0)]));
  const cpu = [...cpuByPid.values()].reduce((a, b) => a + b, 0);
  const threadsByPid = new Map(pids.map((pid) => [pid, threadCpuBetween(pid, threadsBefore.get(pid) ?? new Map(), threadCpuSeconds(pid))]));
  return {
    label: options.label,
    events: sent.events,
    offeredPerSec: sent.events / ((sent.endedAt - sent.startedAt) / 1000),
    eventsPerSec: sent.events / ((lastArrival - sent.startedAt) / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
    incidents: arrived,
    missing: hosts.length - arrived,
    cpuPer1000: (cpu / sent.events) * 1000,
    rssSteadyMb: memory.steadyMb,
    rssMaxMb: memory.maxMb,
    cpuByPid,
    threadsByPid,
  };
}

export interface Calibration {
  alerting: Template[];
  quiet: Template[];
  /** Incidents that named no calibration host (then the host-less templates were left out). */
  unattributed: number;
  droppedHostless: number;
}

/** The traffic of one phase: the calibrated templates, one alert in `alertEvery`, hosts tagged per phase. */
export function phaseStream(calibration: Calibration, alertEvery: number, batchSize: number, tag: string): StreamOptions {
  return { quiet: calibration.quiet, alerting: calibration.alerting, alertEvery, batchSize, tag };
}

/**
 * Sends every template once with a host of its own and waits: those whose host opens an incident
 * raise alerts with the rules loaded, the others are the quiet traffic. A template without a host
 * cannot be told apart; if any incident names no calibration host, those are left out.
 */
export async function calibrate(target: Target, templates: readonly Template[], tag: string, idleMs: number): Promise<Calibration> {
  const prefix = `${tag}-t`;
  target.sink.attributable = (host) => host.startsWith(prefix);
  const before = target.sink.unattributed;
  for (const batch of calibrationBatches(templates, tag, 1000)) await target.sender.send(batch);
  const hosts = templates.map((_, i) => `${prefix}${i}`);
  // No expectation of how many will come: wait for the pipeline to go quiet.
  let seen = -1;
  while (seen !== target.sink.calls) {
    seen = target.sink.calls;
    await sleep(idleMs);
    await settle(target.pids(), 30_000);
  }
  target.sink.attributable = () => true;
  const unattributed = target.sink.unattributed - before;
  const alerting = templates.filter((_, i) => target.sink.firstByHost.has(hosts[i]));
  let quiet = templates.filter((_, i) => !target.sink.firstByHost.has(hosts[i]));
  const hostless = quiet.filter((t) => !t.slots.includes('host')).length;
  if (unattributed > 0) quiet = quiet.filter((t) => t.slots.includes('host'));
  return { alerting, quiet, unattributed, droppedHostless: unattributed > 0 ? hostless : 0 };
}
