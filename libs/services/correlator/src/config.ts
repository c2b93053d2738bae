import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
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
});
export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
