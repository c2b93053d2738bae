// The all-in-one as a child process (apps/all-in-one, as `npm start` runs it, with a temporary data
// directory, its own port and API key, no demo stream), driven over HTTP; incidents come out at
// the notifier's webhook, which is the end point every figure is measured to.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from '@quell/platform-testing';
import { writeRuleSet } from './bench-rules';
import type { BenchOptions } from './bench-options';
import { HttpSender, drive } from './load-driver';
import { calibrate, phaseStream, runPhase, settle, type Calibration, type PhaseResult, type Target } from './phase';
import { BesideMeter, type BesideCpu } from './machine-meter';
import { memoryMb, totalCpuSeconds } from './process-meter';
import { ServiceProcess } from './service-process';
import { BENCH_GROUPING_ENV, TrafficStream } from './traffic-stream';
import type { Template } from './traffic-mix';
import { routedWebhookEnv, type WebhookSink } from './webhook-sink';

export interface InstanceResult {
  rules: number;
  rulesLoaded: string;
  startSeconds: number;
  calibration: Calibration;
  phases: PhaseResult[];
  peakRssMb: number;
  idleRssMb: number;
  /** The machine beside the all-in-one over its first sustained phase: the bench's HTTP clients and the rest. */
  beside: BesideCpu;
}

async function rulesLoaded(correlatorUrl: string): Promise<string> {
  const text = await (await fetch(`${correlatorUrl}/metrics`)).text().catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.startsWith('quell_rules_loaded'))
    .map((line) => line.replace(/^quell_rules_loaded\{?([^}]*)\}?\s+/, '$1=').replace(/"/g, ''))
    .join(' ');
}

/** Starts an all-in-one with `rules` SigmaHQ rules and 10 correlations; `work` runs against it, then it stops. */
export async function withAllInOne<T>(
  options: BenchOptions,
  sink: WebhookSink,
  webhookUrl: string,
  rules: number,
  work: (target: Target, correlatorUrl: string, dir: string) => Promise<T>,
  child: { env?: Record<string, string>; nodeArgs?: (dir: string) => string[] } = {},
): Promise<T> {
  const dir = join(options.workDir, `all-in-one-${rules}-${randomUUID().slice(0, 6)}`);
  mkdirSync(dir, { recursive: true });
  const ruleSet = writeRuleSet(join(dir, 'rules'), rules);
  // One port serves every service's API and health (apps/all-in-one single-port.ts).
  const port = await freePorts(1);
  const apiKey = randomUUID();
  const service = ServiceProcess.app(
    `all-in-one (${ruleSet.sigma} rules)`,
    'all-in-one',
    {
      QUELL_DEMO: '0',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      INGEST_API_KEYS: `bench:${apiKey}`,
      CLICKHOUSE_DATA_DIR: join(dir, 'clickhouse'),
      RULES_DIR: ruleSet.dir,
      RULES_POLL_INTERVAL_MS: '0',
      ...routedWebhookEnv(dir, webhookUrl),
      ...BENCH_GROUPING_ENV,
      LOG_LEVEL: options.logLevel,
      ...options.childEnv,
      ...child.env,
    },
    join(dir, 'all-in-one.log'),
    [`http://127.0.0.1:${port}/health/ready`],
    child.nodeArgs?.(dir) ?? [],
  ).start();
  const sender = new HttpSender(`http://127.0.0.1:${port}/v1/events`, apiKey, options.clients);
  try {
    await service.waitReady();
    return await work({ sender, sink, pids: () => [service.pid] }, `http://127.0.0.1:${port}`, dir);
  } finally {
    await sender.close();
    await service.stop();
  }
}

/** Events for a sustained phase of about `seconds`, from a short unpaced probe's rate. */
export async function probeRate(target: Target, options: BenchOptions, pools: Calibration, tag: string): Promise<number> {
  const probe = await runPhase(target, {
    label: 'probe',
    events: options.probeEvents,
    clients: options.clients,
    idleMs: options.idleMs,
    stream: { quiet: pools.quiet, alerting: pools.alerting, alertEvery: 100, batchSize: options.batchSize, tag },
  });
  return probe.eventsPerSec;
}

