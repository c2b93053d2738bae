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
    // 0 by measurement: on 2 cores the all-in-one's second core already runs ClickHouse, and a
    // worker moved 0.04 CPU s per 1,000 events off the main thread for 0.05-0.07 more in all
    // (structured clone of each Event back; tools/bench/normalize-workers.ts, bench --profile).
    .describe(
      'Worker threads that parse and normalize raw records beside the main thread (0: on the main thread). Pays only with cores to spare: each Event handed back costs the main thread ~11 µs of the ~40 µs normalizing it would.',
    ),
  HISTORY_BATCH_MAX_RECORDS: intInRange(1, 100_000)
    .default(5_000)
    .describe('Most events the history writer inserts into ClickHouse in one batch.'),
  // 5 s instead of 1 s: 20% less CPU for the writer alone at 2,500 events/s, but within the run-to-run
  // spread of `npm run bench` (tools/bench/history-writer-stage.ts; README "Benchmarks"). Kept at 1 s.
  HISTORY_BATCH_MAX_WAIT_MS: intInRange(0, 60_000)
    .default(1_000)
    .describe('Longest the history writer waits for a batch to fill before inserting what it has.'),
  // The broker answers a fetch once HISTORY_BATCH_MIN_BYTES are ready over all partitions (or the
  // wait ran out), each partition adding up to HISTORY_BATCH_MAX_BYTES_PER_PARTITION (clients cap a
  // partition at 1 MiB per fetch unless told otherwise: ~900 events); the partitions of a fetch,
  // handled side by side, share one insert. 16 MiB over the events topic's partitions
  // (KAFKA_TOPIC_DEFAULT_PARTITIONS, 6) is more than HISTORY_BATCH_MAX_RECORDS of the ~1,160–2,000
  // bytes of Avro an event takes, so once the flow allows an insert holds 4,096 to 5,000 events (the
  // @platformatic/kafka bus drains at most 4,096 records at once): 0.062 CPU s per 1,000 events at
  // 5,000 beside 0.11–0.14 at ~900 and 0.37 at ~75 (with merges, chdb; tools/bench/history-insert.ts).
  // Below that rate the wait bounds the batch: one wait of events.
  HISTORY_BATCH_MIN_BYTES: intInRange(1, 64 * 2 ** 20)
    .default(16 * 2 ** 20)
    .describe(
      'Bytes of events (over all partitions) the history writer waits for, up to HISTORY_BATCH_MAX_WAIT_MS, before inserting; the partitions of a fetch handled together share an insert of at most HISTORY_BATCH_MAX_RECORDS, so keep it near partitions × HISTORY_BATCH_MAX_BYTES_PER_PARTITION × 2/3.',
    ),
  HISTORY_BATCH_MAX_BYTES_PER_PARTITION: intInRange(64 * 2 ** 10, 64 * 2 ** 20)
    .default(8 * 2 ** 20)
    .describe(
      'Most bytes of one partition the history writer fetches at once (kafkajs allows 1 MiB unless told), so an insert can hold HISTORY_BATCH_MAX_RECORDS events; a fetch holds at most HISTORY_BATCH_MIN_BYTES plus this.',
    ),
  NORMALIZER_ASSET_INVENTORY: z
    .string()
    .min(1)
    .optional()
    .describe('Asset inventory file (YAML, JSON or CSV) giving service, owner, criticality and environment by host or CIDR; reloaded on change. One that does not parse at start is logged and the normalizer runs without it until it is fixed; an unreadable path stops the start.'),
});
export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;
