import type { Alert } from '@quell/contracts';
import { logonEvent } from '../test/correlator-test-event';
import { InProcessCorrelator } from '../test/correlator-harness';
import { bruteForce, FAILED_LOGON, stageRule } from '../test/correlator-test-rules';

const HOST = 'web-7';

/** A logon event on HOST (no user, so only the host is tracked) carrying `original.stage`. */
const stageEvent = (stage: string, seconds: number) =>
  logonEvent('success', seconds, null, { host: { name: HOST, ip: '10.0.0.7' }, user: null, original: { stage } });

const STAGE_RULES = {
  'access.yml': stageRule(1, 'access', 'initial-access'),
  'run.yml': stageRule(2, 'run', 'execution'),
  'stay.yml': stageRule(3, 'stay', 'persistence'),
};

describe('correlator kill chain', () => {
  let correlator: InProcessCorrelator;

  afterEach(async () => {
    await correlator.stop();
  });

  const killChainAlerts = (): Alert[] => correlator.alerts().filter((a) => a.rule.id.startsWith('quell.killchain.'));

  it('escalates once when a host reaches three tactics within the window, across a restart of both stages', async () => {
    correlator = new InProcessCorrelator(STAGE_RULES);
    await correlator.start();
    await correlator.send([stageEvent('access', 0), stageEvent('run', 600)]);
    await correlator.settle();
    expect(killChainAlerts()).toEqual([]);
    await correlator.stop();

    await correlator.start();
    // Hours later, still within the default 24 h window.
    await correlator.send([stageEvent('stay', 5 * 3600)]);
    const [alert] = await correlator.until(() => (killChainAlerts().length > 0 ? killChainAlerts() : undefined), 'the kill-chain alert');
    await correlator.settle();
    expect(killChainAlerts()).toHaveLength(1);
    expect(alert).toMatchObject({
      kind: 'correlation',
      rule: { id: 'quell.killchain.host', level: 'high' },
      entities: [{ type: 'host', value: HOST }],
      tactics: ['initial-access', 'execution', 'persistence'],
      details: expect.objectContaining({ 'killchain.tactics': '3', 'killchain.window': '24h' }),
    });
    expect(alert.explanation).toMatch(/initial-access \(Stage access, .*\) → execution \(Stage run, .*\) → persistence \(Stage stay, .*\)/);
  });

  it('does not escalate when the third tactic falls outside KILLCHAIN_WINDOW_MS', async () => {
    correlator = new InProcessCorrelator(STAGE_RULES);
    await correlator.start(undefined, { KILLCHAIN_WINDOW_MS: String(3_600_000) });
    await correlator.send([stageEvent('access', 0), stageEvent('run', 60), stageEvent('stay', 3601)]);
    await correlator.settle();
    expect(correlator.alerts().filter((a) => a.kind === 'detection')).toHaveLength(3);
    expect(killChainAlerts()).toEqual([]);
  });

  it("counts the tactics of stage 2's correlation alerts (brute force: credential access)", async () => {
    correlator = new InProcessCorrelator({ ...STAGE_RULES, 'failed.yml': FAILED_LOGON, 'brute.yml': bruteForce(2) });
    await correlator.start(undefined, { KILLCHAIN_MIN_TACTICS: '3' });
    const failure = (seconds: number) => logonEvent('failure', seconds, '203.0.113.9', { host: { name: HOST, ip: '10.0.0.7' }, user: null });
    await correlator.send([stageEvent('access', 0), failure(10), failure(20), stageEvent('run', 30)]);
    const [alert] = await correlator.until(() => (killChainAlerts().length > 0 ? killChainAlerts() : undefined), 'the kill-chain alert');
    expect(alert.tactics).toEqual(['initial-access', 'credential-access', 'execution']);
    expect(alert.explanation).toContain('credential-access (Brute force from one address');
  });

  it('rejects an invalid KILLCHAIN_MIN_TACTICS naming the key', async () => {
    correlator = new InProcessCorrelator(STAGE_RULES);
    await expect(correlator.start(undefined, { KILLCHAIN_MIN_TACTICS: '0' })).rejects.toThrow(/KILLCHAIN_MIN_TACTICS/);
  });
});
