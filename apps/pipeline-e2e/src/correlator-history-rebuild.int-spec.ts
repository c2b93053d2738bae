import { bruteForce, BRUTE_FORCE_ID, CorrelatorFleet, FAILED_LOGON, logon, type CorrelatorDeployment, type ReplicaOptions } from './correlator-deployment';
import { eventually } from './topic-tail';

/** Window state in memory only: each replica starts with an empty state store, as after a Redis flush or without Redis. */
const NO_REDIS: ReplicaOptions = { redis: false };

describe('correlator windows rebuilt from ClickHouse history over Kafka, without Redis', () => {
  const fleet = new CorrelatorFleet();
  afterAll(() => fleet.close(), 120_000);

  const correlations = (deployment: CorrelatorDeployment) => deployment.decodedAlerts().filter((a) => a.kind === 'correlation');

  /**
   * Four failed logons of a five-failure brute force in, committed and in the history (stored
   * before they are sent, as the history writer may be ahead of stage 2), then the replica dies
   * with its window state; a new replica with an empty state store gets the fifth.
   */
  async function killedAfterFourOfFive(options: ReplicaOptions): Promise<{ deployment: CorrelatorDeployment; base: number }> {
    const deployment = fleet.deploy({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(5) });
    const ip = '203.0.113.9';
    // Recent events: the rebuild reads back the longest timespan (5m) plus the allowed lateness from now.
    const base = Date.now() - 120_000;
    const first = await fleet.started(deployment, undefined, options);
    const four = [0, 10, 20, 30].map((seconds) => logon('failure', ip, seconds, base));
    await deployment.remember(four);
    await deployment.send(four);
    await eventually(() => deployment.caughtUp(), 'the four matches to be committed');
    await first.stop();

    await fleet.started(deployment, undefined, options);
    const fifth = logon('failure', ip, 40, base);
    await deployment.remember([fifth]);
    await deployment.send([fifth]);
    await eventually(() => deployment.caughtUp(), 'both stages to commit the fifth');
    return { deployment, base };
  }

  it('fires the correlation exactly once when the fifth match arrives after a restart with an empty state store', async () => {
    const { deployment, base } = await killedAfterFourOfFive(NO_REDIS);
    await eventually(() => correlations(deployment).length > 0, 'the correlation alert', 60_000);

    const alerts = correlations(deployment);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    // Fed by the rebuild, the fifth match replayed from the topic is not counted again.
    expect(alerts.map((a) => a.eventCount)).toEqual([5]);
    expect(alerts[0]).toMatchObject({ rule: { id: BRUTE_FORCE_ID }, firstSeen: base + 40_000 });
  });

  it('forgets the four matches when the rebuild is turned off (what the rebuild fixes)', async () => {
    const { deployment } = await killedAfterFourOfFive({ ...NO_REDIS, env: { CORRELATION_HISTORY_REBUILD: 'false' } });
    // Stage 2 committed the fifth match, so anything it raised is on the alerts topic: give the tail time to read it.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(correlations(deployment)).toEqual([]);
  });
});
