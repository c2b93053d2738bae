import type { DeliveredRecord, OutboundRecord } from '../bus/message';
import type { BusLogger, BusObserver, ConsumerSpec, TopicSubscription } from '../bus/event-bus.port';
import { processBatch } from './delivery-policy';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { isDependencyUnavailable } from './dependency-unavailable';
import type { DependencyWait } from './dependency-wait';

export interface DeliveryPorts {
  publish(records: OutboundRecord[]): Promise<void>;
  logger: BusLogger;
  observer?: BusObserver;
  /** False once the consumer is stopping or lost the partition (ends the wait through an outage). */
  keepWaiting?: () => boolean;
  /** The consumer's outage tracker: a batch held by a dependency outage makes the consumer `waiting`. */
  dependencies?: DependencyWait;
  /** What outputs become before they are published (default: encoded, see processBatch). */
  prepareOutputs?: (outputs: OutboundRecord[]) => OutboundRecord[];
}

/**
 * One slice of one partition, transport-agnostic: handle it under the delivery policy, then publish
 * its outputs and dead letters together. Returns once everything is acknowledged; the caller commits.
 */
export async function deliverBatch(
  slice: DeliveredRecord[],
  subscription: TopicSubscription<unknown>,
  spec: ConsumerSpec,
  ports: DeliveryPorts,
): Promise<void> {
  const topic = slice[0].topic;
  ports.observer?.recordsIn?.(topic, slice.length);
  const started = process.hrtime.bigint();
  const wait = ports.dependencies?.batch();
  let outcome: Awaited<ReturnType<typeof processBatch>>;
  try {
    outcome = await processBatch(slice, subscription, spec.policy, {
      groupId: spec.groupId,
      deadLetterTopic: spec.deadLetterTopic,
      keepWaiting: ports.keepWaiting,
      prepareOutputs: ports.prepareOutputs,
      onRetry: (error, attempt) => {
        ports.observer?.recordsFailed?.(topic, 'retry', 1);
        if (isDependencyUnavailable(error)) wait?.failed(error);
        // Once the consumer said it waits for the dependency, each retry of the outage would only
        // repeat that line (every few seconds for as long as it lasts).
        if (wait?.declared() && isDependencyUnavailable(error)) return;
        ports.logger.warn({ topic, partition: slice[0].partition, attempt, err: error }, 'handler failed, retrying');
      },
    });
  } catch (error) {
    // Only an outage outlasting the consumer (stopping, partition lost) ends here.
    wait?.end('abandoned');
    throw error;
  }
  wait?.end('passed');
  ports.observer?.handlerSeconds?.(topic, Number(process.hrtime.bigint() - started) / 1e9);
  for (const letter of outcome.deadLetters) {
    const h = letter.headers ?? {};
    ports.logger.error(
      {
        topic,
        partition: Number(h[DEAD_LETTER_HEADERS.partition]),
        offset: h[DEAD_LETTER_HEADERS.offset],
        stage: h[DEAD_LETTER_HEADERS.stage],
        attempts: Number(h[DEAD_LETTER_HEADERS.attempts]),
        reason: h[DEAD_LETTER_HEADERS.error],
      },
      'record sent to the dead-letter topic',
    );
  }
  if (outcome.deadLetters.length > 0) ports.observer?.recordsFailed?.(topic, 'dead_letter', outcome.deadLetters.length);
  for (const { record, error } of outcome.skipped ?? []) {
    const reason = error instanceof Error ? error.message : String(error);
    ports.logger.warn({ topic, partition: record.partition, offset: record.offset, groupId: spec.groupId, reason }, 'undecodable record skipped: another group of this topic dead-letters it');
  }
  if (outcome.skipped?.length) ports.observer?.recordsFailed?.(topic, 'undecodable_skipped', outcome.skipped.length);
  // Outputs first, dead letters after: both must be acknowledged before the commit.
  await ports.publish([...outcome.outputs, ...outcome.deadLetters]);
  const perTopic = new Map<string, number>();
  for (const output of outcome.outputs) perTopic.set(output.topic, (perTopic.get(output.topic) ?? 0) + 1);
  for (const [outTopic, count] of perTopic) ports.observer?.recordsOut?.(outTopic, count);
}
