import { EventEmitter } from 'node:events';
import {
  Consumer,
  type ConsumeOptions,
  type ConsumerOptions,
  type GroupAssignment,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import type { SupervisedConsumer } from '../supervision/consumer-supervisor';

export type PlatformaticMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/** Thrown by a batch handler to leave the member dead in place (no more handling, no commit) until disconnected. */
export class MemberDead extends Error {}

function toAssignment(assignments: GroupAssignment[] | null | undefined): Record<string, number[]> {
  return Object.fromEntries((assignments ?? []).map((a) => [a.topic, [...a.partitions]]));
}

/**
 * One @platformatic/kafka group member, shaped for ConsumerSupervisor: kafkajs reports a member's
 * life as GROUP_JOIN / CRASH / STOP events, this client as stream and consumer errors, so they are
 * translated here. Records come from the client's message stream (bounded by its highWaterMark, so
 * fetching pauses while the handler is behind) and are handed on in batches of what is buffered.
 */
export class PlatformaticMember extends EventEmitter implements SupervisedConsumer {
  readonly events = { GROUP_JOIN: 'join', CRASH: 'crash', STOP: 'stop' } as const;
  readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private stream?: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  private running?: Promise<void>;
  private stopping = false;
  private dead = false;
  private wake?: () => void;

  constructor(options: ConsumerOptions<Buffer, Buffer, Buffer, Buffer>) {
    super();
    this.consumer = new Consumer(options);
    this.consumer.on('consumer:group:join', (payload) => {
      this.emit(this.events.GROUP_JOIN, { payload: { memberAssignment: toAssignment(payload.assignments) } });
    });
    // The client rejoins by itself after a rebalance; an 'error' is a rejoin that failed.
    this.consumer.on('error', (error: Error) => this.crash(error));
  }

  /** Joins the group and hands batches to `handle` until disconnect() or a crash. */
  async run(
    options: ConsumeOptions<Buffer, Buffer, Buffer, Buffer>,
    maxRecords: number,
    handle: (messages: PlatformaticMessage[]) => Promise<void>,
  ): Promise<void> {
    const stream = await this.consumer.consume(options);
    this.stream = stream;
    stream.on('error', (error: Error) => this.crash(error));
    stream.on('readable', () => this.wake?.());
    stream.on('close', () => {
      this.wake?.();
      if (!this.stopping) this.crash(new Error('the message stream closed without stop()'));
    });
    this.running = this.loop(stream, maxRecords, handle).catch((error: unknown) => {
      if (error instanceof MemberDead) return;
      this.crash(error instanceof Error ? error : new Error(String(error)));
    });
  }

  private async loop(
    stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>,
    maxRecords: number,
    handle: (messages: PlatformaticMessage[]) => Promise<void>,
  ): Promise<void> {
    while (!this.stopping && !this.dead) {
      const batch: PlatformaticMessage[] = [];
      let message: PlatformaticMessage | null;
      while (batch.length < maxRecords && (message = stream.read() as PlatformaticMessage | null) !== null) batch.push(message);
      if (batch.length === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      await handle(batch);
    }
  }

  /** False once stop() or a crash began, or while the group is rejoining: a batch waiting out an outage gives up. */
  isRunning(): boolean {
    return !this.stopping && !this.dead && this.consumer.isActive();
  }

  private crash(error: Error): void {
    if (this.stopping || this.dead) return;
    this.dead = true;
    this.wake?.();
    this.emit(this.events.CRASH, { payload: { error } });
  }

  /** Stops reading, lets the batch in hand finish (and commit), then leaves the group. */
  async disconnect(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.stream?.close().catch(() => undefined);
    // A graceful close leaves the group at once (its partitions move without a session timeout).
    await this.consumer
      .close()
      .catch(() => this.consumer.close(true))
      .catch(() => undefined);
  }
}
