import type { OutboundRecord } from '@quell/platform-kafka';
import type { StateStore } from '@quell/platform-service-kit';
import type { WindowsSnapshot } from './partition-windows';

/** An output kept until its input is surely committed, tagged with the offset of the match that caused it. */
export interface KeptOutput {
  offset: string;
  record: OutboundRecord;
}

/**
 * What stage 2 persists per matches partition, in one write, before the batch's offsets commit:
 * the windows, the next offset they have seen, and the outputs of the latest offsets. A replay
 * from the last commit (after a crash, a restart or a rebalance) skips the offsets the windows
 * already hold, so a match never counts twice, and sends their kept outputs again, so an output
 * lost between this write and the publish still goes out (with the same alert id).
 */
export interface PartitionState {
  nextOffset: string | null;
  windows: WindowsSnapshot | null;
  outbox: KeptOutput[];
}

interface StoredState {
  version: 1;
  nextOffset: string | null;
  windows: WindowsSnapshot | null;
  outbox: { offset: string; topic: string; key: string | null; value: string; headers?: Record<string, string> }[];
}

/**
 * Partition state in the StateStore (Redis in production, in memory in the all-in-one process).
 * WARNING: the key format is durable state; changing it forgets every open window.
 */
export class WindowStateStore {
  constructor(private readonly store: StateStore) {}

  static keyOf(topic: string, partition: number): string {
    return `correlator:windows:${topic}:${partition}`;
  }

  async load(topic: string, partition: number): Promise<PartitionState | null> {
    const text = await this.store.get(WindowStateStore.keyOf(topic, partition));
    if (text === null) return null;
    const stored = JSON.parse(text) as StoredState;
    if (stored.version !== 1) throw new Error(`window state of ${topic}/${partition} has unknown version ${String(stored.version)}`);
    return {
      nextOffset: stored.nextOffset,
      windows: stored.windows,
      outbox: stored.outbox.map((o) => ({
        offset: o.offset,
        record: { topic: o.topic, key: o.key, value: Buffer.from(o.value, 'base64'), ...(o.headers ? { headers: o.headers } : {}) },
      })),
    };
  }

  async save(topic: string, partition: number, state: PartitionState): Promise<void> {
    const stored: StoredState = {
      version: 1,
      nextOffset: state.nextOffset,
      windows: state.windows,
      outbox: state.outbox.map(({ offset, record }) => ({
        offset,
        topic: record.topic,
        key: record.key,
        value: record.value.toString('base64'),
        ...(record.headers ? { headers: record.headers } : {}),
      })),
    };
    await this.store.set(WindowStateStore.keyOf(topic, partition), JSON.stringify(stored));
  }
}
