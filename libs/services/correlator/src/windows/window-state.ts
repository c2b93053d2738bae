import type { EngineHeader, GroupSnapshot } from '@quell/correlation';
import type { OutboundRecord } from '@quell/platform-kafka';
import type { StateStore } from '@quell/platform-service-kit';
import type { WindowsChanges, WindowsSnapshot } from './partition-windows';

/** An output kept until its input is surely committed, tagged with the offset of the match that caused it. */
export interface KeptOutput {
  offset: string;
  record: OutboundRecord;
}

/**
 * What stage 2 persists per matches partition, in one atomic write, before the batch's offsets
 * commit: the windows, the next offset they have seen, and the outputs of the latest offsets. A
 * replay from the last commit (after a crash, a restart or a rebalance) skips the offsets the
 * windows already hold, so a match never counts twice, and sends their kept outputs again, so an
 * output lost between this write and the publish still goes out (with the same alert id).
 */
export interface PartitionState {
  nextOffset: string | null;
  windows: WindowsSnapshot | null;
  outbox: KeptOutput[];
}

/** One batch's write: the windows' changes since the last write, or all of them with `replace`. */
export interface PartitionWrite {
  nextOffset: string | null;
  outbox: KeptOutput[];
  windows: WindowsChanges;
  replace: boolean;
}

type StoredOutput = { offset: string; topic: string; key: string | null; value: string; headers?: Record<string, string> };

/** Version 1: the whole partition as one string (read for the upgrade only). */
interface StoredStateV1 {
  version: 1;
  nextOffset: string | null;
  windows: WindowsSnapshot | null;
  outbox: StoredOutput[];
}

/** Version 2: a hash, this header under HEADER_FIELD and one field per group (see groupField). */
interface StoredHeaderV2 {
  version: 2;
  nextOffset: string | null;
  engines: Record<string, EngineHeader>;
  processors: Record<string, unknown>;
  outbox: StoredOutput[];
}

// Group fields are JSON arrays, so they never collide with it.
const HEADER_FIELD = 'header';

/**
 * Partition state in the StateStore (Redis in production, in memory in the all-in-one process):
 * a hash per partition, so a batch writes only the groups it changed, atomically with the header.
 * WARNING: the key format is durable state; changing it forgets every open window.
 */
export class WindowStateStore {
  constructor(private readonly store: StateStore) {}

  /** The version-1 key, read when no version-2 state exists yet. */
  static keyOf(topic: string, partition: number): string {
    return `correlator:windows:${topic}:${partition}`;
  }

  static hashKeyOf(topic: string, partition: number): string {
    return `correlator:windows:v2:${topic}:${partition}`;
  }

  async load(topic: string, partition: number): Promise<PartitionState | null> {
    const hash = await this.store.getHash(WindowStateStore.hashKeyOf(topic, partition));
    const header = hash[HEADER_FIELD];
    if (header === undefined) return this.loadV1(topic, partition);
    const stored = JSON.parse(header) as StoredHeaderV2;
    if (stored.version !== 2) throw new Error(`window state of ${topic}/${partition} has unknown version ${String(stored.version)}`);
    const groups = new Map<string, GroupSnapshot[]>(Object.keys(stored.engines).map((key) => [key, []]));
    for (const [field, text] of Object.entries(hash)) {
      if (field === HEADER_FIELD) continue;
      const [engineKey] = JSON.parse(field) as [string, string, string];
      groups.get(engineKey)?.push(JSON.parse(text) as GroupSnapshot);
    }
    const engines = Object.fromEntries(Object.entries(stored.engines).map(([key, engine]) => [key, { ...engine, groups: groups.get(key) ?? [] }]));
    return { nextOffset: stored.nextOffset, windows: { engines, processors: stored.processors }, outbox: stored.outbox.map(outputOf) };
  }

  async save(topic: string, partition: number, write: PartitionWrite): Promise<void> {
    const header: StoredHeaderV2 = {
      version: 2,
      nextOffset: write.nextOffset,
      engines: write.windows.engines,
      processors: write.windows.processors,
      outbox: write.outbox.map(storedOutputOf),
    };
    const set: Record<string, string> = { [HEADER_FIELD]: JSON.stringify(header) };
    for (const [field, group] of Object.entries(write.windows.groups)) set[field] = JSON.stringify(group);
    await this.store.writeHash(WindowStateStore.hashKeyOf(topic, partition), { replace: write.replace, set, delete: write.windows.deleted });
  }

  private async loadV1(topic: string, partition: number): Promise<PartitionState | null> {
    const text = await this.store.get(WindowStateStore.keyOf(topic, partition));
    if (text === null) return null;
    const stored = JSON.parse(text) as StoredStateV1;
    if (stored.version !== 1) throw new Error(`window state of ${topic}/${partition} has unknown version ${String(stored.version)}`);
    return { nextOffset: stored.nextOffset, windows: stored.windows, outbox: stored.outbox.map(outputOf) };
  }
}

function outputOf(o: StoredOutput): KeptOutput {
  return { offset: o.offset, record: { topic: o.topic, key: o.key, value: Buffer.from(o.value, 'base64'), ...(o.headers ? { headers: o.headers } : {}) } };
}

function storedOutputOf({ offset, record }: KeptOutput): StoredOutput {
  return { offset, topic: record.topic, key: record.key, value: record.value.toString('base64'), ...(record.headers ? { headers: record.headers } : {}) };
}
