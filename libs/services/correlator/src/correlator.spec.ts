import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedCrash } from '@quell/platform-kafka';
import { logonEvent } from './test/correlator-test-event';
import { InProcessCorrelator } from './test/correlator-harness';
import { BRUTE_FORCE_THEN_SUCCESS, bruteForce, FAILED_LOGON, SUCCESSFUL_LOGON } from './test/correlator-test-rules';

const ATTACKER = '203.0.113.7';

describe('correlator over the in-process bus', () => {
  let correlator: InProcessCorrelator;

  afterEach(async () => {
    await correlator.stop();
  });

  const correlationAlerts = () => correlator.alerts().filter((a) => a.kind === 'correlation');

  it('raises a detection alert per hit with the rule author, tags and ATT&CK, under an id a replay repeats', async () => {
    correlator = new InProcessCorrelator({ 'successful.yml': SUCCESSFUL_LOGON });
    await correlator.start();
    const event = logonEvent('success', 0, '198.51.100.20');
    await correlator.send([event, event]);
    const [first, second] = await correlator.until(() => (correlator.alerts().length === 2 ? correlator.alerts() : undefined), 'two alerts');
    expect(first).toMatchObject({
      kind: 'detection',
      tenant: 'acme',
      rule: { id: '22222222-2222-4222-8222-222222222222', title: 'Successful logon', level: 'informational', author: 'Test Author', tags: ['attack.initial-access', 'attack.t1078'] },
      tactics: ['initial-access'],
      techniques: ['T1078'],
      sampleEventIds: [event.id],
      entities: expect.arrayContaining([{ type: 'host', value: 'bastion-1' }, { type: 'ip', value: '198.51.100.20' }]),
      explanation: expect.stringContaining('Successful logon'),
    });
    expect(second.id).toBe(first.id);
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('opens one correlation alert when the count is reached, updates it under the same id, and folds the referenced rule', async () => {
    correlator = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(3) });
    await correlator.start();
    await correlator.send([logonEvent('failure', 0, ATTACKER), logonEvent('failure', 10, ATTACKER), logonEvent('failure', 20, '192.0.2.1')]);
    await correlator.settle();
    expect(correlator.alerts()).toEqual([]);

    await correlator.send([logonEvent('failure', 30, ATTACKER)]);
    const [opened] = await correlator.until(() => (correlationAlerts().length === 1 ? correlationAlerts() : undefined), 'the correlation alert');
    expect(opened).toMatchObject({
      kind: 'correlation',
      rule: { id: '33333333-3333-4333-8333-333333333333', title: 'Brute force from one address', level: 'high', author: 'Correlation Author', tags: ['attack.credential-access', 'attack.t1110.001'] },
      eventCount: 3,
      tactics: ['credential-access'],
      techniques: ['T1110.001'],
      details: expect.objectContaining({ 'correlation.type': 'event_count', 'correlation.value': '3', 'correlation.condition': 'gte 3', 'correlation.group.src_ip': ATTACKER, 'correlation.timespan': '5m' }),
    });
    expect(opened.explanation).toMatch(/event_count reached 3 \(condition gte 3\) within 5m for src_ip=203\.0\.113\.7/);
    expect(opened.sampleEventIds).toHaveLength(3);

    await correlator.send([logonEvent('failure', 40, ATTACKER)]);
    const updated = await correlator.until(() => (correlationAlerts().length === 2 ? correlationAlerts()[1] : undefined), 'the update');
    expect(updated.id).toBe(opened.id);
    expect(updated.eventCount).toBe(4);
    // generate is false: failed logons feed the correlation only.
    expect(correlator.alerts().filter((a) => a.kind === 'detection')).toEqual([]);
  });

  it('does not count an event without the group-by field, and counts that in a metric', async () => {
    correlator = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(2) });
    const service = await correlator.start();
    await correlator.send([logonEvent('failure', 0, null), logonEvent('failure', 1, null)]);
    await correlator.settle();
    expect(correlator.alerts()).toEqual([]);
    const metrics = await service.metrics.render();
    expect(metrics).toContain('quell_correlator_missing_group_by_total{correlation="33333333-3333-4333-8333-333333333333",service="correlator"} 2');
  });

  it('skips a broken rule file (logged with file, line and reason) and runs the others', async () => {
    correlator = new InProcessCorrelator({ 'broken.yml': 'title: broken\nlogsource: {}\ndetection:\n  condition: nothing\n', 'successful.yml': SUCCESSFUL_LOGON });
    await correlator.start();
    await correlator.send([logonEvent('success', 0, '198.51.100.20')]);
    await correlator.until(() => correlator.alerts().length === 1, 'the alert of the valid rule');
  });

  it('runs the stage-1 detectors plugged in beside the rules (watchlists raise intel alerts)', async () => {
    const watchlists = mkdtempSync(join(tmpdir(), 'quell-watchlists-'));
    writeFileSync(join(watchlists, 'attackers.csv'), `ip\n${ATTACKER}\n`);
    correlator = new InProcessCorrelator({ 'successful.yml': SUCCESSFUL_LOGON });
    await correlator.start(undefined, { WATCHLISTS_DIR: watchlists, WATCHLISTS_POLL_MS: '0' });
    await correlator.send([logonEvent('success', 0, ATTACKER)]);
    const alerts = await correlator.until(() => (correlator.alerts().length === 2 ? correlator.alerts() : undefined), 'the detection and the intel alert');
    expect(alerts.map((a) => a.kind).sort()).toEqual(['detection', 'intel']);
    expect(alerts.find((a) => a.kind === 'intel')?.details).toMatchObject({ 'intel.list': 'attackers', 'intel.indicator': ATTACKER });
  });

  it('chains: a brute force followed by a successful logon from the same address', async () => {
    correlator = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'ok.yml': SUCCESSFUL_LOGON, 'brute.yml': bruteForce(2), 'chain.yml': BRUTE_FORCE_THEN_SUCCESS });
    await correlator.start();
    await correlator.send([logonEvent('failure', 0, ATTACKER), logonEvent('failure', 5, ATTACKER), logonEvent('success', 60, ATTACKER)]);
    const chain = await correlator.until(() => correlationAlerts().find((a) => a.rule.id === '44444444-4444-4444-8444-444444444444'), 'the chained alert');
    expect(chain).toMatchObject({ rule: { level: 'critical' }, details: expect.objectContaining({ 'correlation.type': 'temporal_ordered', 'correlation.group.src_ip': ATTACKER }) });
    // generate: true on the chain keeps the inner correlation's and the successful logon's own alerts.
    expect(correlationAlerts().some((a) => a.rule.id === '33333333-3333-4333-8333-333333333333')).toBe(true);
    expect(correlator.alerts().some((a) => a.kind === 'detection' && a.rule.title === 'Successful logon')).toBe(true);
  });

  it('chains without generate: the inner correlation and the successful logon raise no alert of their own, only the chain does', async () => {
    const chainOnly = BRUTE_FORCE_THEN_SUCCESS.replace('generate: true', 'generate: false');
    correlator = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'ok.yml': SUCCESSFUL_LOGON, 'brute.yml': bruteForce(2), 'chain.yml': chainOnly });
    await correlator.start();
    await correlator.send([logonEvent('failure', 0, ATTACKER), logonEvent('failure', 5, ATTACKER), logonEvent('success', 60, ATTACKER)]);
    await correlator.until(() => correlationAlerts().find((a) => a.rule.id === '44444444-4444-4444-8444-444444444444'), 'the chained alert');
    await correlator.settle();
    expect(correlationAlerts().map((a) => a.rule.id)).toEqual(['44444444-4444-4444-8444-444444444444']);
    expect(correlator.alerts().filter((a) => a.kind === 'detection')).toEqual([]);
  });

  it('keeps the window across a restart and across a crash after the state write, before the commit: one episode', async () => {
    correlator = new InProcessCorrelator({ 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(3) });
    await correlator.start();
    await correlator.send([logonEvent('failure', 0, ATTACKER)]);
    await correlator.settle();
    await correlator.stop();

    let crashed = false;
    await correlator.start(async ({ topic }) => {
      if (topic !== correlator.topics.matches || crashed) return;
      crashed = true;
      throw new SimulatedCrash();
    });
    await correlator.send([logonEvent('failure', 10, ATTACKER)]);
    await correlator.until(() => crashed, 'the crash');
    await correlator.stop();

    await correlator.start();
    await correlator.settle();
    expect(correlationAlerts()).toEqual([]);
    await correlator.send([logonEvent('failure', 20, ATTACKER), logonEvent('failure', 30, ATTACKER)]);
    await correlator.until(() => correlationAlerts().length === 2, 'the opening and one update');
    await correlator.settle();
    const alerts = correlationAlerts();
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    expect(alerts.map((a) => a.eventCount)).toEqual([3, 4]);
  });
});
