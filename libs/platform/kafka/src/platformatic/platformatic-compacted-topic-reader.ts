import { randomUUID } from 'node:crypto';
import type { BaseOptions } from '@platformatic/kafka';
import type { CompactedTopicReader, CompactedTopicReaderOptions } from '../readers/compacted-topic-reader.port';
import { PlatformaticPrivateStream } from './private-stream';

/**
 * A CompactedTopicReader over @platformatic/kafka (KAFKA_CLIENT=platformatic). After its stream
 * fails (a broker outage past the client's retries) it reads again from where it was and stays
 * healthy; a record it cannot apply stops it for good.
 */
export class PlatformaticCompactedTopicReader implements CompactedTopicReader {
  private readonly stream: PlatformaticPrivateStream;
  private failure?: Error;
  private started = false;
  /** Each non-empty partition's end when the read started, until the read reaches it. */
  private remaining?: Map<number, bigint>;
  private caughtUp!: () => void;
  private failed!: (error: Error) => void;
  private readonly done = new Promise<void>((resolve, reject) => ((this.caughtUp = resolve), (this.failed = reject)));

  constructor(
    base: BaseOptions,
    private readonly options: CompactedTopicReaderOptions,
  ) {
    this.stream = new PlatformaticPrivateStream(base, {
      topic: options.topic,
      groupId: `${options.groupPrefix}.${randomUUID()}`,
      from: 'beginning',
      name: 'compacted topic reader',
      logger: options.logger,
      handle: (records) => {
        for (const record of records) {
          this.apply(record);
          this.reached(record.partition, BigInt(record.offset) + 1n);
        }
      },
      onHandleFailure: (error) => {
        this.failure = error;
        this.failed(error);
      },
    });
    // start() awaits it; a failure after the start is told by isHealthy().
    this.done.catch(() => undefined);
  }

  async start(): Promise<void> {
    const { topic, logger } = this.options;
    const { first, end } = await this.stream.bounds();
    this.remaining = new Map([...end].filter(([partition, offset]) => offset > (first.get(partition) ?? 0n)));
    if (this.remaining.size === 0) this.caughtUp();
    await this.stream.start();
    this.started = true;
    await this.done;
    logger.info({ topic }, 'compacted topic read to its end');
  }

  private apply(record: Parameters<CompactedTopicReaderOptions['apply']>[0]): void {
    try {
      this.options.apply(record);
    } catch (error) {
      this.options.logger.error({ topic: record.topic, partition: record.partition, offset: record.offset, err: error }, 'compacted topic record could not be applied; reading stopped');
      throw error;
    }
  }

  private reached(partition: number, next: bigint): void {
    const end = this.remaining?.get(partition);
    if (end === undefined || next < end) return;
    this.remaining?.delete(partition);
    if (this.remaining?.size === 0) this.caughtUp();
  }

  isHealthy(): boolean {
    return this.started && this.failure === undefined;
  }

  stop(): Promise<void> {
    return this.stream.stop();
  }
}
