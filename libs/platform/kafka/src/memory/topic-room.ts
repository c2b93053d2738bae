import { BusFullError } from '../bus/bus-full.error';

interface Waiter {
  count: number;
  bytes: number;
  admit(): void;
  timer?: NodeJS.Timeout;
}

/** What the room of a topic is measured against, as the bus keeps it. */
export interface RoomMeasure {
  /** Records published to the topic and not yet committed by its slowest active group. */
  backlog(topic: string): number;
  /** The same records' approximate bytes (see approximateRecordBytes). */
  backlogBytes(topic: string): number;
  /** False for a topic that must never make a publisher wait (dead letters, nobody reading it). */
  bounded(topic: string): boolean;
}

/** Room reserved on a topic for publishers let in and not yet appended. */
interface Reserved {
  records: number;
  bytes: number;
}

/**
 * The bounds on each topic's backlog, in records and in approximate bytes, and the publishers
 * waiting for room, first come first served so that a large batch is not starved by small ones.
 * Room is reserved when granted and released once the records are appended (and counted in the
 * backlog), so two publishers let in together cannot both overshoot. A batch larger than a bound
 * goes through once the topic is empty: refusing it would wait forever.
 */
export class TopicRoom {
  private readonly queues = new Map<string, Waiter[]>();
  private readonly reserved = new Map<string, Reserved>();

  constructor(
    private readonly measure: RoomMeasure,
    readonly maxRecords: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Reserves room for `count` records: undefined when granted at once (no promise, no tick on
   * the hot path), otherwise a promise that resolves when granted or rejects with BusFullError
   * after `waitMs`. Call release() once the records are appended.
   */
  acquire(topic: string, count: number, bytes: number, waitMs?: number): Promise<void> | undefined {
    const queue = this.queues.get(topic);
    if (!queue?.length && this.fits(topic, count, bytes)) {
      this.reserve(topic, count, bytes);
      return undefined;
    }
    if (waitMs !== undefined && waitMs <= 0) return Promise.reject(this.full(topic, 0));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { count, bytes, admit: resolve };
      if (waitMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const waiting = this.queues.get(topic) ?? [];
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(this.full(topic, waitMs));
          // The head may have been this waiter: the next one may fit.
          this.admit(topic);
        }, waitMs);
      }
      if (queue) queue.push(waiter);
      else this.queues.set(topic, [waiter]);
    });
  }

  release(topic: string, count: number, bytes: number): void {
    const reserved = this.reserved.get(topic);
    if (!reserved) return;
    reserved.records -= count;
    reserved.bytes -= bytes;
    if (reserved.records <= 0) this.reserved.delete(topic);
  }

  /** Lets waiting publishers in, in order, while they fit: after a commit, or a consumer leaving. */
  admit(topic: string): void {
    const queue = this.queues.get(topic);
    for (let waiter = queue?.[0]; queue && waiter && this.fits(topic, waiter.count, waiter.bytes); waiter = queue[0]) {
      queue.shift();
      clearTimeout(waiter.timer);
      this.reserve(topic, waiter.count, waiter.bytes);
      waiter.admit();
    }
    if (queue?.length === 0) this.queues.delete(topic);
  }

  admitAll(): void {
    for (const topic of [...this.queues.keys()]) this.admit(topic);
  }

  /**
   * Whether the topic's backlog has reached half a bound. A group filling its fetch (the history
   * writer) takes it then rather than once it is full, so publishers fill the other half while it
   * writes instead of waiting for its write to end.
   */
  halfFull(topic: string): boolean {
    return this.measure.backlog(topic) * 2 >= this.maxRecords || this.measure.backlogBytes(topic) * 2 >= this.maxBytes;
  }

  /** Publishers waiting for room on a topic (for tests and metrics). */
  waiting(topic: string): number {
    return this.queues.get(topic)?.length ?? 0;
  }

  private fits(topic: string, count: number, bytes: number): boolean {
    if (!this.measure.bounded(topic)) return true;
    const reserved = this.reserved.get(topic);
    const used = this.measure.backlog(topic) + (reserved?.records ?? 0);
    if (used === 0) return true;
    return used + count <= this.maxRecords && this.measure.backlogBytes(topic) + (reserved?.bytes ?? 0) + bytes <= this.maxBytes;
  }

  private reserve(topic: string, count: number, bytes: number): void {
    const reserved = this.reserved.get(topic);
    if (reserved) {
      reserved.records += count;
      reserved.bytes += bytes;
    } else this.reserved.set(topic, { records: count, bytes });
  }

  private full(topic: string, waitedMs: number): BusFullError {
    const reserved = this.reserved.get(topic);
    return new BusFullError(topic, this.measure.backlog(topic) + (reserved?.records ?? 0), this.maxRecords, waitedMs, {
      backlog: this.measure.backlogBytes(topic) + (reserved?.bytes ?? 0),
      max: this.maxBytes,
    });
  }
}
