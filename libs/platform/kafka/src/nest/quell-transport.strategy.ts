import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { TopicRole } from '@quell/contracts';
import type { BusObserver, ConsumerHandle, ConsumerSpec, DeadLetterOrigin, EventBus, TopicSubscription } from '../bus/event-bus.port';
import type { InboundRecord, OutboundRecord } from '../bus/message';
import type { DeliveryPolicy } from '../delivery/delivery-policy';
import { parsePattern, type RecordSelection } from './consume-batch.decorator';

export interface QuellTransportOptions {
  bus: EventBus;
  /** The service's default consumer group id (no suffix is appended, unlike Nest's Kafka transport). */
  groupId: string;
  /** Group ids named by handlers are prefixed with this (e.g. `quell.`). */
  groupPrefix: string;
  topicFor(role: TopicRole): string;
  decoderFor(role: TopicRole): (bytes: Buffer) => unknown;
  /** Reads one top-level field of an encoded value (for ConsumeBatch `only`); undefined for a role of plain bytes. */
  fieldReaderFor?(role: TopicRole): ((bytes: Buffer, field: string) => unknown) | undefined;
  /** What a dead letter of this role carries when its handler rejected a record (default: the bytes as read). */
  deadLetterValueFor?(role: TopicRole): ((value: unknown) => Buffer) | undefined;
  /** Where such an unwrapped dead letter's bytes were first read, when that was another topic. */
  deadLetterOriginFor?(role: TopicRole): ((value: unknown) => DeadLetterOrigin | undefined) | undefined;
  /** Headers an unwrapped dead letter carries from its payload's envelope (see TopicSubscription.deadLetterHeaders). */
  deadLetterHeadersFor?(role: TopicRole): ((value: unknown) => Record<string, string>) | undefined;
  deadLetterTopic: string;
  policy: DeliveryPolicy;
  beforeCommit?: ConsumerSpec['beforeCommit'];
  observer?: BusObserver;
}

/**
 * A Nest microservice transport over the EventBus port: one consumer per group, batches handed to
 * `@ConsumeBatch` handlers, delivery policy and dead letters from the bus. Works the same over
 * Kafka and in-process.
 */
export class QuellTransport extends Server implements CustomTransportStrategy {
  private consumers: ConsumerHandle[] = [];

  constructor(private readonly options: QuellTransportOptions) {
    super();
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const groups = new Map<string, TopicSubscription<unknown>[]>();
      for (const pattern of this.messageHandlers.keys()) {
        const { role, group, skipUndecodable } = parsePattern(pattern);
        const groupId = group ? `${this.options.groupPrefix}${group}` : this.options.groupId;
        const list = groups.get(groupId) ?? [];
        const only = this.messageHandlers.get(pattern)?.extras?.['only'] as RecordSelection | undefined;
        list.push({ ...this.subscriptionFor(pattern, role), skipUndecodable, wants: only && this.wantsOnly(role, only) });
        groups.set(groupId, list);
      }
      for (const [groupId, subscriptions] of groups) {
        this.consumers.push(
          await this.options.bus.consume({
            groupId,
            subscriptions,
            deadLetterTopic: this.options.deadLetterTopic,
            policy: this.options.policy,
            beforeCommit: this.options.beforeCommit,
            observer: this.options.observer,
          }),
        );
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** The consumers this transport started, one per group (for readiness and liveness checks). */
  handles(): readonly ConsumerHandle[] {
    return this.consumers;
  }

  /** Resolves once every consumer has joined its group. */
  async ready(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.ready));
  }

  private subscriptionFor(pattern: string, role: TopicRole): TopicSubscription<unknown> {
    // Looked up once: Nest's lookup by pattern parses the pattern as JSON on every call (1.2% of
    // the all-in-one's main thread, a batch per partition and group).
    const handler = this.messageHandlers.get(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    return {
      topic: this.options.topicFor(role),
      decode: this.options.decoderFor(role),
      deadLetterValue: this.options.deadLetterValueFor?.(role),
      deadLetterOrigin: this.options.deadLetterOriginFor?.(role),
      deadLetterHeaders: this.options.deadLetterHeadersFor?.(role),
      handle: async (records: InboundRecord<unknown>[]) => {
        const result = this.transformToObservable(await handler(records));
        const outputs = await lastValueFrom(result, { defaultValue: [] });
        return (outputs ?? []) as OutboundRecord[];
      },
    };
  }

  private wantsOnly(role: TopicRole, only: RecordSelection): NonNullable<TopicSubscription<unknown>['wants']> {
    const read = this.options.fieldReaderFor?.(role);
    if (!read) throw new Error(`ConsumeBatch '${role}' selects by ${only.field}, but its records are not contract records`);
    const values = new Set<unknown>(only.values);
    return {
      bytes: (value) => values.has(read(value, only.field)),
      object: (value) => values.has((value as Record<string, unknown>)[only.field]),
    };
  }

  async close(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((c) => c.stop()));
  }

  on(): void {
    throw new Error('QuellTransport has no transport events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }
}
