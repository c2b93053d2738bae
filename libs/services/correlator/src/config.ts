import { z } from 'zod';
import { baseServiceSchema, boolFromString, intInRange } from '@quell/platform-config';
import { anomalyConfigShape } from './anomaly';
import { intelConfigShape } from './intel';
import { killChainConfigShape } from './killchain/killchain.config';
import { RULES_CONFIG_SHAPE } from './rules-api';

export const correlatorConfigSchema = baseServiceSchema({ serviceName: 'correlator', httpPort: 8082 }).extend({
  ...RULES_CONFIG_SHAPE,
  ...intelConfigShape,
  ...killChainConfigShape,
  ...anomalyConfigShape,
  CORRELATION_ALLOWED_LATENESS_MS: intInRange(0, 24 * 3600 * 1000)
    .default(60_000)
    .describe('How far behind the newest event time of a correlation a match may arrive and still count (ms).'),
  CORRELATION_HISTORY_REBUILD: boolFromString()
    .default(true)
    .describe("Rebuild a matches partition's windows from the ClickHouse event history when the state store has nothing for it."),
  // The rebuild runs inside a batch, without consumer heartbeats: keep it well under the Kafka session timeout (10 s).
  CORRELATION_HISTORY_REBUILD_MAX_EVENTS: intInRange(1, 100_000_000)
    .default(100_000)
    .describe('Most events read from the ClickHouse history to rebuild the windows of one partition (the newest of the horizon).'),
});
export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
