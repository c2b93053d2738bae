import type { EventDetector } from '../extensions';
import type { FirstSeenDetector } from './first-seen.detector';

/** The first-seen detector as a stage-1 EventDetector: one history query per batch at most. */
export function firstSeenEventDetector(detect: FirstSeenDetector): EventDetector {
  return { name: 'anomaly', detect: (events) => detect([...events]) };
}
