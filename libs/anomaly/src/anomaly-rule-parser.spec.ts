import { AnomalyRuleError } from './anomaly-rule-error';
import { parseAnomalyRules } from './anomaly-rule-parser';

const failedLogins = { name: 'failed-logins-per-user', entity: 'user', filter: { className: 'authentication', outcome: ['failure'] } };

function errorOf(document: unknown): AnomalyRuleError {
  try {
    parseAnomalyRules(document, 'anomaly.yaml');
  } catch (error) {
    if (error instanceof AnomalyRuleError) return error;
    throw error;
  }
  throw new Error('expected an AnomalyRuleError');
}

describe('parseAnomalyRules', () => {
  it('fills the documented defaults', () => {
    const { rate, firstSeen } = parseAnomalyRules({ rate: [failedLogins], firstSeen: [{ name: 'user-on-host', entity: 'host', value: 'user' }] });
    expect(rate[0]).toMatchObject({
      id: 'anomaly:failed-logins-per-user',
      level: 'medium',
      intervalMs: 3_600_000,
      baseline: { kind: 'same-hour-of-week', weeks: 4 },
      threshold: { stdDevs: 3, minObserved: 10, minSamples: 3, minStdDev: 1, poissonFloor: true },
      filter: { className: ['authentication'], action: [], outcome: ['failure'] },
      tenants: [],
    });
    expect(firstSeen[0]).toMatchObject({ id: 'anomaly:user-on-host', lookbackMs: 30 * 86_400_000, value: 'user', entity: 'host' });
  });

  it('reads a time zone for the same-hour-of-week baseline', () => {
    const { rate } = parseAnomalyRules({ rate: [{ ...failedLogins, baseline: { kind: 'same-hour-of-week', weeks: 4, timeZone: 'Europe/Berlin' } }] });
    expect(rate[0].baseline).toEqual({ kind: 'same-hour-of-week', weeks: 4, timeZone: 'Europe/Berlin' });
  });

  it('reads a rolling baseline and a country taken from an original field', () => {
    const set = parseAnomalyRules({
      rate: [{ ...failedLogins, interval: '15m', baseline: { kind: 'rolling', intervals: 8 }, threshold: { stdDevs: 4, minSamples: 2 } }],
      firstSeen: [{ name: 'country-for-user', entity: 'user', value: { originalField: 'source.geo.country_iso_code' }, lookback: '14d' }],
    });
    expect(set.rate[0]).toMatchObject({ intervalMs: 900_000, baseline: { kind: 'rolling', intervals: 8 }, threshold: { stdDevs: 4, minSamples: 2, minObserved: 10 } });
    expect(set.firstSeen[0]).toMatchObject({ value: { originalField: 'source.geo.country_iso_code' }, lookbackMs: 14 * 86_400_000 });
  });

  it.each([
    [{ rate: [{ ...failedLogins, threshold: { stdDevs: -1 } }] }, 'rate[0].threshold.stdDevs'],
    [{ rate: [{ ...failedLogins, entity: 'mac_address' }] }, 'rate[0].entity'],
    [{ rate: [{ ...failedLogins, interval: 'hourly' }] }, 'rate[0].interval'],
    [{ rate: [{ ...failedLogins, treshold: { stdDevs: 2 } }] }, 'rate[0].treshold'],
    [{ rate: [{ ...failedLogins, filter: { class: 'authentication' } }] }, 'rate[0].filter.class'],
    [{ rate: [{ ...failedLogins, baseline: { kind: 'same-hour-of-week', weeks: 13 } }] }, 'rate[0].baseline.weeks'],
    [{ rate: [{ ...failedLogins, baseline: { kind: 'same-hour-of-week', timeZone: 'Mars/Olympus' } }] }, 'rate[0].baseline.timeZone'],
    [{ rate: [{ ...failedLogins, interval: '1d', baseline: { kind: 'rolling', intervals: 100 } }] }, 'rate[0].baseline'],
    [{ rate: [{ ...failedLogins, threshold: { minSamples: 5 } }] }, 'rate[0].threshold.minSamples'],
    [{ rate: [failedLogins, failedLogins] }, 'rate[1].name'],
    [{ firstSeen: [{ name: 'x', entity: 'host', value: 'host' }] }, 'firstSeen[0].value'],
    [{ firstSeen: [{ name: 'x', entity: 'host', value: 'user', lookback: '91d' }] }, 'firstSeen[0].lookback'],
    [{ firstSeen: [{ name: 'Bad Name', entity: 'host', value: 'user' }] }, 'firstSeen[0].name'],
    [{ rates: [] }, 'rates'],
    [{ rate: [{ ...failedLogins, tactics: ['credential-acess'] }] }, 'rate[0].tactics[0]'],
    [{ firstSeen: [{ name: 'x', entity: 'host', value: 'user', techniques: ['T1110', 'brute force'] }] }, 'firstSeen[0].techniques[1]'],
  ])('names the bad key %#', (document, key) => {
    const error = errorOf(document);
    expect(error.key).toBe(key);
    expect(error.message.startsWith(`anomaly.yaml: ${key}: `)).toBe(true);
    expect(error.retriable).toBe(false);
  });

  it('writes ATT&CK names in Sigma\'s style whatever style the file uses', () => {
    const { rate } = parseAnomalyRules({ rate: [{ ...failedLogins, tactics: ['Credential_Access', 'attack.lateral-movement'], techniques: ['t1110.001', 'attack.T1078'] }] });
    expect(rate[0]).toMatchObject({ tactics: ['credential-access', 'lateral-movement'], techniques: ['T1110.001', 'T1078'] });
  });

  it('accepts an empty document', () => {
    expect(parseAnomalyRules(undefined)).toEqual({ rate: [], firstSeen: [] });
  });
});
