import type { Event } from '@quell/contracts';
import { readerOf } from './event-path';

/** A condition on an event: the value at `path` is one of `values` (compared without case); `*` accepts any present value. */
export interface PipelineCondition {
  path: string;
  values: readonly string[];
}

/**
 * One kind of event a mapping pipeline recognizes (sshd lines, CloudTrail records...): the Sigma log
 * source it is, and where Sigma's field names live on it. In the spirit of pySigma's processing
 * pipelines, but applied to events rather than compiled into rules, so one event serves every rule.
 */
export interface PipelineSource {
  /** Unique over every pipeline loaded, e.g. `linux-sshd`. */
  id: string;
  /** The pipeline file it comes from, for messages. */
  file: string;
  /** Every condition must hold. */
  when: readonly PipelineCondition[];
  /** Lower-cased, as rules are compared; none for a format many products share (CEF), which routes by category. */
  product: string | undefined;
  services: readonly string[];
  /** Categories the source always is; a category not listed still routes through the event's class (CATEGORY_CLASSES). */
  categories: readonly string[];
  /** Sigma field → Event paths tried in order (`original.<name>` for the record's own field). */
  fields: Readonly<Record<string, readonly string[]>>;
}

/**
 * The sources of every pipeline loaded, in order: an event belongs to the first whose conditions it
 * meets (user pipelines come before the shipped ones, so a user can take over a source).
 */
export class MappingPipelines {
  /**
   * The last event routed and its source. Events are asked about one after another (about three
   * asks each in the bench's correlator, every event's asks together), so one entry answers every
   * repeat; a WeakMap by event took 4.6% of the correlator's main thread.
   */
  private lastEvent: Event | undefined;
  private lastSource: PipelineSource | undefined;
  /** Per source, its conditions on path slots: sources share paths (process.name, original.uid...), each read once per event. */
  private readonly conditions: readonly (readonly { slot: number; any: boolean; values: ReadonlySet<string> }[])[];
  private readonly readers = new Map<string, (event: Event) => string | undefined>();
  private readonly slotReaders: ((event: Event) => string | undefined)[] = [];
  /** The lower-cased value at each slot for the event being routed, valid where its stamp is the current routing's. */
  private readonly slotValues: (string | undefined)[] = [];
  private readonly slotStamps: Uint32Array;
  private routing = 0;

  constructor(readonly sources: readonly PipelineSource[]) {
    // Paths split and value lists made sets once: every non-Windows event is tested against the sources.
    const slots = new Map<string, number>();
    const slotOf = (path: string) => {
      let slot = slots.get(path);
      if (slot === undefined) {
        slots.set(path, (slot = this.slotReaders.length));
        this.slotReaders.push(this.reader(path));
      }
      return slot;
    };
    this.conditions = sources.map((source) => source.when.map(({ path, values }) => ({ slot: slotOf(path), any: values.includes('*'), values: new Set(values) })));
    this.slotStamps = new Uint32Array(this.slotReaders.length);
  }

  private reader(path: string): (event: Event) => string | undefined {
    let read = this.readers.get(path);
    if (read === undefined) this.readers.set(path, (read = readerOf(path)));
    return read;
  }

  /**
   * The source the event belongs to, computed once while the same event is asked about. A Windows
   * event log record (it has a Channel) belongs to none: THOR's map routes it, and Windows OpenSSH's
   * sshd is not Linux's.
   */
  sourceOf(event: Event): PipelineSource | undefined {
    if (event !== this.lastEvent) {
      const index = event.original['Channel'] !== undefined ? -1 : this.firstSourceOf(event);
      this.lastSource = index < 0 ? undefined : this.sources[index];
      this.lastEvent = event;
    }
    return this.lastSource;
  }

  /** Index of the first source whose conditions the event meets, or -1. */
  private firstSourceOf(event: Event): number {
    if (++this.routing === 0xffffffff) {
      this.slotStamps.fill(0);
      this.routing = 1;
    }
    return this.conditions.findIndex((conditions) =>
      conditions.every(({ slot, any, values }) => {
        const value = this.lowered(event, slot);
        return value !== undefined && (any || values.has(value));
      }),
    );
  }

  private lowered(event: Event, slot: number): string | undefined {
    if (this.slotStamps[slot] !== this.routing) {
      this.slotStamps[slot] = this.routing;
      this.slotValues[slot] = this.slotReaders[slot](event)?.toLowerCase();
    }
    return this.slotValues[slot];
  }

  /** The Sigma field's value through the event's pipeline source; undefined when it maps nothing there. */
  fieldOf(event: Event, field: string): string | undefined {
    const paths = this.sourceOf(event)?.fields[field];
    if (paths === undefined) return undefined;
    for (const path of paths) {
      const value = this.reader(path)(event);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}
