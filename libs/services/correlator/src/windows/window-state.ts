import type { EngineHeader, EngineSnapshot, GroupSnapshot } from '@quell/correlation';
import { valueBytes, type OutboundRecord } from '@quell/platform-kafka';
import type { StateStore } from '@quell/platform-state';
import { SerializedValue, type KeyedState } from '../extensions';
import { readField, type WindowsChanges, type WindowsSnapshot } from './partition-windows';

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

/** Versions 1 and 2 kept each keyed processor's state whole. */
interface StoredWindowsV1 {
  engines: Record<string, EngineSnapshot>;
  processors: Record<string, unknown>;
}

/** Version 1: the whole partition as one string (read for the upgrade only). */
interface StoredStateV1 {
  version: 1;
  nextOffset: string | null;
  windows: StoredWindowsV1 | null;
  outbox: StoredOutput[];
}

/**
 * Version 2: a hash, this header under HEADER_FIELD and one field per group (groupField). Version 3
 * adds one field per keyed-processor key (keyField) and keeps only processors' headers here.
 */
interface StoredHeader {
  version: 2 | 3;
  nextOffset: string | null;
  engines: Record<string, EngineHeader>;
  processors: Record<string, unknown>;
  outbox: StoredOutput[];
}

// Group and key fields are JSON arrays, so they never collide with it.
const HEADER_FIELD = 'header';

/**
 * Partition state in the StateStore (Redis in production, in memory in the all-in-one process):
 * a hash per partition, so a batch writes only the groups and keys it changed, atomically with the header.
 *
 * Fenced: each write is conditional on the hash's revision being the one this store last loaded or
 * wrote for the partition, so of two replicas that briefly both process a partition (one past its
 * session timeout during a rebalance) the second to write fails with StaleStateError and applies
 * nothing; it must load again. A partition never loaded here is expected absent (revision 0).
 * WARNING: the key format is durable state; changing it forgets every open window.
 */
export class WindowStateStore {
  /** Per hash key, the revision of the last load or write; writes expect it still. */
  private readonly revisions = new Map<string, number>();
  /**
   * Each kept output's stored JSON: an output stays in the outbox for up to a batch's worth of
   * offsets and the header is written every batch, so it was base64-encoded and stringified again each time.
   */
  private readonly storedJson = new WeakMap<KeptOutput, string>();

  constructor(private readonly store: StateStore) {}

  /** The version-1 key, read when no hash state exists yet. */
  static keyOf(topic: string, partition: number): string {
    return `correlator:windows:${topic}:${partition}`;
  }

  static hashKeyOf(topic: string, partition: number): string {
    return `correlator:windows:v2:${topic}:${partition}`;
  }

  async load(topic: string, partition: number): Promise<PartitionState | null> {
    const key = WindowStateStore.hashKeyOf(topic, partition);
    const { fields, revision } = await this.store.getHash(key);
    this.revisions.set(key, revision);
    const header = fields[HEADER_FIELD];
    if (header === undefined) return this.loadV1(topic, partition);
    const stored = JSON.parse(header) as StoredHeader;
    if (stored.version !== 2 && stored.version !== 3) throw new Error(`window state of ${topic}/${partition} has unknown version ${String(stored.version)}`);
    const groups = new Map<string, GroupSnapshot[]>(Object.keys(stored.engines).map((engineKey) => [engineKey, []]));
    const processors = processorsOf(stored.processors);
    for (const [field, text] of Object.entries(fields)) {
      const named = readField(field);
      if (named.kind === 'group') groups.get(named.engineKey)?.push(JSON.parse(text) as GroupSnapshot);
      else if (named.kind === 'key' && Object.hasOwn(processors, named.processor)) processors[named.processor].keys.set(named.key, JSON.parse(text));
    }
    const engines = Object.fromEntries(Object.entries(stored.engines).map(([engineKey, engine]) => [engineKey, { ...engine, groups: groups.get(engineKey) ?? [] }]));
    return { nextOffset: stored.nextOffset, windows: { engines, processors }, outbox: stored.outbox.map(outputOf) };
  }

  /** Throws StaleStateError (nothing written) when another writer changed the partition since this store's last load or write. */
  async save(topic: string, partition: number, write: PartitionWrite): Promise<void> {
    const key = WindowStateStore.hashKeyOf(topic, partition);
    const header: StoredHeader = { version: 3, nextOffset: write.nextOffset, engines: write.windows.engines, processors: write.windows.processors, outbox: [] };
    // The outbox goes last: its outputs' JSON (cached, see storedJsonOf) spliced into the empty array, byte for byte what stringifying them would give.
    const json = JSON.stringify(header);
    const set: Record<string, string> = { [HEADER_FIELD]: `${json.slice(0, -2)}${write.outbox.map((o) => this.storedJsonOf(o)).join(',')}]}` };
    for (const [field, group] of Object.entries(write.windows.groups)) set[field] = JSON.stringify(group);
    for (const [field, value] of Object.entries(write.windows.keys)) set[field] = value instanceof SerializedValue ? value.json : JSON.stringify(value);
    const ifRevision = this.revisions.get(key) ?? 0;
    this.revisions.set(key, await this.store.writeHash(key, { replace: write.replace, set, delete: write.windows.deleted, ifRevision }));
  }

  private storedJsonOf(output: KeptOutput): string {
    let json = this.storedJson.get(output);
    if (json === undefined) this.storedJson.set(output, (json = JSON.stringify(storedOutputOf(output))));
    return json;
  }

  private async loadV1(topic: string, partition: number): Promise<PartitionState | null> {
    const text = await this.store.get(WindowStateStore.keyOf(topic, partition));
    if (text === null) return null;
    const stored = JSON.parse(text) as StoredStateV1;
    if (stored.version !== 1) throw new Error(`window state of ${topic}/${partition} has unknown version ${String(stored.version)}`);
    const windows = stored.windows && { engines: stored.windows.engines, processors: processorsOf(stored.windows.processors) };
    return { nextOffset: stored.nextOffset, windows, outbox: stored.outbox.map(outputOf) };
  }
}

/** Processors' stored headers (or, before version 3, whole snapshots) with no keys yet. */
function processorsOf(headers: Record<string, unknown>): Record<string, KeyedState> {
  return Object.fromEntries(Object.entries(headers).map(([name, header]) => [name, { header, keys: new Map<string, unknown>() }]));
}

function outputOf(o: StoredOutput): KeptOutput {
  return { offset: o.offset, record: { topic: o.topic, key: o.key, value: Buffer.from(o.value, 'base64'), ...(o.headers ? { headers: o.headers } : {}) } };
}

function storedOutputOf({ offset, record }: KeptOutput): StoredOutput {
  return { offset, topic: record.topic, key: record.key, value: valueBytes(record.value).toString('base64'), ...(record.headers ? { headers: record.headers } : {}) };
}
