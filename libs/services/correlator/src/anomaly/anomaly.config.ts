import { z } from 'zod';
import { boolFromString, intInRange } from '@quell/platform-config';

/**
 * The anomaly keys of the correlator's configuration, to spread into its schema:
 * `baseServiceSchema(…).extend(anomalyConfigShape)`.
 */
export const anomalyConfigShape = {
  ANOMALY_RULES_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('YAML file of anomaly rules (rate and first-seen); without it no anomaly rule runs.'),
  ANOMALY_SCHEDULER: boolFromString().default(true).describe('Run the rate-anomaly scheduler in this process (every replica may; alert ids are deterministic).'),
  ANOMALY_TICK_MS: intInRange(1_000, 3_600_000).default(30_000).describe('How often the rate scheduler looks for windows due for evaluation, in ms.'),
  ANOMALY_SETTLE_MS: intInRange(0, 3_600_000)
    .default(120_000)
    .describe('Delay after a window closes before it is evaluated (allowed lateness plus history-writer delay), in ms.'),
  ANOMALY_MAX_CATCHUP_WINDOWS: intInRange(0, 10_000)
    .default(24)
    .describe('Rate windows missed during downtime still evaluated per rule, before the latest (older ones are skipped and counted); 0: the latest only.'),
  ANOMALY_KNOWN_PAIRS: intInRange(1, 10_000_000).default(100_000).describe('First-seen pairs kept in memory as known to exist.'),
};

export const anomalyConfigSchema = z.object(anomalyConfigShape);
export type AnomalyConfig = z.infer<typeof anomalyConfigSchema>;
