import type { Event } from '@quell/contracts';
import { valueAt } from './event-path';

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
  private readonly chosen = new WeakMap<Event, PipelineSource | null>();

  constructor(readonly sources: readonly PipelineSource[]) {}

  /**
   * The source the event belongs to, computed once per event. A Windows event log record (it has a
   * Channel) belongs to none: THOR's map routes it, and Windows OpenSSH's sshd is not Linux's.
   */
  sourceOf(event: Event): PipelineSource | undefined {
    let source = this.chosen.get(event);
    if (source === undefined) {
      source = event.original['Channel'] !== undefined ? null : (this.sources.find((s) => s.when.every((c) => meets(event, c))) ?? null);
      this.chosen.set(event, source);
    }
    return source ?? undefined;
  }

  /** The Sigma field's value through the event's pipeline source; undefined when it maps nothing there. */
  fieldOf(event: Event, field: string): string | undefined {
    const paths = this.sourceOf(event)?.fields[field];
    if (paths === undefined) return undefined;
    for (const path of paths) {
      const value = valueAt(event, path);
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

function meets(event: Event, condition: PipelineCondition): boolean {
  const value = valueAt(event, condition.path);
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  return condition.values.some((v) => v === '*' || v === lower);
}
