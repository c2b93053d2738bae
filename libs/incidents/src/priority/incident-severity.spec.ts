import { testAlert } from '../test/test-alert';
import { assessSeverity, severityOfScore } from './incident-severity';

const idsAndContributions = (alerts: Parameters<typeof assessSeverity>[0], phases: string[] = []) =>
  assessSeverity(alerts, phases).factors.map((f) => [f.id, f.contribution]);

describe('assessSeverity', () => {
  it('starts from the highest Sigma level among the alerts, unknown levels counting as medium', () => {
    for (const [level, points, severity] of [['informational', 1, 'informational'], ['low', 2, 'low'], ['medium', 3, 'medium'], ['high', 4, 'high'], ['critical', 5, 'critical'], ['weird', 3, 'medium']] as const) {
      expect(assessSeverity([testAlert('a', { level })])).toMatchObject({ score: points, severity });
    }
    const mixed = assessSeverity([testAlert('a', { level: 'low' }), testAlert('b', { level: 'high' }), testAlert('c', { level: 'medium' })]);
    expect(mixed.factors[0]).toMatchObject({ id: 'sigma-level', label: 'high rule Rule b', weight: { op: '+', value: 4 } });
  });

  it('adds one for a correlation escalation and one for a threat-intel hit, once each', () => {
    const alerts = [testAlert('a'), testAlert('b', { kind: 'correlation' }), testAlert('c', { kind: 'correlation' }), testAlert('d', { details: { 'intel.indicator': '203.0.113.7' } })];
    expect(idsAndContributions(alerts)).toEqual([['sigma-level', 3], ['correlation', 1], ['intel', 1]]);
    expect(assessSeverity(alerts).factors[2].label).toBe('threat intel hit 203.0.113.7');
    expect(assessSeverity(alerts)).toMatchObject({ score: 5, severity: 'critical' });
  });

  it('weighs the furthest kill-chain stage reached: early 0, middle +1, late +2, final +3', () => {
    expect(idsAndContributions([testAlert('a', { killChainPhase: 'initial-access' })])).toEqual([['sigma-level', 3]]);
    expect(idsAndContributions([testAlert('a', { killChainPhase: 'credential-access' })])).toEqual([['sigma-level', 3], ['kill-chain-stage', 1]]);
    expect(idsAndContributions([testAlert('a', { killChainPhase: 'command-and-control' })])).toEqual([['sigma-level', 3], ['kill-chain-stage', 2]]);
    expect(idsAndContributions([testAlert('a')], ['discovery', 'exfiltration'])).toEqual([['sigma-level', 3], ['kill-chain-stage', 3]]);
    // Equal points: the later tactic in the ATT&CK matrix is the one named (the explanation shows it).
    const reached = (phases: string[]) => assessSeverity([testAlert('a')], phases).factors.find((factor) => factor.id === 'kill-chain-stage')?.label;
    expect(reached(['credential-access', 'lateral-movement'])).toBe('kill-chain reached lateral-movement');
    expect(reached(['lateral-movement', 'discovery', 'credential-access'])).toBe('kill-chain reached lateral-movement');
  });

  it('adds one for a progression across three or more phases (two is not enough)', () => {
    expect(idsAndContributions([testAlert('a')], ['initial-access', 'execution'])).toEqual([['sigma-level', 3]]);
    expect(idsAndContributions([testAlert('a', { killChainPhase: 'discovery' })], ['initial-access', 'execution'])).toEqual([
      ['sigma-level', 3], ['kill-chain-stage', 1], ['kill-chain-progression', 1],
    ]);
  });

  it('adds +1 from an anomaly score of 5 standard deviations and +2 from 10, at the boundaries', () => {
    const anomaly = (score: string) => idsAndContributions([testAlert('a', { kind: 'anomaly', details: { 'anomaly.score': score } })]);
    expect(anomaly('4.99')).toEqual([['sigma-level', 3]]);
    expect(anomaly('5.00')).toEqual([['sigma-level', 3], ['anomaly', 1]]);
    expect(anomaly('9.99')).toEqual([['sigma-level', 3], ['anomaly', 1]]);
    expect(anomaly('10.00')).toEqual([['sigma-level', 3], ['anomaly', 2]]);
    expect(anomaly('not a number')).toEqual([['sigma-level', 3]]);
  });

  it('bands scores: ≤1 informational … ≥5 critical', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(severityOfScore)).toEqual(['informational', 'informational', 'low', 'medium', 'high', 'critical', 'critical']);
  });

  it('refuses an incident without alerts', () => {
    expect(() => assessSeverity([])).toThrow('at least one alert');
  });
});
