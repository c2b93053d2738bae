import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, ListOffsetTimestamps, MessagesStreamModes, type BaseOptions, type MessagesStream } from '@platformatic/kafka';
import type { BusLogger } from '../bus/event-bus.port';
import type { RawRecord } from '../bus/message';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs } from '../supervision/restart-backoff';
import { toRawRecord } from './platformatic-event-bus';
import type { PlatformaticMessage } from './platformatic-member';

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export interface PrivateStreamOptions {
  topic: string;
  /** A group of this reader's own: it commits nothing, so the group only names it on the broker. */
  groupId: string;
  /** Where reading starts: the topic's first records, or what is published from now on. */
  from: 'beginning' | 'end';
  /** Takes the records of one read, in each partition's order. Throwing stops the reading for good (see onHandleFailure). */
  handle(records: RawRecord[]): void;
  /** Told once when `handle` threw; nothing more is read. */
  onHandleFailure?(error: Error): void;
  /** What the logs call the reader, e.g. 'topic tail'. */
  name: string;
  logger: BusLogger;
}

/**
 * One topic read by a @platformatic/kafka consumer in a group of its own, committing nothing (a
 * live view, or a table kept in a compacted topic). It keeps the next offset of every partition, so
 * when the stream fails (a broker outage past the client's retries) it reads again from there,
 * after a backoff, instead of from the start or the end.
 */
export class PlatformaticPrivateStream {
  private consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  /** The next offset to read, by partition, once the start is fixed. */
  private readonly next = new Map<number, bigint>();
  private stream?: Stream;
  private stopped = false;
  private handleFailed = false;
  private restarting?: Promise<void>;
  private startFixed!: () => void;
  /** Resolves once the start offsets are fixed: records published from then on are read. */
  readonly positioned = new Promise<void>((resolve) => (this.startFixed = resolve));

  constructor(
    private readonly base: BaseOptions,
    private readonly options: PrivateStreamOptions,
  ) {
    this.consumer = this.newConsumer();
  }

  private newConsumer(): Consumer<Buffer, Buffer, Buffer, Buffer> {
    const consumer = new Consumer({ ...this.base, groupId: this.options.groupId, autocommit: false, sessionTimeout: 10_000, heartbeatInterval: 1_000, timeout: 30_000, maxWaitTime: 5_000 });
    // The client rejoins by itself after a rebalance; an 'error' is a rejoin that failed (a replaced consumer's is old news).
    consumer.on('error', (error: Error) => consumer === this.consumer && this.failed(error));
    return consumer;
  }

  /** Joins the group and starts reading (see `positioned`). */
  async start(): Promise<void> {
    await this.open();
  }

  /** Each partition's [first, end) offsets now, by partition, as the reader's own consumer sees them. */
  async bounds(): Promise<{ first: Map<number, bigint>; end: Map<number, bigint> }> {
    const { topic } = this.options;
    const keyed = (offsets: Map<string, bigint[]>) => new Map((offsets.get(topic) ?? []).map((offset, partition) => [partition, offset]));
    const [first, end] = await Promise.all([
      this.consumer.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.EARLIEST }),
      this.consumer.listOffsets({ topics: [topic], timestamp: ListOffsetTimestamps.LATEST }),
    ]);
    return { first: keyed(first), end: keyed(end) };
  }

  private async open(): Promise<void> {
    const { topic } = this.options;
    const resume = [...this.next].map(([partition, offset]) => ({ topic, partition, offset }));
    const mode = this.options.from === 'beginning' ? MessagesStreamModes.EARLIEST : MessagesStreamModes.LATEST;
    const stream =
      resume.length > 0
        ? await this.consumer.consume({ topics: [topic], mode: MessagesStreamModes.MANUAL, offsets: resume, autocommit: false })
        : await this.consumer.consume({ topics: [topic], mode, autocommit: false });
    this.stream = stream;
    stream.on('error', (error: Error) => stream === this.stream && this.failed(error));
    stream.on('readable', () => this.drain(stream));
    // The stream lists the partitions' offsets before its first fetch and says so with 'offsets'.
    if (resume.length === 0) {
      stream.once('offsets', () => {
        // The stream keys them `topic:partition`.
        for (const [key, offset] of stream.offsetsToFetch) {
          const partition = Number(key.slice(topic.length + 1));
          if (!this.next.has(partition)) this.next.set(partition, offset);
        }
        this.startFixed();
      });
    }
  }

  private drain(stream: Stream): void {
    if (this.handleFailed) return;
    const records = [];
    let message: PlatformaticMessage | null;
    while ((message = stream.read() as PlatformaticMessage | null) !== null) {
      records.push(toRawRecord(message));
      this.next.set(message.partition, message.offset + 1n);
    }
    if (records.length === 0) return;
    try {
      this.options.handle(records);
    } catch (error) {
      // Not read again: the same record would fail again.
      this.handleFailed = true;
      void stream.close().catch(() => undefined);
      this.options.onHandleFailure?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private failed(error: Error): void {
    if (this.stopped || this.handleFailed || this.restarting) return;
    this.options.logger.error({ topic: this.options.topic, err: error }, `${this.options.name} crashed; reading again from where it was`);
    this.restarting = this.restart().finally(() => (this.restarting = undefined));
  }

  private async restart(): Promise<void> {
    await this.stream?.close().catch(() => undefined);
    for (let attempt = 1; !this.stopped; attempt++) {
      await sleep(restartDelayMs(Math.min(attempt, 6), DEFAULT_RESTART_BACKOFF));
      if (this.stopped) return;
      try {
        // A consumer of its own each time, as the bus's supervisor does: the failed one may be half-joined.
        await this.closeConsumer();
        this.consumer = this.newConsumer();
        await this.open();
        return;
      } catch (error) {
        this.options.logger.warn({ topic: this.options.topic, err: error, attempt }, `${this.options.name} could not read again yet`);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
    await this.stream?.close().catch(() => undefined);
    await this.closeConsumer();
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    await consumer
      .close()
      .catch(() => consumer.close(true))
      .catch(() => undefined);
  }
}
