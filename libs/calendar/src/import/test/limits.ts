import type { ChangeLimits } from '../../change-input';

/** A week: longer than any window in the fixtures. */
export const LIMITS: ChangeLimits = { maxWindowMs: 7 * 86_400_000 };