/** One all-in-one with `rules` rules: calibration, then the sustained phase (and, for the main rule count, paced and 10% phases). */
export async function benchAllInOne(
  options: BenchOptions,
  sink: WebhookSink,
  webhookUrl: string,
  templates: readonly Template[],
  rules: number,
  full: boolean,
): Promise<InstanceResult> {
  const started = performance.now();
  return withAllInOne(options, sink, webhookUrl, rules, async (target, correlatorUrl) => {
    const startSeconds = (performance.now() - started) / 1000;
    const idleRssMb = memoryMb(target.pids()[0])?.rss ?? NaN;
    const tag = `r${rules}-${randomUUID().slice(0, 4)}`;
    const calibration = await calibrate(target, templates, `${tag}-cal`, options.quick ? 2000 : 3000);
    const loaded = await rulesLoaded(correlatorUrl);
    log(`all-in-one ${rules} rules: ready in ${startSeconds.toFixed(1)} s; ${calibration.alerting.length} of ${templates.length} templates raise alerts (${loaded})`);
    const rate = await probeRate(target, options, calibration, `${tag}-p`);
    const events = options.events ?? Math.max(2000, Math.round(rate * options.seconds));
    const stream = (alertEvery: number, name: string) => phaseStream(calibration, alertEvery, options.batchSize, `${tag}-${name}`);
    const phases: PhaseResult[] = [];
    const phase = async (label: string, extra: { events?: number; seconds?: number; rate?: number }, alertEvery: number, name: string) => {
      const result = await runPhase(target, { label, clients: options.clients, idleMs: options.idleMs, stream: stream(alertEvery, name), ...extra });
      phases.push(result);
      log(`  ${label}: ${Math.round(result.eventsPerSec)} events/s end to end, p99 ${Math.round(result.p99Ms)} ms, ${result.missing} incidents missing`);
      return result;
    };
    const besideMeter = new BesideMeter();
    const sustained = await phase('sustained, unpaced, 1% alerts', { events }, 100, 's');
    const beside = besideMeter.stop();
    if (full) {
      const paced = (share: number) => ({ rate: sustained.eventsPerSec * share, seconds: options.seconds });
      await phase('paced at 50% of sustained', paced(0.5), 100, 'p50');
      await phase('paced at 90% of sustained', paced(0.9), 100, 'p90');
      await phase('sustained, unpaced, 10% alerts', { events }, 10, 's10');
    }
    const peakRssMb = memoryMb(target.pids()[0])?.peak ?? NaN;
    return { rules, rulesLoaded: loaded, startSeconds, calibration, phases, peakRssMb, idleRssMb, beside };
  });
}

/** The trivial HTTP server given the same requests by the same clients: events/s and CPU per 1,000. */
export async function benchBaselineServer(options: BenchOptions, pools: Calibration): Promise<{ eventsPerSec: number; cpuPer1000: number }> {
  const port = (await freePorts(1)).toString();
  const dir = join(options.workDir, 'baseline');
  mkdirSync(dir, { recursive: true });
  const server = new ServiceProcess('baseline http server', join(__dirname, 'baseline-http-server.ts'), { HTTP_PORT: port }, join(dir, 'baseline.log'), [
    `http://127.0.0.1:${port}/`,
  ]).start();
  const sender = new HttpSender(`http://127.0.0.1:${port}/v1/events`, 'none', options.clients);
  try {
    await server.waitReady();
    const stream = new TrafficStream({ quiet: pools.quiet, alerting: pools.alerting, alertEvery: 100, batchSize: options.batchSize, tag: 'baseline' });
    await drive(() => stream.next(), sender, { seconds: 1, clients: options.clients }); // warm-up
    await settle([server.pid]);
    const cpu = totalCpuSeconds([server.pid]);
    const result = await drive(() => stream.next(), sender, { seconds: options.seconds, clients: options.clients });
    return {
      eventsPerSec: result.events / ((result.endedAt - result.startedAt) / 1000),
      cpuPer1000: ((totalCpuSeconds([server.pid]) - cpu) / result.events) * 1000,
    };
  } finally {
    await sender.close();
    await server.stop();
  }
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
