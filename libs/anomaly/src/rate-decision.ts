import type { RateThreshold } from './anomaly-rule';

/** An entity's counts in its baseline windows (windows without history are left out, not zeros). */
export interface BaselineStats {
  samples: number[];
  mean: number;
  /** Sample standard deviation (n − 1); 0 with fewer than two samples. */
  std: number;
}

export function baselineStats(samples: number[]): BaselineStats {
  const n = samples.length;
  const mean = n === 0 ? 0 : samples.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? 0 : Math.sqrt(samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  return { samples, mean, std };
}

export type RateVerdict = 'anomalous' | 'too-few-events' | 'too-little-history' | 'within-baseline';

export interface RateDecision {
  verdict: RateVerdict;
  observed: number;
  mean: number;
  std: number;
  /** The deviation the score divides by: std, raised to the configured floors. */
  effectiveStd: number;
  /** Which floor raised it: none, the fixed minimum, or √mean. */
  floor: 'none' | 'min-std-dev' | 'poisson';
  /** (observed − mean) / effectiveStd. */
  score: number;
  /** The smallest count that would have alerted: mean + stdDevs × effectiveStd (and at least minObserved). */
  limit: number;
  sampleCount: number;
}

/**
 * Rate anomaly decision over one entity's observed count and baseline. A steady baseline has
 * std 0, which would make any increase infinitely many deviations away; the floors (a fixed
 * minimum and, by default, √mean as for Poisson counts) keep the threshold finite and meaningful.
 * Only increases alert: a drop in rate is not a finding here.
 */
export function decideRate(threshold: RateThreshold, observed: number, baseline: BaselineStats): RateDecision {
  const poisson = threshold.poissonFloor ? Math.sqrt(baseline.mean) : 0;
  const effectiveStd = Math.max(baseline.std, threshold.minStdDev, poisson);
  const floor = effectiveStd === baseline.std ? 'none' : effectiveStd === poisson ? 'poisson' : 'min-std-dev';
  const score = (observed - baseline.mean) / effectiveStd;
  const limit = Math.max(baseline.mean + threshold.stdDevs * effectiveStd, threshold.minObserved);
  const sampleCount = baseline.samples.length;
  const verdict: RateVerdict =
    observed < threshold.minObserved
      ? 'too-few-events'
      : sampleCount < threshold.minSamples
        ? 'too-little-history'
        : score >= threshold.stdDevs
          ? 'anomalous'
          : 'within-baseline';
  return { verdict, observed, mean: baseline.mean, std: baseline.std, effectiveStd, floor, score, limit, sampleCount };
}
