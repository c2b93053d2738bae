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
  // The rebuild runs inside the partition's first batch and holds its matches back (~30k events/s on
  // chdb: the default is a few seconds). The group session survives it: kafkajs keeps heartbeating
  // from its fetch loop while a batch is handled (kafka-event-bus int-spec, 9 s against a 6 s session).
  CORRELATION_HISTORY_REBUILD_MAX_EVENTS: intInRange(1, 100_000_000)
    .default(100_000)
    .describe('Most events read from the ClickHouse history to rebuild the windows of one partition (the newest of the horizon).'),
});
export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
