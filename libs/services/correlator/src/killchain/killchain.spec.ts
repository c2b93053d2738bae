import type { Alert } from '@quell/contracts';
import { logonEvent } from '../test/correlator-test-event';
import { InProcessCorrelator } from '../test/correlator-harness';
import { bruteForce, FAILED_LOGON, stageRule } from '../test/correlator-test-rules';
import { Registry } from 'prom-client';
import type { Logger, PipelineMetrics } from '@quell/platform-observability';
import { CorrelatorMetrics } from '../correlator.metrics';
import { killChainObserver } from './killchain.processor';

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

  /** A logon event on `host` (no user) carrying `original.stage`, `seconds` after T0. */
  const onHost = (host: string, stage: string, seconds: number) => logonEvent('success', seconds, null, { host: { name: host, ip: null }, user: null, original: { stage } });
  const refusedCount = async () => (await correlator.service?.metrics.registry.getSingleMetric('quell_killchain_alerts_refused_total')?.get())?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;

  it('escalates a chain from five minutes ago on one host sent after a current alert on another; refuses and counts one late behind its own host', async () => {
    correlator = new InProcessCorrelator(STAGE_RULES);
    await correlator.start();
    await correlator.send([onHost('ws-now', 'access', 600)]);
    await correlator.settle();
    await correlator.send([onHost('ws-late', 'access', 300), onHost('ws-late', 'run', 310), onHost('ws-late', 'stay', 320)]);
    const [alert] = await correlator.until(() => (killChainAlerts().length > 0 ? killChainAlerts() : undefined), 'the kill-chain alert of the late host');
    expect(alert.entities).toEqual([{ type: 'host', value: 'ws-late' }]);
    expect(await refusedCount()).toBe(0);
    // Ten minutes behind ws-now's newest alert (lateness 60 s): refused for ws-now, and counted.
    await correlator.send([onHost('ws-now', 'run', 0)]);
    await correlator.until(() => correlator.alerts().filter((a) => a.rule.title === 'Stage run').length === 2, 'the late detection');
    await correlator.settle();
    expect(await refusedCount()).toBe(1);
    expect(killChainAlerts()).toHaveLength(1);
  });

  it('does not escalate on one alert tagged with three tactics (Scheduled Task Creation Via Schtasks.EXE)', async () => {
    const schtasks = stageRule(4, 'schtasks', 'execution').replace('tags: [attack.execution]', 'tags: [attack.execution, attack.persistence, attack.privilege-escalation]');
    correlator = new InProcessCorrelator({ ...STAGE_RULES, 'schtasks.yml': schtasks });
    await correlator.start();
    await correlator.send([stageEvent('schtasks', 0)]);
    await correlator.settle();
    expect(correlator.alerts().filter((a) => a.kind === 'detection')).toHaveLength(1);
    expect(killChainAlerts()).toEqual([]);
    // Two more alerts of their own tactics make three distinct steps.
    await correlator.send([stageEvent('access', 10), stageEvent('run', 20)]);
    const [alert] = await correlator.until(() => (killChainAlerts().length > 0 ? killChainAlerts() : undefined), 'the kill-chain alert');
    expect(alert.rule.tags).toEqual(alert.tactics.map((tactic) => `attack.${tactic}`));
  });

  it('rejects an invalid KILLCHAIN_MIN_TACTICS naming the key', async () => {
    correlator = new InProcessCorrelator(STAGE_RULES);
    await expect(correlator.start(undefined, { KILLCHAIN_MIN_TACTICS: '0' })).rejects.toThrow(/KILLCHAIN_MIN_TACTICS/);
  });
});

describe('kill-chain refusals', () => {
  it('are logged once each, naming the entity, the alert and how far behind it was, and counted by entity type', async () => {
    const warnings: Array<[Record<string, unknown>, string]> = [];
    const logger = { warn: (fields: Record<string, unknown>, message: string) => warnings.push([fields, message]) } as unknown as Logger;
    const registry = new Registry();
    const observer = killChainObserver(new CorrelatorMetrics({ registry } as unknown as PipelineMetrics), logger);
    observer.refused({ tenant: 'acme', entity: { type: 'user', value: 'alice' }, alertId: 'al-1', ruleId: 'r-1', time: 1_000, entityLatest: 601_000, allowedLatenessMs: 60_000 });
    expect(warnings).toEqual([
      [
        { tenant: 'acme', entity: 'user:alice', alertId: 'al-1', ruleId: 'r-1', behindMs: 600_000, allowedLatenessMs: 60_000 },
        'kill-chain alert refused for an entity: later than the allowed lateness behind its newest alert',
      ],
    ]);
    expect(await registry.getSingleMetricAsString('quell_killchain_alerts_refused_total')).toContain('quell_killchain_alerts_refused_total{entity_type="user"} 1');
  });
});
