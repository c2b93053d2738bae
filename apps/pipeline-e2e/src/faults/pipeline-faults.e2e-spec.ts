// The pipeline under faults, over a broker and a Redis of its own: ingest, normalizer and
// correlator as separate processes (restarted a second after they exit, as pods are), events
// shipped through the ingest topic (and over HTTP) while the fault hits. Each scenario asserts that
// every event sent reaches the alerts topic once in effect (a copy only under the same id), that
// the per-host correlation counts exactly, and that readiness showed the outage; it prints one
// line of figures. One file, so the scenarios run one after the other on one broker and one Redis.
import { join } from 'node:path';
import type { Alert, Event } from '@quell/contracts';
import { eventsTable } from '@quell/platform-event-history';
import { waitFor } from '@quell/platform-testing';
import { decodedAlerts, decodedEvents, describeOutcome, isComplete, outcomeOf, type Decoded, type FaultOutcome } from './fault-outcome';
import { IngestHttpClient } from './fault-http-client';
import { API_KEY, FaultPipeline, STAGES, type StageName } from './fault-pipeline';
import { FaultStream, Shipper } from './fault-stream';
import { historyCopies } from './history-copies';
import { InProcessNormalizer } from './in-process-normalizer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const OUTAGE_MS = 30_000;

describe('the pipeline under faults (own broker and Redis, stages as processes)', () => {
  const pipeline = new FaultPipeline();
  let shipper: Shipper;
  let events: Decoded<Event>;
  let alerts: Decoded<Alert>;

  beforeAll(async () => {
    await pipeline.start();
    shipper = new Shipper([pipeline.broker.brokers], pipeline.topics.ingest);
    await shipper.connect();
    events = decodedEvents(pipeline.events);
    alerts = decodedAlerts(pipeline.alerts);
  }, 300_000);

  afterAll(async () => {
    await shipper?.disconnect().catch(() => undefined);
    await pipeline.stop();
  }, 120_000);

  /** Waits until the stream is complete at the end of the pipeline (or time runs out) and returns what arrived. */
  async function settle(stream: FaultStream, timeoutMs = 120_000): Promise<FaultOutcome> {
    await waitFor(() => (isComplete(outcomeOf(stream, events, alerts)) ? true : undefined), {
      timeoutMs,
      intervalMs: 1000,
      description: `every event of ${stream.name} at the end of the pipeline`,
    }).catch(() => undefined);
    return outcomeOf(stream, events, alerts);
  }

  /** Milliseconds from `since` until every replica of `stages` answers 200, or the failure's message. */
  async function readyAgain(since: number, stages: readonly StageName[] = STAGES): Promise<number | string> {
    try {
      for (const name of stages) for (const replica of pipeline.stage(name).replicas) await replica.waitReady(90_000);
      return Date.now() - since;
    } catch (error) {
      return (error as Error).message;
    }
  }

  function report(outcome: FaultOutcome, readiness: string): void {
    process.stdout.write(`${describeOutcome(outcome, readiness)}\n`);
    if (!isComplete(outcome)) process.stderr.write(`${outcome.name} incomplete; stage logs:\n${pipeline.logs()}\n`);
  }

  function expectExact(outcome: FaultOutcome): void {
    expect(outcome.reidentified).toEqual([]);
    expect(outcome.missing).toEqual([]);
    expect(outcome.arrived).toBe(outcome.sent);
    for (const host of outcome.hosts) expect(host).toEqual({ host: host.host, expected: host.expected, seen: host.expected, alertIds: 1 });
  }

  it('loses and double-counts nothing when the broker is stopped for 30 s mid-stream, HTTP clients retrying with their Idempotency-Key', async () => {
    const stream = new FaultStream('broker', 10);
    const http = new IngestHttpClient(() => pipeline.stage('ingest').first.url, API_KEY);
    const sending = Promise.all([shipper.ship(stream, 1500, 50, 1000), http.post(stream, 50, 10, 1000)]);
    await sleep(8_000);
    const down = Date.now();
    await pipeline.broker.stop();
    await sleep(OUTAGE_MS);
    await pipeline.broker.start();
    const up = Date.now();
    const ready = await readyAgain(up);
    await sending;
    const outcome = await settle(stream);
    report(outcome, `${pipeline.watch.describe(down + 3000, up)}; all 200 again ${ready} ms after the restart; ${http.describe()}`);

    for (const name of STAGES) expect(pipeline.watch.statuses(`${name}-1`, down + 3000, up)).toContain(503);
    expect(typeof ready).toBe('number');
    expect(http.stats.unavailable + http.stats.timeouts).toBeGreaterThan(0);
    expectExact(outcome);
  }, 400_000);

  it('loses and double-counts nothing when Redis is paused for 30 s, then stopped and started again (AOF)', async () => {
    const stream = new FaultStream('redis', 10);
    const shipping = shipper.ship(stream, 2200, 50, 1000);
    await sleep(5_000);
    const paused = Date.now();
    await pipeline.redis.pause();
    await sleep(OUTAGE_MS);
    await pipeline.redis.resume();
    const resumed = Date.now();
    const readyAfterPause = await readyAgain(resumed, ['correlator']);
    const stopped = Date.now();
    await pipeline.redis.stop();
    await sleep(3_000);
    await pipeline.redis.start();
    const restarted = Date.now();
    const readyAfterRestart = await readyAgain(restarted, ['correlator']);
    await shipping;
    const outcome = await settle(stream);
    report(
      outcome,
      `paused: ${pipeline.watch.describe(paused + 3000, resumed)}, correlator 200 ${readyAfterPause} ms after SIGCONT; ` +
        `stopped: ${pipeline.watch.describe(stopped, restarted)}, correlator 200 ${readyAfterRestart} ms after the restart`,
    );

    expect(pipeline.watch.statuses('correlator-1', paused + 3000, resumed)).toContain(503);
    expect([typeof readyAfterPause, typeof readyAfterRestart]).toEqual(['number', 'number']);
    expectExact(outcome);
  }, 400_000);

  it('loses and double-counts nothing when each stage is SIGKILLed mid-batch and restarted', async () => {
    const stream = new FaultStream('kill', 10);
    const kills: string[] = [];
    for (const name of STAGES) {
      // A backlog of 2,000 events (several batches), and the kill as soon as the stage's first
      // outputs show up: it lands while the stage is working through the backlog.
      const output = pipeline.outputOf(name);
      const before = output.records.length;
      await shipper.burst(stream, 2000);
      await waitFor(() => (output.records.length > before ? true : undefined), { timeoutMs: 30_000, intervalMs: 5, description: `${name} at work` });
      const replica = pipeline.stage(name).first;
      const killed = Date.now();
      await replica.kill();
      const outputsAtKill = output.records.length - before;
      const ready = await readyAgain(killed, [name]);
      const seen = pipeline.watch.describe(killed, Date.now()).split(', ').find((d) => d.startsWith(replica.name));
      kills.push(`${name} killed after ${outputsAtKill} outputs of the backlog, 200 again after ${ready} ms (${seen})`);
      expect(typeof ready).toBe('number');
    }
    const outcome = await settle(stream);
    report(outcome, kills.join('; '));
    expectExact(outcome);
  }, 400_000);

  it('loses and double-counts nothing when the normalizer and the correlator scale from one replica to three and back mid-stream', async () => {
    const stream = new FaultStream('scale', 10);
    const shipping = shipper.ship(stream, 3000, 50, 1000);
    const started = Date.now();
    await sleep(3_000);
    for (const name of ['normalizer', 'correlator'] as const) await pipeline.scale(name, 3);
    const scaledUp = Date.now();
    await sleep(5_000);
    for (const name of ['normalizer', 'correlator'] as const) await pipeline.scale(name, 1);
    await shipping;
    const outcome = await settle(stream);
    report(outcome, `3 replicas each ${Math.round((scaledUp - started) / 1000)} s into the stream; ${pipeline.watch.describe(started)}`);
    expectExact(outcome);
  }, 400_000);

  it('writes every event to the history exactly once when the history writer loses its ClickHouse table for 30 s', async () => {
    // The engine binds its directory to one process: the normalizer moves into this one for the scenario.
    await pipeline.scale('normalizer', 0);
    const normalizer = await InProcessNormalizer.start({ ...pipeline.env.normalizer, CLICKHOUSE_DATA_DIR: join(pipeline.dir, 'clickhouse-in-process') });
    pipeline.watch.watch(normalizer);
    try {
      const stream = new FaultStream('history', 10);
      const shipping = shipper.ship(stream, 1500, 50, 1000);
      await sleep(5_000);
      const detached = Date.now();
      await normalizer.clickhouse.command({ query: `DETACH TABLE ${eventsTable(normalizer.database)}` });
      await sleep(OUTAGE_MS);
      await normalizer.clickhouse.command({ query: `ATTACH TABLE ${eventsTable(normalizer.database)}` });
      const attached = Date.now();
      const readyAfter = await waitFor(async () => ((await normalizer.readiness()) === 200 ? Date.now() - attached : undefined), {
        timeoutMs: 60_000,
        intervalMs: 250,
        description: 'the in-process normalizer ready again once its table is back',
      }).catch((error: Error) => error.message);
      await shipping;
      const outcome = await settle(stream);
      const ids = [...new Set(events.all().filter((e) => e.original['fault.seq']?.startsWith('history-')).map((e) => e.id))];
      const history = await waitFor(
        async () => {
          const copies = await historyCopies(normalizer.clickhouse, normalizer.database, ids);
          return copies.distinct === ids.length ? copies : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 2000, description: 'every event of the scenario in the history' },
      ).catch(() => historyCopies(normalizer.clickhouse, normalizer.database, ids));
      // The engine answers its health ping without the table; the history writer's consumer says
      // it is waiting for its dependency (a batch held past a 2 s grace), so readiness shows the loss.
      const readiness = pipeline.watch.describe(detached + 3000, attached).split(', ').find((d) => d.startsWith(normalizer.name));
      report(outcome, `history ${history.distinct}/${ids.length} ids in ${history.rows} rows; during the outage ${readiness}; 200 ${readyAfter} ms after the table came back`);
      expect(pipeline.watch.statuses(normalizer.name, detached + 3000, attached)).toContain(503);
      expect(typeof readyAfter).toBe('number');
      expectExact(outcome);
      expect(history).toEqual({ distinct: ids.length, rows: ids.length });
    } finally {
      pipeline.watch.unwatch(normalizer.name);
      await normalizer.stop();
    }
  }, 400_000);
});
