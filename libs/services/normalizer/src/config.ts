import { z } from 'zod';
import { baseServiceSchema, commaList, intInRange } from '@quell/platform-config';

/**
 * What one normalizer process does: `normalize` (raw → Event, group `<prefix>.normalizer`) and
 * `history` (Events → ClickHouse, group `<prefix>.history-writer`). The two are separate consumer
 * groups, so a deployment may run them in separate processes and scale each on its own lag.
 */
export const NORMALIZER_ROLES = ['normalize', 'history'] as const;
export type NormalizerRole = (typeof NORMALIZER_ROLES)[number];

function roleList() {
  return commaList().transform((roles, ctx) => {
    const unknown = roles.filter((role) => !(NORMALIZER_ROLES as readonly string[]).includes(role));
    if (roles.length === 0 || unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected normalize, history or both (comma-separated), got ${JSON.stringify(roles.join(','))}`,
      });
      return z.NEVER;
    }
    return [...new Set(roles)] as NormalizerRole[];
  });
}

export const normalizerConfigSchema = baseServiceSchema({ serviceName: 'normalizer', httpPort: 8081 }).extend({
  NORMALIZER_ROLES: roleList()
    .default(['normalize', 'history'])
    .describe(
      'What this process runs: normalize (raw records → Events), history (Events → ClickHouse) or both (the default). A process without history opens no ClickHouse; run a history-only deployment beside a normalize-only one to scale them apart.',
    ),
  NORMALIZER_WORKERS: intInRange(0, 16)
    .default(0)
    .describe('Worker threads that parse and normalize raw records beside the main thread (0: on the main thread).'),
  HISTORY_BATCH_MAX_RECORDS: intInRange(1, 100_000)
    .default(5_000)
    .describe('Most events the history writer inserts into ClickHouse in one batch.'),
  HISTORY_BATCH_MAX_WAIT_MS: intInRange(0, 60_000)
    .default(1_000)
    .describe('Longest the history writer waits for a batch to fill before inserting what it has.'),
  // At most kafkajs's default fetch `maxBytes` (10 MiB): a fetch can never hold more. The default is
  // the events topic's 3 partitions × kafkajs's 1 MiB per partition and fetch: a fetch is inserted
  // one partition at a time, so 256 KiB made inserts of ~75 events (~1,160 bytes of Avro each),
  // which cost 4 times the CPU per event of ~900 (0.36 vs 0.09 CPU s per 1,000 with merges, chdb;
  // tools/bench/history-insert.ts).
  HISTORY_BATCH_MIN_BYTES: intInRange(1, 10 * 2 ** 20)
    .default(3 * 2 ** 20)
    .describe(
      'Bytes of events the history writer waits for (up to HISTORY_BATCH_MAX_WAIT_MS) before inserting; a fetch is inserted one partition at a time, so keep it near partitions × 1 MiB.',
    ),
  NORMALIZER_ASSET_INVENTORY: z
    .string()
    .min(1)
    .optional()
    .describe('Asset inventory file (YAML, JSON or CSV) giving service, owner, criticality and environment by host or CIDR; reloaded on change. One that does not parse at start is logged and the normalizer runs without it until it is fixed; an unreadable path stops the start.'),
});
export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;
