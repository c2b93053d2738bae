import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, MessagesStreamModes, type BaseOptions, type MessagesStream } from '@platformatic/kafka';
import type { TopicTail, TopicTailSpec } from '../tail/topic-tail.port';
import { DEFAULT_RESTART_BACKOFF, restartDelayMs } from '../supervision/restart-backoff';
import { toRawRecord } from './platformatic-event-bus';
import type { PlatformaticMessage } from './platformatic-member';

type TailStream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

/**
 * A TopicTail over @platformatic/kafka (KAFKA_CLIENT=platformatic): a group of its own, from the
 * topic's end, committing nothing. It keeps the next offset of every partition, so when the stream
 * fails (a broker outage past the client's retries) it reads again from there, after a backoff
 * (where kafkajs, with nothing committed, starts again from the end).
 */
export class PlatformaticTopicTail implements TopicTail {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  /** The next offset to read, by `topic:partition`, once the start is fixed. */
  private readonly next = new Map<string, bigint>();
  private stream?: TailStream;
  private stopped = false;
  private restarting?: Promise<void>;
  private startFixed!: () => void;
  readonly reading = new Promise<void>((resolve) => (this.startFixed = resolve));

  constructor(
    base: BaseOptions,
    private readonly spec: TopicTailSpec,
  ) {
    this.consumer = new Consumer({ ...base, groupId: spec.groupId, autocommit: false, sessionTimeout: 10_000, heartbeatInterval: 1_000, timeout: 30_000, maxWaitTime: 5_000 });
    // The client rejoins by itself after a rebalance; an 'error' is a rejoin that failed.
    this.consumer.on('error', (error: Error) => this.failed(error));
  }

  async start(): Promise<void> {
    await this.open();
  }

  private async open(): Promise<void> {
    const resume = [...this.next].map(([key, offset]) => ({ topic: this.spec.topic, partition: Number(key.slice(key.lastIndexOf(':') + 1)), offset }));
    const stream =
      resume.length > 0
        ? await this.consumer.consume({ topics: [this.spec.topic], mode: MessagesStreamModes.MANUAL, offsets: resume, autocommit: false })
        : await this.consumer.consume({ topics: [this.spec.topic], mode: MessagesStreamModes.LATEST, autocommit: false });
    this.stream = stream;
    stream.on('error', (error: Error) => this.failed(error));
    stream.on('readable', () => this.drain(stream));
    // The stream lists the partitions' ends before its first fetch and says so with 'offsets'.
    if (resume.length === 0) {
      stream.once('offsets', () => {
        for (const [key, offset] of stream.offsetsToFetch) if (!this.next.has(key)) this.next.set(key, offset);
        this.startFixed();
      });
    }
  }

  private drain(stream: TailStream): void {
    const records = [];
    let message: PlatformaticMessage | null;
    while ((message = stream.read() as PlatformaticMessage | null) !== null) {
      records.push(toRawRecord(message));
      this.next.set(`${message.topic}:${message.partition}`, message.offset + 1n);
    }
    if (records.length > 0) this.spec.handle(records);
  }

  private failed(error: Error): void {
    if (this.stopped || this.restarting) return;
    this.spec.logger.error({ topic: this.spec.topic, err: error }, 'topic tail crashed; reading again from where it was');
    this.restarting = this.restart().finally(() => (this.restarting = undefined));
  }

  private async restart(): Promise<void> {
    await this.stream?.close().catch(() => undefined);
    for (let attempt = 1; !this.stopped; attempt++) {
      await sleep(restartDelayMs(Math.min(attempt, 6), DEFAULT_RESTART_BACKOFF));
      if (this.stopped) return;
      try {
        await this.open();
        return;
      } catch (error) {
        this.spec.logger.warn({ topic: this.spec.topic, err: error, attempt }, 'topic tail could not read again yet');
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarting;
    await this.stream?.close().catch(() => undefined);
    await this.consumer
      .close()
      .catch(() => this.consumer.close(true))
      .catch(() => undefined);
  }
}
