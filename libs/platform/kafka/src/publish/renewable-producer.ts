import type { Producer } from 'kafkajs';

/** What the renewal needs of a producer: kafkajs's as it is; another client's through an adapter. */
export interface ConnectableProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

interface Slot<P> {
  producer: P;
  connected?: Promise<void>;
}

/**
 * The bus's idempotent producer, replaced after a send whose outcome is unknown. kafkajs rolls a
 * failed send's sequence numbers back, so the next send reuses them; if the failed batch was in
 * fact written (its acknowledgement lost as the broker went down), the broker then takes the new
 * batch for a duplicate of the old one and drops it while answering success, or refuses every
 * later batch as out of order. A fresh producer gets a new producer id and sequences from zero:
 * at worst the failed batch is stored twice (same records, same ids), never a batch lost.
 */
export class RenewableProducer<P extends ConnectableProducer = Producer> {
  private current: Slot<P>;
  private readonly retiring = new Set<P>();

  constructor(
    private readonly create: () => P,
    /** Sends already under way on a replaced producer get this long before it is disconnected. */
    private readonly graceMs: number,
  ) {
    this.current = { producer: create() };
  }

  /** The producer to send with, connected (a failed connect is retried by the next call). */
  async acquire(): Promise<P> {
    const slot = this.current;
    slot.connected ??= slot.producer.connect().catch((error: unknown) => {
      slot.connected = undefined;
      throw error;
    });
    await slot.connected;
    return slot.producer;
  }

  /** Replaces `failed` if it is still the current producer; it is disconnected after the grace. */
  renew(failed: P): void {
    if (this.current.producer !== failed) return;
    this.current = { producer: this.create() };
    this.retiring.add(failed);
    const timer = setTimeout(() => void this.retire(failed), this.graceMs);
    timer.unref();
  }

  async close(): Promise<void> {
    const open = [...this.retiring];
    if (this.current.connected) open.push(this.current.producer);
    await Promise.all(open.map((producer) => this.retire(producer)));
  }

  private async retire(producer: P): Promise<void> {
    this.retiring.delete(producer);
    await producer.disconnect().catch(() => undefined);
  }
}
