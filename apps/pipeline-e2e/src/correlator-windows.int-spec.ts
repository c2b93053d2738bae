import type { Event } from '@quell/contracts';
import { SimulatedCrash } from '@quell/platform-kafka';
import { BRUTE_FORCE_ID, bruteForce, CorrelatorFleet, FAILED_LOGON, logon, SUCCESSFUL_LOGON, T0, type CorrelatorDeployment } from './correlator-deployment';
import { eventually } from './topic-tail';

/** A detection rule on the event's `original.stage`, tagged with one ATT&CK tactic. */
const stageRule = (n: number, stage: string, tactic: string) => `title: Stage ${stage}
id: 5555555${n}-5555-4555-8555-555555555555
tags: [attack.${tactic}]
logsource: { category: authentication }
detection:
  selection: { stage: ${stage} }
  condition: selection
level: medium
`;

/** A logon on one host with no user, so that only the host's kill chain moves. */
const stageEvent = (stage: string, seconds: number): Event => ({ ...logon('success', '192.0.2.50', seconds), user: null, original: { stage } });

describe('correlator windows over Kafka and Redis', () => {
  const fleet = new CorrelatorFleet();
  const started = fleet.started.bind(fleet);

  afterAll(() => fleet.close(), 120_000);

  it('fires a correlation exactly once when the correlator is killed in the middle of the window and restarted', async () => {
    const deployment = fleet.deploy({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(4) });
    const ip = '203.0.113.7';

    // Two matches in, committed.
    const first = await started(deployment);
    await deployment.send([logon('failure', ip, 0), logon('failure', ip, 10)]);
    await eventually(() => deployment.caughtUp(), 'the first two matches to be committed');
    await first.stop();

    // The third match: its window state is written, then the process dies before the commit.
    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    const dying = await started(deployment, async ({ topic }) => {
      if (topic !== deployment.topics.matches) return;
      crashed();
      throw new SimulatedCrash();
    });
    await deployment.send([logon('failure', ip, 20)]);
    await crash;
    await dying.stop();

    // A new process replays the uncommitted match; the rest of the window follows.
    await started(deployment);
    await deployment.send([logon('failure', ip, 30), logon('failure', ip, 40)]);
    const correlations = () => deployment.decodedAlerts().filter((a) => a.kind === 'correlation');
    await eventually(() => correlations().some((a) => a.eventCount === 5), 'the opening alert and its update');
    await eventually(() => deployment.caughtUp(), 'both stages to commit everything');

    const alerts = correlations();
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    expect(alerts[0]).toMatchObject({ rule: { id: BRUTE_FORCE_ID, author: 'Correlation Author' }, eventCount: 4, firstSeen: T0 + 30_000 });
    expect(alerts.map((a) => a.eventCount)).toEqual([4, 5]);
  });

  it('escalates a host once after three tactics, with the kill-chain progress kept across a restart', async () => {
    const deployment = fleet.deploy({
      'access.yml': stageRule(1, 'access', 'initial-access'),
      'run.yml': stageRule(2, 'run', 'execution'),
      'stay.yml': stageRule(3, 'stay', 'persistence'),
    });
    const first = await started(deployment);
    await deployment.send([stageEvent('access', 0), stageEvent('run', 60)]);
    await eventually(async () => (await deployment.caughtUp()) && deployment.decodedAlerts().length === 2, 'two detections, committed');
    await first.stop();

    await started(deployment);
    await deployment.send([stageEvent('stay', 3600)]);
    const escalations = () => deployment.decodedAlerts().filter((a) => a.rule.id === 'quell.killchain.host');
    await eventually(() => escalations().length > 0, 'the kill-chain alert', 60_000);
    await eventually(() => deployment.caughtUp(), 'both stages to commit everything');
    expect(escalations()).toHaveLength(1);
    expect(escalations()[0]).toMatchObject({ tactics: ['initial-access', 'execution', 'persistence'], entities: [{ type: 'host', value: 'host-192.0.2.50' }] });
    expect(escalations()[0].explanation).toContain('initial-access (Stage access');
  });

  it('raises the same alerts with two replicas in one group (joining mid-window) as with one', async () => {
    const rules = { 'failed.yml': FAILED_LOGON, 'ok.yml': SUCCESSFUL_LOGON, 'brute.yml': bruteForce(3) };
    const addresses = Array.from({ length: 8 }, (_, i) => `198.51.100.${i + 1}`);
    const early = addresses.flatMap((ip, i) => [logon('failure', ip, i), logon('failure', ip, 10 + i)]);
    const late = addresses.flatMap((ip, i) => [logon('failure', ip, 20 + i), logon('failure', ip, 30 + i), logon('success', ip, 40 + i)]);

    const summary = (deployment: CorrelatorDeployment) => {
      const final = new Map<string, string>();
      for (const a of deployment.decodedAlerts()) {
        const seen = final.get(a.id);
        const count = Math.max(a.eventCount, Number(seen?.split(' ')[2] ?? 0));
        final.set(a.id, `${a.kind} ${a.rule.id} ${count}`);
      }
      return [...final.entries()].map(([id, what]) => `${id} ${what}`).sort();
    };

    const single = fleet.deploy(rules);
    await started(single);
    await single.send(early);
    await single.send(late);

    const pair = fleet.deploy(rules);
    await started(pair);
    await pair.send(early);
    await eventually(() => pair.caughtUp(), 'the first half on one replica');
    // The second replica joins: the group rebalances with every window half full.
    await started(pair);
    await pair.send(late);

    const expected = addresses.length * 2;
    for (const deployment of [single, pair]) {
      await eventually(async () => (await deployment.caughtUp()) && summary(deployment).length === expected, 'every alert', 90_000);
    }
    // Let the last updates land before comparing final counts.
    await eventually(() => summary(single).filter((s) => s.endsWith(' 4')).length === addresses.length, 'final counts on one replica');
    await eventually(() => summary(pair).filter((s) => s.endsWith(' 4')).length === addresses.length, 'final counts on two replicas');
    expect(summary(pair)).toEqual(summary(single));
    expect(summary(single).filter((s) => s.includes(' correlation ')).length).toBe(addresses.length);
  });
});
