// The pipeline under faults, over a broker and a Redis of its own: ingest, normalizer and
// correlator as separate processes, events shipped through the ingest topic while the fault hits.
// Each scenario asserts that every event sent reaches the alerts topic once in effect (a copy only
// under the same id), that the per-host correlation counts exactly, and that readiness showed the
// outage. One file, so the scenarios run one after the other on one broker and one Redis.
import type { Alert, Event } from '@quell/contracts';
import { waitFor } from '@quell/platform-testing';
import { decodedAlerts, decodedEvents, describeOutcome, isComplete, outcomeOf, type Decoded, type FaultOutcome } from './fault-outcome';
import { FaultPipeline, STAGES } from './fault-pipeline';
import { FaultStream, Shipper } from './fault-stream';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  async function settle(stream: FaultStream, timeoutMs: number): Promise<FaultOutcome> {
    await waitFor(() => (isComplete(outcomeOf(stream, events, alerts)) ? true : undefined), {
      timeoutMs,
      intervalMs: 1000,
      description: `every event of ${stream.name} at the end of the pipeline`,
    }).catch(() => undefined);
    return outcomeOf(stream, events, alerts);
  }

  /** Waits for every replica of every stage to answer 200 again; returns how long that took. */
  async function allReady(since: number, timeoutMs = 90_000): Promise<number> {
    for (const name of STAGES) for (const replica of pipeline.stage(name).replicas) await replica.waitReady(timeoutMs);
    return Date.now() - since;
  }

  function expectExact(outcome: FaultOutcome): void {
    if (!isComplete(outcome)) process.stderr.write(`${outcome.name} incomplete; logs:\n${pipeline.logs()}\n`);
    expect(outcome.reidentified).toEqual([]);
    expect(outcome.missing).toEqual([]);
    expect(outcome.arrived).toBe(outcome.sent);
    for (const host of outcome.hosts) expect(host).toEqual({ host: host.host, expected: host.expected, seen: host.expected, alertIds: 1 });
  }

  it('loses and double-counts nothing when the broker is stopped for 30 s mid-stream and started again', async () => {
    const stream = new FaultStream('broker', 10);
    const shipping = shipper.ship(stream, 2000, 50, 1000);
    await sleep(10_000);
    const down = Date.now();
    await pipeline.broker.stop();
    await sleep(Number(process.env['H5_OUTAGE_MS'] ?? 30_000));
    await pipeline.broker.start();
    const up = Date.now();
    const readyAfter = await allReady(up).catch((error: Error) => error.message);
    await shipping;
    const outcome = await settle(stream, 120_000);
    process.stdout.write(`${describeOutcome(outcome, `${pipeline.watch.describe(down + 3000, up)}; all ready ${readyAfter} ms after restart`)}\n`);

    for (const name of STAGES) expect(pipeline.watch.statuses(`${name}-1`, down + 3000, up)).toContain(503);
    expect(typeof readyAfter).toBe('number');
    expectExact(outcome);
  }, 400_000);
});
