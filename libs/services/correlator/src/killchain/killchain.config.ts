import { z } from 'zod';
import { intInRange } from '@quell/platform-config';

/** The kill-chain keys of the correlator's configuration, to spread into its schema. */
export const killChainConfigShape = {
  KILLCHAIN_MIN_TACTICS: intInRange(1, 14).default(3).describe('Distinct ATT&CK tactics of one host or user within KILLCHAIN_WINDOW_MS that raise a kill-chain alert.'),
  KILLCHAIN_WINDOW_MS: intInRange(1_000, 30 * 24 * 3_600_000)
    .default(24 * 3_600_000)
    .describe('Sliding window of kill-chain progression, in ms (event time, both edges included).'),
  KILLCHAIN_DISTINCT_BY: z
    .enum(['alert', 'rule'])
    .default('alert')
    .describe('What must differ between the steps of a kill chain: alert (one alert tagged with several tactics, or several alerts raised on one event, are one step) or rule (one rule firing again and again is one step).'),
};

export type KillChainConfig = z.infer<z.ZodObject<typeof killChainConfigShape>>;
