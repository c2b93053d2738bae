import type { RateThreshold } from './anomaly-rule';
import { baselineStats, decideRate } from './rate-decision';

const threshold = (over: Partial<RateThreshold> = {}): RateThreshold => ({
  stdDevs: 3,
  minObserved: 10,
  minSamples: 3,
  minStdDev: 1,
  poissonFloor: false,
  ...over,
});

describe('baselineStats', () => {
  it('computes the mean and the sample standard deviation', () => {
    const stats = baselineStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(stats.mean).toBe(5);
    expect(stats.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('has std 0 for one sample, and mean 0 for none', () => {
    expect(baselineStats([7])).toEqual({ samples: [7], mean: 7, std: 0 });
    expect(baselineStats([])).toEqual({ samples: [], mean: 0, std: 0 });
  });
});

describe('decideRate', () => {
  it('floors a zero standard deviation at minStdDev, so a steady baseline keeps a finite threshold', () => {
    const d = decideRate(threshold(), 15, baselineStats([2, 2, 2, 2]));
    expect(d).toMatchObject({ std: 0, effectiveStd: 1, floor: 'min-std-dev', score: 13, limit: 10, verdict: 'anomalous' });
    expect(Number.isFinite(d.score)).toBe(true);
  });

  it('floors at √mean with the Poisson floor', () => {
    const d = decideRate(threshold({ poissonFloor: true }), 130, baselineStats([100, 100, 100, 100]));
    expect(d).toMatchObject({ effectiveStd: 10, floor: 'poisson', score: 3, limit: 130, verdict: 'anomalous' });
    expect(decideRate(threshold({ poissonFloor: true }), 129, baselineStats([100, 100, 100, 100])).verdict).toBe('within-baseline');
  });

  it('uses the real std when it is above the floors', () => {
    const d = decideRate(threshold(), 30, baselineStats([10, 20, 10, 20]));
    expect(d.floor).toBe('none');
    expect(d.effectiveStd).toBeCloseTo(Math.sqrt(100 / 3), 12);
  });

  it('alerts at exactly the threshold and not just below it', () => {
    // mean 10, std 0 floored to 2: the limit is 10 + 3 × 2 = 16.
    const t = threshold({ minStdDev: 2 });
    expect(decideRate(t, 16, baselineStats([10, 10, 10, 10])).verdict).toBe('anomalous');
    expect(decideRate(t, 15, baselineStats([10, 10, 10, 10])).verdict).toBe('within-baseline');
    expect(decideRate(t, 16, baselineStats([10, 10, 10, 10])).limit).toBe(16);
  });

  it('never alerts below minObserved, however far above the baseline', () => {
    const d = decideRate(threshold({ minObserved: 10 }), 9, baselineStats([0, 0, 0, 0]));
    expect(d).toMatchObject({ score: 9, verdict: 'too-few-events', limit: 10 });
  });

  it('never alerts with fewer baseline samples than minSamples', () => {
    expect(decideRate(threshold({ minSamples: 3 }), 50, baselineStats([1, 1])).verdict).toBe('too-little-history');
    expect(decideRate(threshold({ minSamples: 3 }), 50, baselineStats([1, 1, 1])).verdict).toBe('anomalous');
  });

  it('does not alert on a drop', () => {
    expect(decideRate(threshold(), 10, baselineStats([100, 100, 100])).verdict).toBe('within-baseline');
  });
});
