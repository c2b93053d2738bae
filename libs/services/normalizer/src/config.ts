import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';

export const normalizerConfigSchema = baseServiceSchema({ serviceName: 'normalizer', httpPort: 8081 }).extend({
  HISTORY_BATCH_MAX_RECORDS: intInRange(1, 100_000)
    .default(5_000)
    .describe('Most events the history writer inserts into ClickHouse in one batch.'),
  HISTORY_BATCH_MAX_WAIT_MS: intInRange(0, 60_000)
    .default(1_000)
    .describe('Longest the history writer waits for a batch to fill before inserting what it has.'),
  // At most kafkajs's default fetch `maxBytes` (10 MiB): a fetch can never hold more.
  HISTORY_BATCH_MIN_BYTES: intInRange(1, 10 * 2 ** 20)
    .default(256 * 1024)
    .describe('Bytes of events the history writer waits for (up to HISTORY_BATCH_MAX_WAIT_MS) before inserting.'),
  NORMALIZER_ASSET_INVENTORY: z
    .string()
    .min(1)
    .optional()
    .describe('Asset inventory file (YAML, JSON or CSV) giving service, owner, criticality and environment by host or CIDR; reloaded on change. One that does not parse at start is logged and the normalizer runs without it until it is fixed; an unreadable path stops the start.'),
});
export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;
